"""Test photos made on the fly: a JPEG carrying GPS, camera and orientation EXIF."""
from io import BytesIO

from PIL import ExifTags, Image

GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (56.0, 5.0, 2.5),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (12.0, 55.0, 8.4),
}


def jpeg_with_gps(size=(400, 200), orientation=6):
    image = Image.new("RGB", size, (180, 40, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Testtelefon"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = GPS
    out = BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def image_bytes(fmt="PNG", size=(64, 48), mode="RGB"):
    out = BytesIO()
    Image.new(mode, size, (10, 120, 200) if mode == "RGB" else None).save(out, fmt)
    return out.getvalue()


def has_metadata(data):
    with Image.open(BytesIO(data)) as image:
        return bool(image.getexif()) or any(k in image.info for k in ("exif", "xmp", "icc_profile"))
