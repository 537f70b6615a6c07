"""The coordinator's settings: report categories and departments."""
from flask import Blueprint

bp = Blueprint("settings", __name__, url_prefix="/admin")
