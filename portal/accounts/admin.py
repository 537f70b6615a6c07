"""The coordinator manages staff accounts in the web: create, change, deactivate, password."""
from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user
from sqlalchemy.orm import selectinload

from portal.accounts import services, twofactor
from portal.accounts.admin_forms import (
    ROLE_HINTS,
    UserCreateForm,
    UserEditForm,
    UserPasswordForm,
)
from portal.accounts.models import Role, User
from portal.accounts.permissions import staff_required
from portal.common.rules import RuleError, refuse
from portal.extensions import db
from portal.reports.models import Department
from portal.views import render_form

bp = Blueprint("accounts_admin", __name__, url_prefix="/admin")


def _form_page(template, form, **context):
    return render_form(template, form, role_hints=ROLE_HINTS, **context)


@bp.route("/anvandare")
@staff_required(Role.COORDINATOR)
def users():
    accounts = db.session.scalars(
        db.select(User).options(selectinload(User.departments))
        .order_by(User.is_active.desc(), User.name, User.email)
    ).all()
    return render_template("accounts/users.html", users=accounts)


@bp.route("/anvandare/ny", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR)
def user_new():
    form = UserCreateForm(Department.all_by_name())
    if form.validate_on_submit():
        try:
            user = services.create_user(
                form.email.data, form.name.data, form.role.data, form.password.data,
                services.departments_by_slug(form.departments.data),
            )
        except RuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            flash(_("The account for %(email)s has been created.", email=user.email), "success")
            return redirect(url_for("accounts_admin.users"), code=303)
    return _form_page("accounts/user_new.html", form)


@bp.route("/anvandare/<int:user_id>", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR)
def user_edit(user_id):
    user = db.get_or_404(User, user_id)
    form = UserEditForm(Department.all_by_name(), user, is_self=user.id == current_user.id)
    if form.validate_on_submit():
        try:
            services.update_user(
                user, form.name.data, form.role.data,
                services.departments_by_slug(form.departments.data), form.is_active.data,
            )
        except RuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            flash(_("The account for %(email)s has been saved.", email=user.email), "success")
            return redirect(url_for("accounts_admin.users"), code=303)
    return _form_page("accounts/user_edit.html", form, user=user)


@bp.route("/anvandare/<int:user_id>/losenord", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR)
def user_password(user_id):
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        # Your own password is changed with the current one, like everyone else's.
        return redirect(url_for("accounts.change_password"), code=303)
    form = UserPasswordForm()
    if form.validate_on_submit():
        try:
            services.set_password(user, form.password.data)
        except RuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            flash(_("A new password has been set for %(email)s. Their sessions have been "
                    "logged out.", email=user.email), "success")
            return redirect(url_for("accounts_admin.user_edit", user_id=user.id), code=303)
    return _form_page("accounts/user_password.html", form, user=user)


@bp.route("/anvandare/<int:user_id>/avsluta-inloggningar", methods=["POST"])
@staff_required(Role.COORDINATOR)
def user_end_sessions(user_id):
    """A lost phone or a shared computer: every session of the account ends at once."""
    user = db.get_or_404(User, user_id)
    services.end_sessions(user, keep=g.staff_session if user.id == current_user.id else None)
    db.session.commit()
    if user.id == current_user.id:
        login_user(user)  # this browser carries the new token; every other session has ended
        flash(_("Your other sessions have been logged out."), "success")
    else:
        flash(_("Every session of %(email)s has been logged out.", email=user.email), "success")
    return redirect(url_for("accounts_admin.user_edit", user_id=user.id), code=303)


@bp.route("/anvandare/<int:user_id>/tvastegsverifiering", methods=["POST"])
@staff_required(Role.COORDINATOR)
def user_reset_two_factor(user_id):
    """A lost phone: the second factor is removed, the person enrols again at next login."""
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        flash(_("Ask another coordinator to reset your own second factor."), "error")
        return redirect(url_for("accounts_admin.user_edit", user_id=user.id), code=303)
    twofactor.reset(user)
    db.session.commit()
    flash(_("Two-factor sign-in for %(email)s has been reset. Their sessions have been logged out.",
            email=user.email), "success")
    return redirect(url_for("accounts_admin.user_edit", user_id=user.id), code=303)
