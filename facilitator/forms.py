"""Forms: Flask-WTF gives CSRF protection and WTForms' own Dutch messages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, DateField, DateTimeLocalField, EmailField, PasswordField, RadioField, SelectField,
                     StringField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from sessions.accounts import MIN_PASSWORD_LENGTH
from sessions.frame import MAX_FRAME_TEXT
from sessions.models import MAX_DISPLAY_NAME, MAX_NAME
from sessions.money import MAX_TYPED_AMOUNT

from .i18n import COMBINATIONS, ROUND_RULE_SENTENCES


class JoinCodeForm(FlaskForm):
    code = StringField(_l("Join code"), validators=[DataRequired(), Length(max=20)],
                       render_kw={"autocomplete": "off", "autocapitalize": "characters",
                                  "spellcheck": "false", "inputmode": "text"})


class JoinForm(FlaskForm):
    display_name = StringField(_l("Your name (optional)"), validators=[Optional(), Length(max=MAX_DISPLAY_NAME)],
                               render_kw={"autocomplete": "nickname"})


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)],
                             render_kw={"autocomplete": "current-password"})


class SetupForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password (at least 10 characters)"),
                             validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=256)],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Password again"),
                            validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
                            render_kw={"autocomplete": "new-password"})


class RoundForm(FlaskForm):
    name = StringField(_l("Name of the round"), validators=[DataRequired(), Length(max=MAX_NAME)])
    neighbourhood = StringField(_l("Neighbourhood"), validators=[DataRequired(), Length(max=MAX_NAME)])
    # Text, not a number field: "12.500" and "€ 12.500,-" are read by sessions/money.py.
    budget = StringField(_l("Total budget in euros"), validators=[DataRequired(), Length(max=MAX_TYPED_AMOUNT)],
                         render_kw={"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"})
    starts_on = DateField(_l("First day"), validators=[DataRequired()])
    ends_on = DateField(_l("Last day"), validators=[DataRequired()])
    retention_until = DateField(_l("Keep personal data until (optional)"), validators=[Optional()])


class TableForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=MAX_NAME)])
    place = StringField(_l("Place"), validators=[DataRequired(), Length(max=MAX_NAME)])
    starts_at = DateTimeLocalField(_l("Starts at"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    facilitator_name = StringField(_l("Facilitator (optional, named in the minutes)"),
                                   validators=[Optional(), Length(max=MAX_NAME)])


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class PabulibImportForm(FlaskForm):
    file = FileField(_l("Pabulib file (.pb)"), validators=[FileRequired()])


class MinutesForm(FlaskForm):
    """Which minutes to download: a GET form, so no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False

    format = SelectField(_l("Format"), default="pdf", choices=[SelectChoice(value, label) for value, label in (
        ("pdf", _l("PDF (for the files)")), ("docx", _l("Word (.docx)")), ("md", _l("Markdown")),
        ("csv", _l("CSV tables (zip)")), ("json", _l("JSON (the full record)")), ("pb", _l("Pabulib (.pb)")),
        ("html", _l("Show in the browser")))])
    language = SelectField(_l("Language"), default="nl",
                           choices=[SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")])
    names = BooleanField(_l("Show participants' names instead of “Participant 1, 2, …”"))


class RetentionForm(FlaskForm):
    retention_until = DateField(_l("Keep personal data until"), validators=[Optional()])


class EraseForm(FlaskForm):
    confirm = BooleanField(_l("I understand: names and seats are erased for good; the anonymous minutes stay."),
                           validators=[DataRequired(message=_l("Tick the box to confirm."))])


# -- the round's own frame and its table budgets (issue 17) ---------------------

class RoundFrameForm(FlaskForm):
    """The round's frame; the texts may stay empty, the rules in sessions/ check the rest."""
    goals = TextAreaField(_l("Goals of the round"), validators=[Optional(), Length(max=MAX_FRAME_TEXT)],
                          render_kw={"rows": 3, "maxlength": MAX_FRAME_TEXT})
    conditions = TextAreaField(_l("Conditions of the round"), validators=[Optional(), Length(max=MAX_FRAME_TEXT)],
                               render_kw={"rows": 3, "maxlength": MAX_FRAME_TEXT})
    # The choices are checked by the rules (unknown_rule, unknown_combination), whose
    # messages say what to choose, rather than by WTForms' "Not a valid choice".
    rule = RadioField(_l("How votes are counted"), default="mes", choices=list(ROUND_RULE_SENTENCES.items()),
                      validate_choice=False)
    combination = RadioField(_l("How the tables' work becomes one decision"), default="separate",
                             choices=list(COMBINATIONS.items()), validate_choice=False)


class TableSharesForm(FlaskForm):
    """One money field per table of the round, named share-<table id>; built per round
    by `table_shares_form`."""


def table_shares_form(tables: list[dict], **kwargs) -> TableSharesForm:
    fields = {f"share_{t['id']}": StringField(
        t["title"], validators=[DataRequired(), Length(max=MAX_TYPED_AMOUNT)],
        render_kw={"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"})
        for t in tables}
    return type("RoundTableSharesForm", (TableSharesForm,), fields)(**kwargs)
