"""The image of a news item, through the report photos' pipeline: checked by its bytes,
turned upright, shrunk, every metadata field removed. Only that clean copy is kept.

An upload is stored as soon as it passes the check, also when the rest of the form comes
back with an error or is only previewed, and the form carries its name in a hidden field:
the editor never has to choose the file again.
"""
import re
import secrets
from pathlib import Path

from flask import current_app
from PIL import Image

from portal.reports import photos

FILE_NAME = re.compile(r"^[0-9a-f]{32}\.(?:jpg|png|webp)$")
CONTENT_TYPES = {suffix: mime for mime, suffix in photos.ALLOWED_FORMATS.values()}


def folder():
    path = Path(current_app.config["UPLOAD_FOLDER"]) / "news"
    path.mkdir(parents=True, exist_ok=True)
    return path


def check(upload):
    """A CheckedPhoto from a file upload; raises photos.PhotoRejected."""
    config = current_app.config
    return photos.check_photo(upload.stream, config["PHOTO_MAX_BYTES"], config["PHOTO_PUBLIC_MAX_PX"])


def store(checked):
    """Write the clean copy under an unguessable name and return the name."""
    name = f"{secrets.token_hex(16)}.{checked.suffix}"
    (folder() / name).write_bytes(checked.public)
    return name


def exists(name):
    return bool(name and FILE_NAME.match(name) and (folder() / name).is_file())


def size(name):
    """(width, height) of a stored image."""
    with Image.open(folder() / name) as image:
        return image.size


def content_type(name):
    return CONTENT_TYPES[name.rsplit(".", 1)[1]]
