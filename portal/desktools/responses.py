"""Response templates: the coordinator's list and form under /admin/svarsmallar, and the
filling of a template for one report (the case page's "Använd mall" button, no JavaScript)."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from portal.accounts.models import Role
from portal.accounts.permissions import staff_required
from portal.audit.services import record
from portal.common.text import clean_multiline_text, clean_text
from portal.desktools.models import ResponseTemplate
from portal.extensions import db
from portal.reports.models import Category
from portal.views import render_form

bp = Blueprint("response_templates", __name__, url_prefix="/admin/svarsmallar")
PLACEHOLDERS = ("{ärendenummer}", "{plats}", "{kategori}")


def for_category(category_id):
    """The templates for a report of this category: its own and those for every category."""
    return db.session.scalars(db.select(ResponseTemplate).where(
        (ResponseTemplate.category_id == category_id) | ResponseTemplate.category_id.is_(None)
    ).order_by(ResponseTemplate.title)).all()


def filled(template, report):
    """The template's text with the report's case number, place and category put in."""
    values = {"{ärendenummer}": report.reference, "{plats}": report.place or _("the place you reported"),
              "{kategori}": report.category.name if report.category else ""}
    text = template.body
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


def chosen(report, raw_id):
    """The template the case page asked for, if it fits the report's category."""
    if not raw_id or not raw_id.isdigit() or len(raw_id) > 9:
        return None
    template = db.session.get(ResponseTemplate, int(raw_id))
    if template is None or template.category_id not in (None, report.category_id):
        return None
    return template


class TemplateForm(FlaskForm):
    title = StringField(_l("Name of the template"), filters=[clean_text],
                        validators=[DataRequired(message=_l("Write a name.")),
                                    Length(max=120, message=_l("The name may be at most 120 characters."))])
    category = SelectField(_l("Category"), validate_choice=False)
    body = TextAreaField(
        _l("Text"), filters=[clean_multiline_text],
        description=_l("{ärendenummer} becomes the case number, {plats} the place and {kategori} the category."),
        validators=[DataRequired(message=_l("Write the text.")),
                    Length(max=2000, message=_l("The text may be at most 2 000 characters."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        categories = db.session.scalars(db.select(Category).order_by(Category.position, Category.name)).all()
        self.category.choices = [("", _l("Every category"))] + [(str(c.id), c.name) for c in categories]

    def validate_category(self, field):
        if field.data and field.data not in {value for value, _label in self.category.choices}:
            raise ValidationError(_l("Choose one of the alternatives."))


@bp.route("/")
@staff_required(Role.COORDINATOR)
def index():
    templates = db.session.scalars(db.select(ResponseTemplate).order_by(ResponseTemplate.title)).all()
    return render_template("desktools/templates.html", templates=templates, placeholders=PLACEHOLDERS)


@bp.route("/ny", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR)
def new():
    form = TemplateForm()
    if form.validate_on_submit():
        template = ResponseTemplate(title=form.title.data, body=form.body.data,
                                    category_id=int(form.category.data) if form.category.data else None)
        db.session.add(template)
        db.session.flush()
        record("response_template_created", _("Created the response template %(title)s.", title=template.title),
               details={"response_template_id": template.id})
        db.session.commit()
        flash(_("The template is saved."), "success")
        return redirect(url_for("response_templates.index"), code=303)
    return render_form("desktools/template_form.html", form)
