"""Entry point for gunicorn: `gunicorn wsgi:app`. Each worker also delivers pending mail."""
from portal import create_app
from portal.mail.services import start_background_sender

app = create_app()
start_background_sender(app)
