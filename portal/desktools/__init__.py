"""Tools the desk was missing: a message to everyone on a walk, and response templates for
public replies and status notes."""


def init_app(app):
    from portal.desktools import responses, walk_message, walkers

    app.register_blueprint(walk_message.bp)
    app.register_blueprint(walkers.bp)
    app.register_blueprint(responses.bp)
