"""The organiser's pages: budget rounds, their tables, and each table's links."""
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user, login_required

from sessions import pabulib_services, services
from sessions.errors import DomainError, NotFound
from sessions.money import parse_euros

from . import unit_of_work
from .forms import ConfirmForm, PabulibImportForm, RoundForm, TableForm
from .i18n import error_message
from .links import table_links
from .qr import qr_svg_response

bp = Blueprint("organiser", __name__, url_prefix="/organiser")


@bp.before_request
@login_required
def require_organiser():
    """Every page here is for a logged-in organiser."""


def _field_for(error_code: str, form, default: str):
    fields = {"round_dates_reversed": "ends_on", "starts_at_invalid": "starts_at"}
    if error_code.startswith("amount_"):
        return form.budget
    return getattr(form, fields.get(error_code, default))


@bp.get("")
def dashboard():
    rounds = services.rounds_of(unit_of_work(), current_user.id)
    return render_template("organiser/dashboard.html", rounds=rounds, form=RoundForm(), logout_form=ConfirmForm())


@bp.post("/rounds")
def create_round():
    form = RoundForm()
    if form.validate_on_submit():
        try:
            budget_cents = parse_euros(form.budget.data, locale="nl_NL" if str(get_locale()) == "nl" else "en_GB")
            created = services.create_round(
                unit_of_work(), organiser_id=current_user.id, name=form.name.data,
                neighbourhood=form.neighbourhood.data, budget_cents=budget_cents,
                starts_on=form.starts_on.data, ends_on=form.ends_on.data)
        except DomainError as error:
            _field_for(error.code, form, "name").errors.append(error_message(error.code))
        else:
            flash(_("Round “%(name)s” created.", name=created["name"]))
            return redirect(url_for("organiser.round_page", round_id=created["id"]))
    rounds = services.rounds_of(unit_of_work(), current_user.id)
    return render_template("organiser/dashboard.html", rounds=rounds, form=form, logout_form=ConfirmForm()), 400


def _round_or_404(round_id: int) -> dict:
    try:
        return services.round_with_tables(unit_of_work(), organiser_id=current_user.id, round_id=round_id)
    except NotFound:
        abort(404)


@bp.get("/rounds/<int:round_id>")
def round_page(round_id: int):
    return render_template("organiser/round.html", round=_round_or_404(round_id), form=TableForm(),
                           import_form=PabulibImportForm(), logout_form=ConfirmForm())


@bp.post("/rounds/<int:round_id>/tables")
def create_table(round_id: int):
    budget_round = _round_or_404(round_id)
    form = TableForm()
    if form.validate_on_submit():
        venue_zone = ZoneInfo(current_app.config["TIMEZONE"])
        starts_at: datetime = form.starts_at.data.replace(tzinfo=venue_zone)
        try:
            created = services.create_table(
                unit_of_work(), organiser_id=current_user.id, round_id=round_id,
                title=form.title.data, place=form.place.data, starts_at=starts_at)
        except DomainError as error:
            _field_for(error.code, form, "title").errors.append(error_message(error.code))
        else:
            flash(_("Table “%(title)s” created.", title=created["title"]))
            return redirect(url_for("organiser.table_page", table_id=created["id"]))
    return render_template("organiser/round.html", round=budget_round, form=form, import_form=PabulibImportForm(),
                           logout_form=ConfirmForm()), 400


def _table_or_404(table_id: int) -> dict:
    try:
        return services.table_for_organiser(unit_of_work(), organiser_id=current_user.id, table_id=table_id)
    except NotFound:
        abort(404)


@bp.get("/tables/<int:table_id>")
def table_page(table_id: int):
    table = _table_or_404(table_id)
    return render_template("organiser/table.html", table=table, links=table_links(table),
                           revoke_form=ConfirmForm(), logout_form=ConfirmForm())


@bp.post("/tables/<int:table_id>/revoke")
def revoke_facilitator_link(table_id: int):
    if ConfirmForm().validate_on_submit():
        try:
            services.revoke_facilitator_link(unit_of_work(), organiser_id=current_user.id, table_id=table_id)
        except NotFound:
            abort(404)
        flash(_("A new facilitator link was made. The old link no longer works."))
    return redirect(url_for("organiser.table_page", table_id=table_id))


@bp.get("/tables/<int:table_id>/qr.svg")
def table_qr(table_id: int):
    table = _table_or_404(table_id)
    return qr_svg_response(table_links(table)["join"], title=_("Join code %(code)s", code=table["join_code"]))


@bp.post("/rounds/<int:round_id>/import")
def import_pabulib(round_id: int):
    """A Pabulib file becomes a table of this round, with its options and votes."""
    budget_round = _round_or_404(round_id)
    form = PabulibImportForm()
    if form.validate_on_submit():
        try:
            text = form.file.data.read().decode("utf-8")
            table_id = pabulib_services.import_pabulib(unit_of_work(), organiser_id=current_user.id, text=text,
                                                       round_id=round_id)
        except UnicodeDecodeError:
            form.file.errors.append(error_message("pb_malformed"))
        except DomainError as error:
            where = _("line %(line)s: %(detail)s", line=error.params["line"], detail=error.params.get("detail", "")) \
                if "line" in error.params else ""
            form.file.errors.append(f"{error_message(error.code)} {where}".strip())
        else:
            flash(_("The file is imported as a new table."))
            return redirect(url_for("organiser.table_page", table_id=table_id))
    return render_template("organiser/round.html", round=budget_round, form=TableForm(), import_form=form,
                           logout_form=ConfirmForm()), 400


@bp.get("/tables/<int:table_id>/export.pb")
def export_pabulib(table_id: int):
    table = _table_or_404(table_id)
    text = pabulib_services.export_pabulib(unit_of_work(), table_id=table_id)
    response = Response(text, mimetype="text/plain")
    response.headers["Content-Disposition"] = f'attachment; filename="buurttafel-{table["join_code"]}.pb"'
    return response
