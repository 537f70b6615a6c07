"""The coordinator's desk: what needs attention and the queue (the case page is in actions.py)."""
from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from portal.accounts.models import Role
from portal.accounts.permissions import staff_required
from portal.desk import forms, queries
from portal.extensions import db
from portal.reports import paging
from portal.reports.models import Category, Department
from portal.urls import page_arg

bp = Blueprint("desk", __name__, url_prefix="/admin")


@bp.route("/")
@staff_required()
def dashboard():
    sections = queries.attention(current_user) if current_user.has_role(Role.HANDLER) else {}
    return render_template("desk/dashboard.html", sections=sections)


@bp.route("/rapporter")
@staff_required(Role.HANDLER)
def queue():
    categories = db.session.scalars(db.select(Category).order_by(Category.position, Category.name)).all()
    departments = Department.all_by_name()
    form = forms.QueueFilterForm(categories, departments, formdata=request.args)
    form.validate()
    wanted = form.wanted()
    counted = queries.queue_count(current_user, wanted)
    page = paging.paginate(queries.queue(current_user, wanted), current_app.config["ADMIN_PER_PAGE"],
                           page=page_arg(), total=None if counted is None else lambda: counted)
    return render_template("desk/queue.html", form=form, page=page)
