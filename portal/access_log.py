"""gunicorn's access log without private links: the token in /arende/<token> (a report's
follow page) and in the walkers' links is as good as a password, and a log is read by
more people, and kept longer, than the pages it records.

gunicorn.conf.py sets `logger_class` to RedactingLogger; `make run` uses that file.
"""
import re

from gunicorn.glogging import Logger

HIDDEN = "[dolt]"
# The segment after a private prefix, and any segment that looks like a random token
# (secrets.token_urlsafe: 22 or more URL-safe characters, with a digit and a capital).
_PRIVATE = re.compile(r"(/(?:arende|promenader/(?:anmalan|avboka|rapport|kalender)"
                      r"|bevakning/(?:bekrafta|avsluta|mina))/)"
                      r"[^/?#\s\"]+?(?=\.ics(?:[/?#\s\"]|$)|[/?#\s\"]|$)")
_TOKEN_LIKE = re.compile(r"(?<=/)(?=[A-Za-z0-9_-]*[0-9])(?=[A-Za-z0-9_-]*[A-Z])[A-Za-z0-9_-]{22,}")


def redact(text):
    """A path, request line or referrer with every private token replaced."""
    if not isinstance(text, str):
        return text
    return _TOKEN_LIKE.sub(HIDDEN, _PRIVATE.sub(rf"\g<1>{HIDDEN}", text))


class RedactingLogger(Logger):
    """Formats the access log as gunicorn does, from atoms whose paths are redacted."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q", "f"):  # request line, path, query, referrer
            atoms[key] = redact(atoms.get(key))
        return {key: redact(value) if key.startswith("{") else value for key, value in atoms.items()}
