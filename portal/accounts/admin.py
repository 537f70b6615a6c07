"""The coordinator manages staff accounts in the web: create, change, deactivate, password."""
from portal.accounts.routes import bp  # noqa: F401
