"""Text from the database in the residents' other languages (issue 18): the coordinator
translates a category's name, description and notice on its settings page; public pages
and mail show the translation, or the Swedish marked lang="sv" while there is none."""


def init_app(app):
    from portal.languages import routes, services

    app.jinja_env.filters.update(tr=services.tr_markup, tr_text=services.tr_text)
    app.register_blueprint(routes.bp)
