"""Short ASCII names for URLs and keys: categories, departments, news items and tags."""
import re
import unicodedata

SLUG_MAX = 60
_NOT_DECOMPOSED = {"æ": "ae", "ø": "o", "ß": "ss", "đ": "d", "ł": "l"}


def slugify(name):
    """A short ASCII name: "Skymmande växtlighet" → "skymmande-vaxtlighet" (å ä ö → a a o)."""
    text = "".join(_NOT_DECOMPOSED.get(char, char) for char in (name or "").lower())
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:SLUG_MAX].rstrip("-")
