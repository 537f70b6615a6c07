"""Check uploaded photos by content and make the public copy: upright, small, no metadata."""
import secrets
import warnings
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from flask import current_app
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow format name -> (MIME type, file suffix)
ALLOWED_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
MAX_PIXELS = 60_000_000  # larger than any phone camera; guards against decompression bombs


class PhotoRejected(ValueError):
    """The upload is not a photo we accept; `reason` says why, for the message at the field."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class CheckedPhoto:
    original: bytes
    public: bytes
    content_type: str
    suffix: str
    width: int
    height: int


def check_photo(stream, max_bytes, max_px):
    """Read an upload, check it is a JPEG, PNG or WebP by its bytes, and build the public copy.

    Raises PhotoRejected with reason "too_large", "not_image" or "too_many_pixels".
    """
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise PhotoRejected("too_large")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as probe:
                fmt = probe.format
                if fmt not in ALLOWED_FORMATS:
                    raise PhotoRejected("not_image")
                if probe.width * probe.height > MAX_PIXELS:
                    raise PhotoRejected("too_many_pixels")
                probe.verify()
            with Image.open(BytesIO(data)) as image:
                image.load()
                public, width, height = _public_copy(image, fmt, max_px)
    except PhotoRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRejected("too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise PhotoRejected("not_image") from None
    content_type, suffix = ALLOWED_FORMATS[fmt]
    return CheckedPhoto(data, public, content_type, suffix, width, height)


def _public_copy(image, fmt, max_px):
    """Turn the photo upright, shrink it, and re-encode pixels only (no EXIF, GPS, ICC, XMP)."""
    upright = ImageOps.exif_transpose(image)
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    mode = "RGBA" if has_alpha and fmt != "JPEG" else "RGB"
    upright = upright.convert(mode)
    upright.thumbnail((max_px, max_px), Image.Resampling.LANCZOS)
    clean = Image.frombytes(mode, upright.size, upright.tobytes())
    out = BytesIO()
    if fmt == "JPEG":
        clean.save(out, "JPEG", quality=85, optimize=True)
    elif fmt == "PNG":
        clean.save(out, "PNG", optimize=True)
    else:
        clean.save(out, "WEBP", quality=85)
    return out.getvalue(), clean.width, clean.height


def upload_dir(kind):
    """instance/uploads/original (staff-only) or instance/uploads/public."""
    path = Path(current_app.config["UPLOAD_FOLDER"]) / kind
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(photo):
    """Write both copies under unguessable names; returns (original_file, public_file)."""
    stem = secrets.token_hex(16)
    original_name = f"{stem}.{photo.suffix}"
    public_name = f"{stem}.{photo.suffix}"
    (upload_dir("original") / original_name).write_bytes(photo.original)
    (upload_dir("public") / public_name).write_bytes(photo.public)
    return original_name, public_name
