"""The editors' news pages: the list, the form with its preview, and unpublishing."""
from types import SimpleNamespace

from flask import Blueprint, abort, flash, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from portal.accounts.models import Role
from portal.accounts.permissions import staff_required
from portal.common.dates import date_and_time
from portal.common.rules import RuleError, refuse
from portal.common.slugs import slugify
from portal.extensions import db
from portal.markup import render_markdown
from portal.news import images, services
from portal.news.forms import NewsForm
from portal.news.models import NewsItem, NewsTag
from portal.sanitize import plain_text
from portal.timeutil import utcnow
from portal.views import render_form

bp = Blueprint("news_admin", __name__)


@bp.route("/admin/nyheter")
@staff_required(Role.EDITOR)
def admin_list():
    items = db.session.scalars(
        db.select(NewsItem).order_by(NewsItem.published_at.is_(None).desc(),
                                     NewsItem.published_at.desc(), NewsItem.id.desc())
    ).all()
    return render_template("news/admin_list.html", items=items)


@bp.route("/admin/nyheter/ny", methods=["GET", "POST"])
@staff_required(Role.EDITOR)
def admin_new():
    return _edit(None)


@bp.route("/admin/nyheter/<int:item_id>", methods=["GET", "POST"])
@staff_required(Role.EDITOR)
def admin_edit(item_id):
    return _edit(db.get_or_404(NewsItem, item_id))


def _initial(item):
    if item is None:
        return {}
    return {
        "title": item.title, "slug": item.slug, "summary": item.summary, "body": item.body_source,
        "image_alt": item.image_alt, "tags": ", ".join(tag.name for tag in item.tags),
        "publish_at": item.published_at if item.state == "scheduled" else None,
    }


def _render(form, item, preview=None):
    context = dict(
        item=item,
        preview=preview,
        unpublish_form=FlaskForm(),
        known_tags=db.session.scalars(db.select(NewsTag.name).order_by(NewsTag.name)).all(),
    )
    if preview is not None:
        return render_template("news/form.html", form=form, **context)
    return render_form("news/form.html", form, **context)


def _edit(item):
    form = NewsForm(data=_initial(item), current_image=item.image_file if item else None)
    if not form.is_submitted():
        return _render(form, item)
    # The buttons: a draft or scheduled item is saved as a draft or published; a published
    # one is saved as it is. Enter in a text field presses the first button, the preview.
    action = request.form.get("action", "preview")
    published = item is not None and item.state == "published"
    if action not in ({"preview", "save"} if published else {"preview", "draft", "publish"}):
        abort(400)
    valid = form.validate_on_submit()
    form.keep_upload()
    if not valid:
        return _render(form, item)
    if action == "preview":
        return _render(form, item, preview=_preview(form, item))
    try:
        item, message, category = _carry_out(action, item, form)
    except RuleError as error:
        refuse(form, error)
        if error.suggestion:
            form.slug.data = error.suggestion
        return _render(form, item)
    db.session.commit()
    flash(message, category)
    return redirect(url_for("news_admin.admin_edit", item_id=item.id), code=303)


def _carry_out(action, item, form):
    """Run the service for the button pressed; returns the item and what to tell the editor
    (message and flash category)."""
    content, author = form.content(), current_user._get_current_object()
    if action == "publish":
        item = services.NEWS.publish(item, author, content, form.publish_at.data)
        if item.state == "scheduled":
            when = date_and_time(item.published_at)
            return item, _("The news item will be published %(when)s.", when=when), "success"
        return item, _("The news item is published."), "success"
    if action == "draft":
        item, _changed = services.NEWS.save_draft(item, author, content)
        return item, _("The draft is saved. Only staff can see it."), "success"
    if services.NEWS.change_published(item, content):
        return item, _("The changes are published."), "success"
    return item, _("Nothing was changed."), "info"


def _preview(form, item):
    """The item as the public page would show it, from what the form holds now."""
    content = form.content()
    image = content.new_image or (None if content.remove_image or item is None else item.image_file)
    width, height = images.size(image) if image else (None, None)
    return SimpleNamespace(
        title=plain_text(content.title),
        summary=plain_text(content.summary),
        body_html=render_markdown(content.body),
        image_file=image,
        image_alt=plain_text(content.image_alt),
        image_width=width,
        image_height=height,
        tags=[SimpleNamespace(name=name, slug=slugify(name)) for name in content.tag_names],
        author=item.author if item else current_user,
        published_at=(item.published_at if item else None) or form.publish_at.data or utcnow(),
        was_edited_after_publishing=False,
    )


@bp.route("/admin/nyheter/<int:item_id>/avpublicera", methods=["POST"])
@staff_required(Role.EDITOR)
def admin_unpublish(item_id):
    item = db.get_or_404(NewsItem, item_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        services.NEWS.unpublish(item)
    except RuleError as error:
        refuse(None, error)
    else:
        db.session.commit()
        flash(_("The news item is unpublished and is a draft again."), "success")
    return redirect(url_for("news_admin.admin_edit", item_id=item.id), code=303)


@bp.route("/admin/nyheter/bild/<name>")
@staff_required(Role.EDITOR)
def admin_image(name):
    """Any stored news image, also one only previewed so far."""
    if not images.exists(name):
        abort(404)
    return send_from_directory(images.folder(), name, mimetype=images.content_type(name))
