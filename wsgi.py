"""Entry point for gunicorn: `gunicorn wsgi:app`. Importing it starts no thread: each worker
starts its mail sender in gunicorn.conf.py's post_worker_init (so `--preload` works too)."""
from portal import create_app

app = create_app()
