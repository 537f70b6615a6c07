"""CSV export of reports for a period, for staff; every export is itself logged."""
from flask import Blueprint

bp = Blueprint("exports", __name__, url_prefix="/admin")
