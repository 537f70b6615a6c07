"""The audit log, for reading only: no screen can change or delete an entry."""
from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/admin")
