"""Text staff write in Markdown (news, events), turned into HTML that is safe to publish.

Markdown may contain raw HTML; whatever comes out always goes through the one bleach
policy in portal/sanitize.py. The two steps before it only make the result read better:
the content of script-like elements is dropped (bleach would keep it as visible text) and
headings are moved under the page's own <h1>.
"""
import re

import markdown

from portal.sanitize import clean_html

# Elements whose content is code or another document, never text for the reader.
_DROPPED_WITH_CONTENT = re.compile(
    r"<(script|style|iframe|object|embed|template|noscript|textarea|title|svg|math)\b[^>]*>"
    r".*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
# The page has the one <h1>; the text's headings start at <h2> and stop at <h4>.
_HEADING_LEVELS = {"1": "2", "2": "2", "3": "3", "4": "4", "5": "4", "6": "4"}
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)
# bleach writes attributes quoted and lower case, so this finds every image without alt.
_IMAGE_WITHOUT_ALT = re.compile(r"<img(?![^>]*\salt=)")


def render_markdown(source):
    """Markdown (with raw HTML allowed) as cleaned HTML for a public page or a feed."""
    html = markdown.markdown(source or "", extensions=["sane_lists"], output_format="html")
    html = _DROPPED_WITH_CONTENT.sub("", html)
    html = _HEADING_TAG.sub(lambda m: f"<{m[1]}h{_HEADING_LEVELS[m[2]]}", html)
    cleaned = clean_html(html)
    # An image the editor gave no description is treated as decoration, so that screen
    # readers skip it instead of reading out its file name.
    return _IMAGE_WITHOUT_ALT.sub('<img alt=""', cleaned).strip()
