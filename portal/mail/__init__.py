"""The outbox: mail is queued with the change that causes it and delivered later."""
from portal.mail import services
from portal.mail.cli import send_mail_command


def init_app(app):
    services.listen_to_sessions()
    app.cli.add_command(send_mail_command)
