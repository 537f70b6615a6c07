"""The outbox: mail is queued with the change that causes it and delivered later."""


def init_app(app):
    from portal.mail import services
    from portal.mail.cli import send_mail_command

    services.listen_to_sessions()
    app.cli.add_command(send_mail_command)
