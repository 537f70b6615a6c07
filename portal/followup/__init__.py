"""After the report: the reporter adds information on their private follow page, and is
asked a while after "fixed" whether it stayed fixed (a "no" reopens the report)."""


def init_app(app):
    from portal.followup import cli, routes, services, survey
    from portal.followup.forms import AdditionForm
    from portal.mail.services import add_periodic_job

    app.register_blueprint(routes.bp)
    app.cli.add_command(cli.send_fixed_surveys_command)
    app.add_template_global(services.additions_of, "report_additions")
    app.add_template_global(survey.survey_of, "fixed_survey")
    app.add_template_global(survey.reopened_among, "reopened_among")
    app.add_template_global(lambda: AdditionForm(formdata=None), "new_addition_form")
    add_periodic_job(app, survey.send_due)
