"""Forms for logging in and for staff accounts."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from portal.accounts import services
from portal.common.rules import RuleError
from portal.common.text import clean_text


class LoginForm(FlaskForm):
    email = StringField(
        _l("Email"),
        filters=[clean_text],
        validators=[
            DataRequired(message=_l("Enter your email address.")),
            Length(max=254, message=_l("The email address may be at most 254 characters.")),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(message=_l("Enter your password.")),
            Length(max=200, message=_l("The password may be at most 200 characters.")),
        ],
    )
    next = HiddenField()


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Enter your current password."))],
    )
    new_password = PasswordField(
        _l("New password"),
        description=_l("At least 12 characters. A few unrelated words make a good password."),
        validators=[DataRequired(message=_l("Enter a new password."))],
    )
    repeat_password = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(message=_l("Repeat the new password."))],
    )

    def validate_new_password(self, field):
        try:
            services.check_new_password(field.data)
        except RuleError as error:
            raise ValidationError(str(error)) from error

    def validate_repeat_password(self, field):
        if field.data != self.new_password.data:
            raise ValidationError(_l("The two new passwords are not the same."))


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code"),
        filters=[clean_text],
        validators=[
            DataRequired(message=_l("Enter the code.")),
            Length(max=40, message=_l("The code may be at most 40 characters.")),
        ],
    )
