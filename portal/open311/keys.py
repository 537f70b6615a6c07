"""The coordinator's page for the API's keys: create one (shown once), revoke one."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from portal.accounts.models import Role
from portal.accounts.permissions import staff_required
from portal.common.http import no_store
from portal.common.rules import RuleError, refuse
from portal.common.text import clean_text
from portal.extensions import db
from portal.open311 import services
from portal.open311.models import ApiKey
from portal.reports.models import Department

bp = Blueprint("open311_keys", __name__, url_prefix="/admin/api-nycklar")


class KeyForm(FlaskForm):
    name = StringField(
        _l("Name of the system"),
        filters=[clean_text],
        description=_l("For example the department's maintenance system."),
        validators=[DataRequired(message=_l("Write the name of the system that will use the key.")),
                    Length(max=120, message=_l("The name may be at most 120 characters."))],
    )
    department_id = SelectField(
        _l("Department"),
        description=_l("A department's key may change the status of the reports sent to that department."),
        validate_choice=False,
    )
    is_trusted = BooleanField(
        _l("Trusted: reports from this system are published at once"),
        description=_l("Only for the municipality's own systems. Other reports wait for moderation."),
    )

    def __init__(self, departments, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.departments = {str(d.id): d for d in departments}
        self.department_id.choices = [("", _l("No department"))] + [(str(d.id), d.name) for d in departments]

    def validate_department_id(self, field):
        if field.data and field.data not in self.departments:
            raise ValidationError(_l("Choose one of the listed departments."))


class RevokeForm(FlaskForm):
    pass


def _page(form, secret=None, new_key=None, status=200):
    keys = db.session.scalars(db.select(ApiKey).order_by(ApiKey.revoked_at.is_not(None), ApiKey.name)).all()
    body = render_template("open311/keys.html", form=form, keys=keys, secret=secret, new_key=new_key,
                           revoke_form=RevokeForm())
    return no_store(body, status)


@bp.route("", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR)
def keys():
    form = KeyForm(Department.all_by_name())
    if form.validate_on_submit():
        try:
            key, secret = services.create_key(form.name.data, form.departments.get(form.department_id.data or ""),
                                              form.is_trusted.data, current_user._get_current_object())
        except RuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            # Shown once, on this response only (no redirect: it would have to be stored).
            return _page(KeyForm(Department.all_by_name(), formdata=None), secret=secret, new_key=key)
    return _page(form, status=422 if form.is_submitted() else 200)


@bp.route("/<int:key_id>/aterkalla", methods=["POST"])
@staff_required(Role.COORDINATOR)
def revoke(key_id):
    key = db.get_or_404(ApiKey, key_id)
    if RevokeForm().validate_on_submit():
        try:
            services.revoke_key(key)
        except RuleError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("The key %(name)s has been revoked.", name=key.name), "success")
    return redirect(url_for("open311_keys.keys"), code=303)
