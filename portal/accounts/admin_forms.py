"""Forms the coordinator uses for staff accounts: create, change, set a password.

Email and password are checked with the same service functions that create_user and
set_password use, so their messages sit next to the right field."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, RadioField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.accounts import services
from portal.accounts.models import Role
from portal.common.rules import RuleError
from portal.common.text import clean_text

ROLE_HINTS = {
    Role.COORDINATOR.value: _l("Everything: reports, settings, accounts and the audit log."),
    Role.HANDLER.value: _l("Reports sent to their departments or assigned to them."),
    Role.EDITOR.value: _l("News and events."),
}


class EmailFields(FlaskForm):
    """Defined first, so the email comes first in the error summary as on the page."""

    email = StringField(
        _l("Email"),
        filters=[clean_text],
        description=_l("The person logs in with this address. It cannot be changed later."),
        validators=[
            DataRequired(message=_l("Enter the person's email address.")),
            Length(max=254, message=_l("The email address may be at most 254 characters.")),
            Email(message=_l("Enter an email address in the form name@example.se.")),
        ],
    )

    def validate_email(self, field):
        if services.find_user(field.data):
            raise ValidationError(
                _("There is already an account for %(email)s.",
                  email=services.normalise_email(field.data))
            )


class AccountForm(FlaskForm):
    """Name, role and departments: the fields both creating and changing an account have."""

    name = StringField(
        _l("Name"),
        filters=[clean_text],
        validators=[
            DataRequired(message=_l("Write the person's name.")),
            Length(max=120, message=_l("The name may be at most 120 characters.")),
        ],
    )
    role = RadioField(
        _l("Role"),
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose a role."))],
    )
    departments = SelectMultipleField(
        _l("Departments"),
        description=_l("A case handler sees the reports sent to these departments and must "
                       "belong to at least one."),
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )

    def __init__(self, departments, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [(role.value, role.label) for role in Role]
        self.departments.choices = [(d.slug, d.name) for d in departments]

    def validate_role(self, field):
        if field.data not in ROLE_HINTS:
            raise ValidationError(_l("Choose one of the roles."))


class PasswordFields(FlaskForm):
    password = PasswordField(
        _l("Password"),
        description=_l("At least 12 characters. A few unrelated words make a good password."),
        validators=[DataRequired(message=_l("Enter a password."))],
    )
    repeat_password = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(message=_l("Repeat the password."))],
    )

    def validate_password(self, field):
        try:
            services.check_new_password(field.data)
        except RuleError as error:
            raise ValidationError(str(error)) from error

    def validate_repeat_password(self, field):
        if field.data != self.password.data:
            raise ValidationError(_l("The two passwords are not the same."))


class UserCreateForm(EmailFields, AccountForm, PasswordFields):
    pass


class UserEditForm(AccountForm):
    is_active = BooleanField(
        _l("The account is active"),
        description=_l("Untick to deactivate the account: the person is logged out and can "
                       "no longer log in. Accounts are never deleted."),
    )

    def __init__(self, departments, user, is_self, *args, **kwargs):
        data = {"name": user.name, "role": user.role.value, "is_active": user.is_active,
                "departments": [d.slug for d in user.departments]}
        super().__init__(departments, *args, data=data, **kwargs)
        self.is_self = is_self  # so there is always a coordinator who can log in

    def validate_role(self, field):
        super().validate_role(field)
        if self.is_self and field.data != Role.COORDINATOR.value:
            raise ValidationError(_l("You cannot take away your own coordinator role. Ask "
                                     "another coordinator to do it."))

    def validate_is_active(self, field):
        if self.is_self and not field.data:
            raise ValidationError(_l("You cannot deactivate your own account. Ask another "
                                     "coordinator to do it."))


class UserPasswordForm(PasswordFields):
    pass
