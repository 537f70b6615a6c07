"""Decompression bombs (issue 13, finding 1): a photo is refused from its header before a
pixel is decoded, nothing is decoded for a form refused for another reason, and the
worst photo we accept stays under 300 MB of memory."""
import struct
import subprocess
import sys
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from portal.reports import photos
from tests.test_report_form import count_reports, post, valid_form

MEMORY_LIMIT_MB = 300
ROOT = Path(__file__).resolve().parent.parent


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width, height, color_type=0, extra=b""):
    """A valid all-black PNG of any size, compressed as it is written: 1 x 59,000,000
    is about 110 KB, and nothing of its size is ever held in memory here."""
    channels = {0: 1, 3: 1, 4: 2, 6: 4}[color_type]
    row = b"\x00" * (1 + width * channels)
    rows_per_block = max(1, 4_000_000 // len(row))
    compressor, parts, written = zlib.compressobj(6), [], 0
    while written < height:
        rows = min(rows_per_block, height - written)
        parts.append(compressor.compress(row * rows))
        written += rows
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + extra
            + _chunk(b"IDAT", b"".join(parts)) + _chunk(b"IEND", b""))


def webp(size, mode="RGBA"):
    out = BytesIO()
    Image.new(mode, size).save(out, "WEBP", quality=10, method=0)
    return out.getvalue()


def jpeg(size, mode="RGB"):
    out = BytesIO()
    Image.new(mode, size).save(out, "JPEG", quality=50)
    return out.getvalue()


@pytest.mark.parametrize("size", [(1, 59_000_000), (59_000_000, 1), (16_385, 2), (15_000, 15_000)])
def test_a_bomb_is_refused_from_its_header_with_a_swedish_message_and_the_form_kept(app, client, categories, size):
    bomb = png(*size)
    assert len(bomb) < 300_000
    response = post(client, valid_form(categories, description="Klotter på skolans vägg.",
                                       photo=[(BytesIO(bomb), "bomb.png")]))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "bomb.png har för många pixlar. Välj ett mindre foto." in html
    assert 'id="photo-error"' in html or "field--error" in html
    assert "Klotter på skolans vägg." in html and "Busshållplatsen vid Storgatan" in html  # kept
    assert count_reports(app) == 0


def test_the_header_is_checked_before_decoding(monkeypatch):
    """No pixel of a refused photo is decoded: the check costs no memory and no time."""
    decoded = []
    monkeypatch.setattr(Image.Image, "load", lambda self: decoded.append(self.size))
    for size in [(1, 59_000_000), (59_000_000, 1), (20_000, 20_000)]:
        with pytest.raises(photos.PhotoRejected) as refused:
            photos.check_photo(BytesIO(png(*size)), 10 * 2**20, 1600)
        assert refused.value.reason == "too_many_pixels"
    assert decoded == []


def test_photos_are_not_decoded_when_the_rest_of_the_form_is_refused(app, client, categories, monkeypatch):
    checked = []
    monkeypatch.setattr(photos, "check_photo", lambda *args: checked.append(args))
    response = post(client, valid_form(categories, description="",
                                       photo=[(BytesIO(png(1, 59_000_000)), "bomb.png")]))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Beskriv vad du har sett." in html and "har för många pixlar" not in html
    assert checked == []


# The worst uploads we accept, one per way of decoding: at the pixel limit of its format
# and in the mode that costs most to convert and shrink.
WORST_ACCEPTED = {
    "png-la": lambda: png(4000, 4000, color_type=4),
    "png-rgba": lambda: png(4000, 4000, color_type=6),
    "png-palette": lambda: png(4000, 4000, color_type=3,
                               extra=_chunk(b"PLTE", b"\x00" * 6) + _chunk(b"tRNS", b"\x00")),
    "webp-rgba": lambda: webp((4096, 3072)),
    "jpeg-cmyk": lambda: jpeg((3199, 3199), "CMYK"),  # the largest a JPEG decodes to
    "jpeg-108mp": lambda: jpeg((12_000, 9_000)),  # a very large photo, read at 1/8
}

MAKE = """
import sys
from tests.test_photo_bombs import WORST_ACCEPTED
open(sys.argv[2], "wb").write(WORST_ACCEPTED[sys.argv[1]]())
"""
# The peak resident memory of the process (VmHWM, which starts afresh with the process,
# unlike getrusage's ru_maxrss, which Linux carries over from the parent).
MEASURE = """
import re, sys
from io import BytesIO
from portal.reports import photos
data = open(sys.argv[1], "rb").read()
photo = photos.check_photo(BytesIO(data), 10 * 2**20, 1600)
peak_kb = int(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read())[1])
print(max(photo.width, photo.height), peak_kb // 1024)
"""


def run_python(code, *args):
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True,
                          text=True, timeout=120, check=True, cwd=ROOT).stdout


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's VmHWM")
@pytest.mark.parametrize("kind", WORST_ACCEPTED)
def test_the_worst_accepted_photo_stays_under_300_mb(tmp_path, kind):
    """Peak memory of a fresh process (Python and Pillow included) that checks the photo;
    the photo is made in another process, so that making it is not counted."""
    path = tmp_path / kind
    run_python(MAKE, kind, path)
    result = run_python(MEASURE, path)
    longest_side, peak_mb = map(int, result.split())
    assert longest_side == 1600  # accepted, and shrunk for the public copy
    assert peak_mb < MEMORY_LIMIT_MB, f"{kind}: {peak_mb} MB"


def test_a_photo_over_its_formats_decoding_limit_is_refused():
    with pytest.raises(photos.PhotoRejected) as refused:
        photos.check_photo(BytesIO(png(4001, 4000)), 10 * 2**20, 1600)
    assert refused.value.reason == "too_many_pixels"
    # A twelve-megapixel phone photo passes in every format.
    for data in (png(4032, 3024, color_type=6), webp((4032, 3024), "RGB"), jpeg((4032, 3024))):
        assert photos.check_photo(BytesIO(data), 10 * 2**20, 1600).width == 1600
