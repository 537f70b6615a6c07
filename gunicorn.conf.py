"""gunicorn settings `make run` uses (and production should): an access log on stdout with
private links redacted (see portal/access_log.py), a mail sender in every worker, and the
worker's start-up objects frozen out of the garbage collector's full passes."""
import gc

accesslog = "-"
logger_class = "portal.access_log.RedactingLogger"


def post_worker_init(worker):
    """Start this worker's mail sender after the fork: a thread started in the master (at
    import, under `--preload`) would not survive into the workers."""
    from portal.mail.services import start_background_sender

    start_background_sender(worker.wsgi)
    # The app, its modules and catalogues are loaded now and live as long as the worker:
    # freeze them, so that a full collection (which a large page's many objects trigger)
    # no longer walks them. At a million reports that pass took 120-145 ms in one
    # request in ten on the three-year lägesbild; frozen, about 10 ms.
    gc.collect()
    gc.freeze()
