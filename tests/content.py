"""News items and events made through the services, as an editor's form would make them."""
from datetime import timedelta
from io import BytesIO

import pytest

from portal.accounts.models import User
from portal.events import services as events
from portal.events.forms import EventContent
from portal.extensions import db
from portal.news import images
from portal.news import services as news
from portal.news.forms import NewsContent
from portal.reports.photos import check_photo
from portal.timeutil import utcnow
from tests.images import jpeg_with_gps


def stored_image(app):
    """A news image stored as the form stores an upload; returns its file name."""
    with app.app_context():
        return images.store(check_photo(BytesIO(jpeg_with_gps()), 10 * 2**20, 1600))


def make_news(app, author_id, title="Sommarens trygghetsvandringar", state="published",
              body="## Vad vi gjorde\n\nVi gick **tre** kvällar.", summary="Vi gick i centrum.",
              slug=None, image=None, image_alt=None, tags=(), when=None):
    """A news item: state "draft", "scheduled" (in a day, or at `when`) or "published"."""
    content = NewsContent(title=title, slug=slug, summary=summary, body=body, new_image=image,
                          remove_image=False, image_alt=image_alt, tag_names=list(tags))
    with app.test_request_context():
        author = db.session.get(User, author_id)
        if state == "draft":
            item, _changed = news.NEWS.save_draft(None, author, content)
        else:
            when = when or (utcnow() + timedelta(days=1) if state == "scheduled" else None)
            item = news.NEWS.publish(None, author, content, when)
        db.session.commit()
        return item.id


def make_event(app, author_id, title="Trygghetsvandring i centrum", starts_in=timedelta(days=7),
               hours=3, place="Stationen, Bjuv", description="Vi går *tillsammans*.",
               published=True, cancelled=False):
    starts_at = (utcnow() + starts_in).replace(second=0, microsecond=0)
    content = EventContent(title=title, starts_at=starts_at,
                           ends_at=starts_at + timedelta(hours=hours) if hours else None,
                           place=place, description=description, is_cancelled=cancelled)
    with app.test_request_context():
        author = db.session.get(User, author_id)
        if published:
            event = events.EVENTS.publish(None, author, content)
        else:
            event, _changed = events.EVENTS.save_draft(None, author, content)
        db.session.commit()
        return event.id


def post_form(client, url, data):
    """Post a form as a browser does (multipart, files as (bytes, filename) tuples)."""
    from werkzeug.datastructures import FileStorage, MultiDict
    from werkzeug.test import stream_encode_multipart

    fields = MultiDict()
    for key, value in data.items():
        if isinstance(value, tuple):
            value = FileStorage(stream=BytesIO(value[0]), filename=value[1])
        fields.add(key, value)
    stream, length, boundary = stream_encode_multipart(fields, use_tempfile=False)
    return client.post(url, input_stream=stream, content_length=length,
                       content_type=f"multipart/form-data; boundary={boundary}")


@pytest.fixture
def editor(staff_client):
    """A test client logged in as the web editor Elin Redaktör (import it as a fixture)."""
    return staff_client("editor", name="Elin Redaktör")


@pytest.fixture
def editor_id(app, editor):
    """The logged-in editor's account id."""
    with app.app_context():
        return db.session.scalar(db.select(User.id).where(User.name == "Elin Redaktör"))
