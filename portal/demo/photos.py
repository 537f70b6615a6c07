"""A few photos on demo reports and news items, drawn here and stored through the uploads' own pipeline, so
the photo pages, the staff's originals and a hidden photo can be seen on the demo."""
from io import BytesIO

from flask import current_app
from PIL import Image, ImageDraw
from sqlalchemy import select

from portal.extensions import db
from portal.news import images as news_images
from portal.news.models import NewsItem
from portal.reports import photos
from portal.reports.models import Report, ReportPhoto

PHOTOS = 24  # reports that get a photo: the newest published ones with a map point


def _picture(rng):
    """A plain sketch of a wall with a scrawl on it: shapes only, nothing of a real place."""
    wall = tuple(rng.randrange(120, 200) for _ in range(3))
    image = Image.new("RGB", (640, 480), wall)
    draw = ImageDraw.Draw(image)
    for row in range(0, 480, 40):  # bricks
        draw.line([(0, row), (640, row)], fill=(90, 90, 90), width=2)
    for _ in range(6):  # the scrawl
        points = [(rng.randrange(40, 600), rng.randrange(60, 420)) for _ in range(4)]
        colour = tuple(rng.randrange(0, 256) for _ in range(3))
        draw.line(points, fill=colour, width=rng.randrange(6, 16))
    out = BytesIO()
    image.save(out, "JPEG", quality=80)
    out.seek(0)
    return out


def add_photos(rng):
    """Attach one photo to each of the newest published reports; hide the last one's photo."""
    config = current_app.config
    reports = db.session.scalars(
        select(Report).where(Report.is_published, ~Report.is_hidden, Report.lat.is_not(None))
        .order_by(Report.created_at.desc()).limit(PHOTOS)
    ).all()
    for number, report in enumerate(reports):
        checked = photos.check_photo(_picture(rng), config["PHOTO_MAX_BYTES"],
                                     config["PHOTO_PUBLIC_MAX_PX"])
        original, public = photos.store(checked)
        db.session.add(ReportPhoto(
            report=report, original_file=original, public_file=public,
            content_type=checked.content_type, width=checked.width, height=checked.height,
            is_hidden=number == len(reports) - 1, created_at=report.created_at,
        ))
    db.session.flush()
    return len(reports)


def add_news_images(rng, count=4):
    """Give the newest published news items (and one draft) an image with its description."""
    config = current_app.config
    items = db.session.scalars(
        select(NewsItem).order_by(NewsItem.published_at.is_(None).desc(),
                                  NewsItem.published_at.desc()).limit(count)
    ).all()
    for item in items:
        checked = photos.check_photo(_picture(rng), config["PHOTO_MAX_BYTES"],
                                     config["PHOTO_PUBLIC_MAX_PX"])
        item.image_file = news_images.store(checked)
        item.image_alt = "Tecknad bild av en tegelvägg med klotter"
        item.image_width, item.image_height = checked.width, checked.height
    db.session.flush()
