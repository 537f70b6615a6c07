"""The private links in walkers' mail: cancel, walk report and calendar feed.

The database keeps only a random key per sign-up (and one per email address for the
calendar); a link is that key signed with SECRET_KEY for one purpose. A copy of the
database alone therefore opens nothing, a report link cannot cancel a place, and links
can be written again in later mail (reminders, promotions) without storing them.
"""
import hashlib
import secrets

from flask import current_app
from itsdangerous import BadSignature, Signer

PURPOSES = ("signup", "report", "calendar")


def new_key():
    """128 random bits, URL-safe (22 characters)."""
    return secrets.token_urlsafe(16)


def _signer(purpose):
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    return Signer(current_app.config["SECRET_KEY"], salt=f"walk-{purpose}", digest_method=hashlib.sha256)


def make(purpose, key):
    return _signer(purpose).sign(key).decode("ascii")


def read(purpose, token):
    """The key a link was made from, or None for a forged, mangled or other-purpose link."""
    if not token or len(token) > 200:
        return None
    try:
        return _signer(purpose).unsign(token).decode("ascii")
    except (BadSignature, UnicodeError):
        return None
