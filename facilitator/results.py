"""A round's public results page (no account: the short link or QR code from a poster)
and the organiser's side of it: publishing, the QR code, and how each funded option is going.
The rules are in sessions/public_results.py; nothing here names a person."""
import io
from zoneinfo import ZoneInfo

import segno
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from sessions import public_results
from sessions.clock import utcnow
from sessions.errors import DomainError, NotFound
from sessions.public_results import MAX_STATUS_NOTE, MAX_STATUS_REASON, Status

from . import unit_of_work
from .extensions import limiter
from .forms import ConfirmForm
from .i18n import error_message
from .links import absolute
from .minutes_render import FORMATS, HEAVY_FORMATS, minutes_response
from .qr import qr_svg_response
from .security import log_breach

bp = Blueprint("results", __name__)
organiser_bp = Blueprint("organiser_results", __name__, url_prefix="/organiser")

STATUS_NAMES = {
    Status.PLANNED: _l("Planned"),
    Status.IN_PROGRESS: _l("In progress"),
    Status.DONE: _l("Done"),
    Status.DROPPED: _l("Dropped"),
}
# The formats the public page offers (every format of the minutes; all anonymous).
PUBLIC_FORMATS = ("pdf", "docx", "md", "csv", "json", "pb", "html")
assert set(PUBLIC_FORMATS) <= set(FORMATS)


class StatusForm(FlaskForm):
    option_id = IntegerField(validators=[DataRequired()])
    status = SelectField(_l("How is it going?"), choices=[SelectChoice(value, label)
                                                            for value, label in STATUS_NAMES.items()])
    # Text, not a date picker: "7-12-2026" or "7 december 2026" is read by sessions/public_results.py.
    on_date = StringField(_l("Date (for example 7-12-2026)"), validators=[Length(max=40)],
                          render_kw={"autocomplete": "off", "spellcheck": "false", "inputmode": "text"})
    note = StringField(_l("Short note (optional)"), validators=[Optional(), Length(max=MAX_STATUS_NOTE)])
    reason = StringField(_l("Reason (required when dropped)"),
                         validators=[Optional(), Length(max=MAX_STATUS_REASON)])


_ERROR_FIELDS = {"status_unknown": "status", "status_date_invalid": "on_date", "status_note_too_long": "note",
                 "status_reason_too_long": "reason", "status_dropped_needs_reason": "reason"}


def _public_minutes_limit() -> str:
    return current_app.config.get("RESULTS_MINUTES_RATE_LIMIT", "20 per minute")


def _no_store(response: Response) -> Response:
    # Taken down means gone: no copy in a browser or proxy keeps showing it.
    response.headers["Cache-Control"] = "no-store"
    return response


# -- for everybody --------------------------------------------------------------------

def _page_or_404(code: str) -> dict:
    try:
        return public_results.public_page(unit_of_work(), code=code)
    except NotFound:
        abort(404)


@bp.get("/r/<code>")
def page(code: str):
    found = _page_or_404(code)
    if found["publication"]["code"] != code:
        return redirect(url_for("results.page", code=found["publication"]["code"]))
    return _no_store(Response(render_template("results/public.html", page=found, status_names=STATUS_NAMES,
                                              formats=PUBLIC_FORMATS, link=absolute("results.page", code=code))))


def _heavy_minutes_limit() -> str:
    return current_app.config.get("RESULTS_HEAVY_MINUTES_GLOBAL_LIMIT", "60 per minute")


def _light_format() -> bool:
    return request.args.get("format", "pdf") not in HEAVY_FORMATS


@bp.get("/r/<code>/minutes")
@limiter.limit(_public_minutes_limit, on_breach=log_breach)
# A script can drop its cookies and so its count per browser: the PDF and Word renderings,
# seconds of work each, are also counted for everybody together.
@limiter.shared_limit(_heavy_minutes_limit, scope="results-heavy-minutes", key_func=lambda: "results-heavy-minutes",
                      exempt_when=_light_format, on_breach=log_breach)
def minutes(code: str):
    """The round's minutes, only anonymous, only while the page is published."""
    fmt = request.args.get("format", "pdf")
    language = request.args.get("language", "nl")
    try:
        record = public_results.public_minutes(unit_of_work(), code=code, now=utcnow())
    except NotFound:
        abort(404)
    if fmt not in PUBLIC_FORMATS or language not in current_app.config["LANGUAGES"]:
        abort(400)
    return _no_store(minutes_response(record, fmt=fmt, language=language))


# -- for the organiser of the round --------------------------------------------------------

@organiser_bp.before_request
@login_required
def require_organiser():
    """Every page here is for a logged-in organiser, about their own round."""


def _organiser_page(round_id: int) -> dict:
    try:
        return public_results.organiser_page(unit_of_work(), organiser_id=current_user.id, round_id=round_id)
    except NotFound:
        abort(404)


def _status_form_for(option_id: int) -> StatusForm:
    today = utcnow().astimezone(ZoneInfo(current_app.config["TIMEZONE"])).date()
    return StatusForm(formdata=None, option_id=option_id, status=Status.PLANNED,
                      on_date=f"{today.day}-{today.month}-{today.year}")


def _manage(round_id: int, *, status: int = 200, failed: StatusForm | None = None):
    found = _organiser_page(round_id)
    forms = {o["option_id"]: _status_form_for(o["option_id"]) for o in found["results"]["funded"]}
    if failed is not None and failed.option_id.data in forms:
        forms[failed.option_id.data] = failed
    publication = found["publication"]
    link = absolute("results.page", code=publication["code"]) if publication else None
    return render_template("organiser/results.html", page=found, forms=forms, link=link, status_names=STATUS_NAMES,
                           confirm_form=ConfirmForm(), logout_form=ConfirmForm()), status


@organiser_bp.get("/rounds/<int:round_id>/results")
def manage(round_id: int):
    return _manage(round_id)


@organiser_bp.get("/rounds/<int:round_id>/results/preview")
def preview(round_id: int):
    """The public page as the neighbourhood sees it (or will), also before publishing."""
    found = _organiser_page(round_id)
    publication = found["publication"]
    link = absolute("results.page", code=publication["code"]) if publication and publication["published"] else None
    return render_template("results/public.html", page=found, status_names=STATUS_NAMES, formats=PUBLIC_FORMATS,
                           link=link, preview=True)


def _set_published(round_id: int, published: bool):
    _organiser_page(round_id)  # another organiser's round: 404 before anything else
    if not ConfirmForm().validate_on_submit():
        return _manage(round_id, status=400)
    try:
        public_results.set_published(unit_of_work(), organiser_id=current_user.id, round_id=round_id,
                                     published=published)
    except NotFound:
        abort(404)
    except DomainError as error:
        flash(error_message(error.code))
        return _manage(round_id, status=400)
    flash(_("The results page is public now.") if published else _("The results page is no longer public."))
    return redirect(url_for("organiser_results.manage", round_id=round_id))


@organiser_bp.post("/rounds/<int:round_id>/results/publish")
def publish(round_id: int):
    return _set_published(round_id, True)


@organiser_bp.post("/rounds/<int:round_id>/results/unpublish")
def unpublish(round_id: int):
    return _set_published(round_id, False)


@organiser_bp.post("/rounds/<int:round_id>/results/status")
def record_status(round_id: int):
    _organiser_page(round_id)
    form = StatusForm()
    if not form.validate_on_submit():
        return _manage(round_id, status=400, failed=form)
    try:
        public_results.record_status(unit_of_work(), organiser_id=current_user.id, round_id=round_id,
                                     option_id=form.option_id.data, status=form.status.data,
                                     on_date=form.on_date.data, note=form.note.data, reason=form.reason.data)
    except NotFound:
        abort(404)
    except DomainError as error:
        getattr(form, _ERROR_FIELDS.get(error.code, "status")).errors.append(error_message(error.code))
        return _manage(round_id, status=400, failed=form)
    flash(_("The status is saved and shown on the results page."))
    return redirect(url_for("organiser_results.manage", round_id=round_id) + f"#option-{form.option_id.data}")


@organiser_bp.get("/rounds/<int:round_id>/results/qr.svg")
def qr(round_id: int):
    """The QR code of the public link, for posters (SVG) and websites (`?format=png`);
    `?download=1` saves it as a file. There is a code once the page was first published."""
    publication = _organiser_page(round_id)["publication"]
    if publication is None:
        abort(404)
    link = absolute("results.page", code=publication["code"])
    title = _("Results of the round, code %(code)s", code=publication["code"])
    if request.args.get("format") == "png":
        buffer = io.BytesIO()
        segno.make(link, error="m").save(buffer, kind="png", scale=10, border=4)
        response = Response(buffer.getvalue(), mimetype="image/png")
        extension = "png"
    else:
        response = qr_svg_response(link, title=title)
        extension = "svg"
    if request.args.get("download"):
        response.headers["Content-Disposition"] = \
            f'attachment; filename="buurttafel-uitslag-{publication["code"]}.{extension}"'
    return response
