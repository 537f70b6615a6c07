"""Staff accounts: logging in, session expiry, the staff menu and the account pages."""


def init_app(app):
    from portal.accounts import admin, routes
    from portal.accounts.cli import users
    from portal.accounts.menu import staff_menu

    routes.init_app(app)  # Flask-Login, idle sessions, no-store on staff pages
    app.before_request(routes.protect_staff_pages)
    app.register_blueprint(routes.bp)
    app.register_blueprint(admin.bp)
    app.add_template_global(staff_menu, "staff_menu")
    app.cli.add_command(users)
