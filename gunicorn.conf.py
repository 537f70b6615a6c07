"""gunicorn settings `make run` uses (and production may): an access log on stdout with
private links redacted (see portal/access_log.py)."""
accesslog = "-"
logger_class = "portal.access_log.RedactingLogger"
