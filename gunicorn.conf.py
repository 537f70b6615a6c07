"""gunicorn settings `make run` uses (and production should): an access log on stdout with
private links redacted (see portal/access_log.py), and a mail sender in every worker."""
accesslog = "-"
logger_class = "portal.access_log.RedactingLogger"


def post_worker_init(worker):
    """Start this worker's mail sender after the fork: a thread started in the master (at
    import, under `--preload`) would not survive into the workers."""
    from portal.mail.services import start_background_sender

    start_background_sender(worker.wsgi)
