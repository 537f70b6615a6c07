"""The coordinator's settings: report categories and departments."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.accounts.models import Role
from portal.accounts.permissions import staff_required
from portal.common.rules import RuleError, refuse
from portal.extensions import db
from portal.languages import services as translations
from portal.reports.models import Category, Department
from portal.settings import services
from portal.settings.forms import CategoryForm, DepartmentForm
from portal.views import render_form

bp = Blueprint("settings", __name__, url_prefix="/admin")


# --- Categories -------------------------------------------------------------------------


@bp.route("/kategorier")
@staff_required(Role.COORDINATOR)
def categories():
    rows = db.session.scalars(
        db.select(Category).order_by(Category.position, Category.name)
    ).all()
    return render_template("settings/categories.html", categories=rows)


def _category_fields(form):
    return dict(
        name=form.name.data,
        description=form.description.data,
        notice=form.notice.data,
        service_level_hours=form.service_level_hours.data,
        department=form.chosen_department,
        position=form.position.data,
        is_active=form.is_active.data,
        is_sensitive=form.is_sensitive.data,
    )


@bp.route("/kategorier/ny", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR)
def category_new():
    form = CategoryForm(
        Department.all_by_name(),
        data={"position": services.next_category_position(), "is_active": True},
    )
    if form.validate_on_submit():
        try:
            category = services.create_category(**_category_fields(form))
        except RuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            flash(_("The category %(name)s has been created.", name=category.name), "success")
            return redirect(url_for("settings.categories"), code=303)
    return render_form("settings/category_form.html", form, category=None)


@bp.route("/kategorier/<int:category_id>", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR)
def category_edit(category_id):
    category = db.get_or_404(Category, category_id)
    form_class = translations.form_with_translations(CategoryForm, "category")
    form = form_class(Department.all_by_name(), obj=category, data=translations.translations_of(category))
    if form.validate_on_submit():
        try:
            changed = services.update_category(category, **_category_fields(form))
        except RuleError as error:
            refuse(form, error)
        else:
            changed = translations.save_translations(category, form) or changed
            db.session.commit()
            _flash_saved(changed, category.name)
            return redirect(url_for("settings.categories"), code=303)
    return render_form("settings/category_form.html", form, category=category,
                       translation_fields=translations.translation_fields(form, "category"))


def _flash_saved(changed, name):
    if changed:
        flash(_("The changes to %(name)s have been saved.", name=name), "success")
    else:
        flash(_("Nothing was changed in %(name)s.", name=name), "info")


# --- Departments ------------------------------------------------------------------------


@bp.route("/forvaltningar")
@staff_required(Role.COORDINATOR)
def departments():
    return render_template("settings/departments.html", departments=Department.all_by_name())


@bp.route("/forvaltningar/ny", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR)
def department_new():
    form = DepartmentForm()
    if form.validate_on_submit():
        try:
            department = services.create_department(form.name.data, form.email.data)
        except RuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            flash(_("The department %(name)s has been created.", name=department.name), "success")
            return redirect(url_for("settings.departments"), code=303)
    return render_form("settings/department_form.html", form, department=None)


@bp.route("/forvaltningar/<int:department_id>", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR)
def department_edit(department_id):
    department = db.get_or_404(Department, department_id)
    form = DepartmentForm(obj=department)
    if form.validate_on_submit():
        try:
            changed = services.update_department(department, form.name.data, form.email.data)
        except RuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            _flash_saved(changed, department.name)
            return redirect(url_for("settings.departments"), code=303)
    return render_form("settings/department_form.html", form, department=department)
