"""The one sanitising policy for anything staff publish. Every HTML or text that reaches a
public page goes through here, never through ad hoc escaping or another bleach call."""
import html

import bleach

ALLOWED_TAGS = frozenset(
    {"p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "b", "i", "a",
     "blockquote", "code", "pre", "hr", "img", "figure", "figcaption", "table", "thead",
     "tbody", "tr", "th", "td"}
)
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title"],
    "img": ["src", "alt", "width", "height"],
    "th": ["scope"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel"})


def clean_html(html):
    """HTML with only safe tags, attributes and link protocols; everything else removed."""
    return bleach.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )


def plain_text(text):
    """Text for a public page with every tag removed (templates escape what is left)."""
    # bleach returns HTML-escaped text; templates escape again, so unescape its entities.
    # Unescaping can make a tag of "&lt;img …&gt;": strip again until nothing changes, so
    # that what comes out never holds a tag, however many times it was escaped.
    cleaned = text or ""
    while True:
        stripped = html.unescape(bleach.clean(cleaned, tags=set(), strip=True, strip_comments=True))
        settled = len(stripped) >= len(cleaned)  # a round that changes something shortens
        cleaned = stripped
        if settled:
            break
    return cleaned.replace("\x00", "").strip()
