"""The coordinator's settings: report categories and departments. Never deleted (reports
point at them); each create or change writes the audit log. Services flush; routes commit."""
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from portal.audit import services as audit
from portal.common.rules import RuleError
from portal.common.slugs import slugify
from portal.extensions import db
from portal.reports.models import Category, Department
from portal.sanitize import plain_text


def _taken_message(model, name):
    if model is Category:
        return _("There is already a category called %(name)s. Choose another name.", name=name)
    return _("There is already a department called %(name)s. Choose another name.", name=name)


def _new_slug(model, name):
    """The slug for a new row; refused if the name gives none or one already in use."""
    slug = slugify(name)
    if not slug:
        raise RuleError(_("The name must contain at least one letter or digit."), "name")
    if db.session.scalar(db.select(model.id).where(model.slug == slug)):
        raise RuleError(
            _("The name gives the short name %(slug)s, which is already used. Choose another "
              "name.", slug=slug),
            "name",
        )
    return slug


def _check_name_free(model, name, own_id=None):
    """Two categories (or departments) with the same name would confuse everyone."""
    query = db.select(model.id).where(db.func.lower(model.name) == name.lower())
    if own_id is not None:
        query = query.where(model.id != own_id)
    if db.session.scalar(query):
        raise RuleError(_taken_message(model, name), "name")


def _flush(field="name"):
    """Flush; a unique constraint broken by someone saving at the same moment becomes a
    message, not a server error (the route rolls back)."""
    try:
        db.session.flush()
    except IntegrityError as error:
        raise RuleError(_("Someone saved the same name just now. Choose another name."),
                        field) from error


# --- Categories -------------------------------------------------------------------------


def _category_state(category):
    return {
        "name": category.name,
        "description": category.description,
        "notice": category.notice,
        "service_level_hours": category.service_level_hours,
        "department": category.department.slug if category.department else None,
        "position": category.position,
        "is_active": category.is_active,
        "is_sensitive": category.is_sensitive,
    }


def _set_category(category, name, description, notice, service_level_hours, department,
                  position, is_active, is_sensitive=False):
    description = plain_text(description)  # shown on the public form: plain text only
    if not description:
        raise RuleError(_("Write a description in plain text."), "description")
    category.name = name.strip()
    category.description = description
    category.notice = plain_text(notice) or None
    category.service_level_hours = service_level_hours
    category.department = department
    category.position = position
    category.is_active = bool(is_active)
    category.is_sensitive = bool(is_sensitive)


def next_category_position():
    """One after the last category, so a new one goes to the end of the form."""
    last = db.session.scalar(db.select(db.func.max(Category.position)))
    return 0 if last is None else last + 1


def create_category(name, description, notice, service_level_hours, department, position,
                    is_active=True, is_sensitive=False):
    """Create a category; its short name (slug) comes from the name and must be unique."""
    name = name.strip()
    _check_name_free(Category, name)
    category = Category(slug=_new_slug(Category, name))
    _set_category(category, name, description, notice, service_level_hours, department,
                  position, is_active, is_sensitive)
    db.session.add(category)
    _flush()
    audit.record(
        "category_created",
        _("Created the category %(name)s.", name=category.name),
        details={"category_id": category.id, "slug": category.slug,
                 "before": None, "after": _category_state(category)},
    )
    return category


def update_category(category, name, description, notice, service_level_hours, department,
                    position, is_active, is_sensitive=False):
    """Change a category (its slug stays); returns False if nothing changed. A retired
    category leaves the public form but keeps its reports."""
    _check_name_free(Category, name.strip(), own_id=category.id)
    before = _category_state(category)
    _set_category(category, name, description, notice, service_level_hours, department,
                  position, is_active, is_sensitive)
    after = _category_state(category)
    if before == after:
        return False
    _flush()
    audit.record(
        "category_settings_changed",
        _("Changed the category %(name)s.", name=category.name),
        details={"category_id": category.id, "slug": category.slug,
                 "before": before, "after": after},
    )
    return True


# --- Departments ------------------------------------------------------------------------


def _department_state(department):
    return {"name": department.name, "email": department.email}


def create_department(name, email):
    """Create a department; its short name (slug) comes from the name and must be unique."""
    name = name.strip()
    _check_name_free(Department, name)
    department = Department(slug=_new_slug(Department, name), name=name,
                            email=(email or "").strip() or None)
    db.session.add(department)
    _flush()
    audit.record(
        "department_created",
        _("Created the department %(name)s.", name=department.name),
        details={"department_id": department.id, "slug": department.slug,
                 "before": None, "after": _department_state(department)},
    )
    return department


def update_department(department, name, email):
    """Change a department's name or contact email; returns False if nothing changed."""
    name = name.strip()
    _check_name_free(Department, name, own_id=department.id)
    before = _department_state(department)
    department.name = name
    department.email = (email or "").strip() or None
    after = _department_state(department)
    if before == after:
        return False
    _flush()
    audit.record(
        "department_changed",
        _("Changed the department %(name)s.", name=department.name),
        details={"department_id": department.id, "slug": department.slug,
                 "before": before, "after": after},
    )
    return True

