"""Staff accounts: logging in (password, second factor, single sign-on), sessions on the
server, the staff menu and the account pages."""


def init_app(app):
    from portal.accounts import admin, routes, signin, sso
    from portal.accounts.cli import users
    from portal.accounts.menu import staff_menu

    routes.init_app(app)  # Flask-Login, idle sessions, no-store on staff pages
    app.before_request(routes.protect_staff_pages)
    app.register_blueprint(routes.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(signin.bp)
    sso.init_app(app)  # Authlib's client, when OIDC_ISSUER is set
    app.register_blueprint(sso.bp)
    app.add_template_global(staff_menu, "staff_menu")
    app.cli.add_command(users)
