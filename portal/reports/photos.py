"""Check uploaded photos by content and make the public copy: upright, small, no metadata."""
import secrets
import warnings
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from flask import current_app
from PIL import ExifTags, Image, UnidentifiedImageError

# Pillow format name -> (MIME type, file suffix)
ALLOWED_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
# Read from the header, before a single pixel is decoded. A phone's largest photo is
# 16,320 x 12,240 (200 megapixels); a 1 x 59,000,000 PNG of 112 KB is a bomb, not a photo.
MAX_SIDE = 16_384
MAX_PIXELS = 200_000_000
# What one upload may decode to, after a JPEG is read at 1/2, 1/4 or 1/8 of its size
# (PNG and WebP cannot be). Measured, the worst accepted upload of each format peaks
# under 300 MB (tests/test_photo_bombs.py); a 12-megapixel phone photo (4032 x 3024)
# passes in every format.
MAX_DECODED_PIXELS = {"JPEG": 16_000_000, "PNG": 16_000_000, "WEBP": 12_600_000}
# Pillow's own guard (a warning above it, an error above twice it), turned into a refusal.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# EXIF orientation -> the transposition that turns the photo upright (as ImageOps does).
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


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

    Its size is checked from the header before anything is decoded, and a JPEG is decoded
    at the smallest scale that still gives the public copy, so that no upload can take
    more than about 300 MB of memory. Raises PhotoRejected with reason "too_large",
    "not_image" or "too_many_pixels".
    """
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise PhotoRejected("too_large")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as probe:  # lazy: reads the header only
                fmt = _checked_header(probe)
                probe.verify()
            with Image.open(BytesIO(data)) as image:
                _checked_header(image)
                if fmt == "JPEG":
                    image.draft(image.mode, _public_size(image.size, max_px))
                if image.width * image.height > MAX_DECODED_PIXELS[fmt]:
                    raise PhotoRejected("too_many_pixels")
                orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
                image.load()
                public, width, height = _public_copy(image, fmt, max_px, orientation)
    except PhotoRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRejected("too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise PhotoRejected("not_image") from None
    content_type, suffix = ALLOWED_FORMATS[fmt]
    return CheckedPhoto(data, public, content_type, suffix, width, height)


def _checked_header(image):
    """The format, once the header's width and height are within bounds: each side (so
    neither 1 x N nor N x 1 passes) and their product."""
    if image.format not in ALLOWED_FORMATS:
        raise PhotoRejected("not_image")
    width, height = image.size
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE) or width * height > MAX_PIXELS:
        raise PhotoRejected("too_many_pixels")
    return image.format


def _public_size(size, max_px):
    """The size of the public copy: the longest side at most max_px."""
    ratio = min(1, max_px / max(size))
    return max(1, round(size[0] * ratio)), max(1, round(size[1] * ratio))


def _public_copy(image, fmt, max_px, orientation):
    """Shrink the photo first (memory), turn it upright, and re-encode pixels only (no EXIF,
    GPS, ICC, XMP)."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if has_alpha and fmt != "JPEG" else "RGB"
    if image.mode != mode:
        image = image.convert(mode)
    image.thumbnail((max_px, max_px), Image.Resampling.LANCZOS)  # a square box: any orientation
    if orientation in _UPRIGHT:
        image = image.transpose(_UPRIGHT[orientation])
    clean = Image.frombytes(mode, image.size, image.tobytes())
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
