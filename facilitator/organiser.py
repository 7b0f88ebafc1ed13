"""The organiser's pages: budget rounds, their tables, each table's links, the
minutes in every format, the live overview of a round, and erasing personal data."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from sessions import minutes, pabulib_services, privacy_services, public_results, round_services
from sessions.clock import utcnow
from sessions.errors import DomainError, NotFound
from sessions.money import format_euros, parse_euros
from sessions.views import budget_bar

from . import unit_of_work
from .connections import CONSOLE, end_access
from .forms import (ConfirmForm, EraseForm, MinutesForm, PabulibImportForm, RetentionForm, RoundForm, RoundFrameForm,
                    TableForm, table_shares_form)
from .i18n import OUTCOMES, babel_locale, error_message, euros, pb_repair_messages
from .minutes_render import PHASE_NAME, minutes_response
from .links import absolute, table_links
from .qr import qr_svg_response
from .rooms import publish

bp = Blueprint("organiser", __name__, url_prefix="/organiser")


@bp.before_request
@login_required
def require_organiser():
    """Every page here is for a logged-in organiser."""


def _field_for(error_code: str, form, default: str):
    fields = {"round_dates_reversed": "ends_on", "starts_at_invalid": "starts_at",
              "retention_before_round_ends": "retention_until", "facilitator_name_too_long": "facilitator_name"}
    if error_code.startswith("amount_"):
        return form.budget
    return getattr(form, fields.get(error_code, default))


@bp.get("")
def dashboard():
    rounds = round_services.rounds_of(unit_of_work(), current_user.id)
    return render_template("organiser/dashboard.html", rounds=rounds, form=RoundForm(), logout_form=ConfirmForm())


@bp.post("/rounds")
def create_round():
    form = RoundForm()
    if form.validate_on_submit():
        try:
            budget_cents = parse_euros(form.budget.data, locale=babel_locale())
            created = round_services.create_round(
                unit_of_work(), organiser_id=current_user.id, name=form.name.data,
                neighbourhood=form.neighbourhood.data, budget_cents=budget_cents,
                starts_on=form.starts_on.data, ends_on=form.ends_on.data, retention_until=form.retention_until.data)
        except DomainError as error:
            _field_for(error.code, form, "name").errors.append(error_message(error.code))
        else:
            flash(_("Round “%(name)s” created.", name=created["name"]))
            return redirect(url_for("organiser.round_page", round_id=created["id"]))
    rounds = round_services.rounds_of(unit_of_work(), current_user.id)
    return render_template("organiser/dashboard.html", rounds=rounds, form=form, logout_form=ConfirmForm()), 400


def _round_or_404(round_id: int) -> dict:
    try:
        return round_services.round_with_tables(unit_of_work(), organiser_id=current_user.id, round_id=round_id)
    except NotFound:
        abort(404)


def _round_page(budget_round: dict, *, status: int = 200, **forms):
    forms = {"form": TableForm(), "import_form": PabulibImportForm(), "minutes_form": MinutesForm(formdata=None),
             "retention_form": RetentionForm(retention_until=budget_round["retention_until"] and
                                             date.fromisoformat(budget_round["retention_until"])),
             "erase_form": EraseForm(), **_round_frame_forms(budget_round), **forms}
    publication = public_results.publication_of(unit_of_work(), organiser_id=current_user.id,
                                                round_id=budget_round["id"])
    return render_template("organiser/round.html", round=budget_round, logout_form=ConfirmForm(),
                           publication=publication,
                           results_link=publication and absolute("results.page", code=publication["code"]),
                           cells={t["id"]: _overview_cells(t) for t in budget_round["tables"]},
                           round_total=_round_total(budget_round), combined_bar=_combined_bar(budget_round),
                           **forms), status


@bp.get("/rounds/<int:round_id>")
def round_page(round_id: int):
    return _round_page(_round_or_404(round_id))


def _overview_cells(table: dict) -> dict[str, str]:
    """One table's row in the round overview, worded in the organiser's language. The
    page draws it and the overview refreshes it from the same words."""
    decision = table["decision"]
    return {
        "phase": " · ".join([str(PHASE_NAME[table["phase"]])] + ([_("minutes final")] if table["closed"] else [])),
        "participant_count": str(table["participant_count"]),
        "argument_count": str(table["argument_count"]),
        "options": f"{table['option_count']} · {euros(table['options_total_cents'])}",
        "budget": euros(table["budget_cents"]),
        "decision": (f"{OUTCOMES[decision['outcome']]}: {', '.join(decision['option_titles'])} "
                     f"({euros(decision['total_cost_cents'])})") if decision else _("not decided yet"),
    }


def _round_total(budget_round: dict) -> str:
    decided, budget = budget_round["decided_total_cents"], budget_round["budget_cents"]
    if budget_round["left_cents"] < 0:
        return _("Decided: %(decided)s of %(budget)s, %(over)s more than the round's budget.",
                 decided=euros(decided), budget=euros(budget), over=euros(-budget_round["left_cents"]))
    return _("Decided: %(decided)s of %(budget)s.", decided=euros(decided), budget=euros(budget))


# -- the round's own frame and its table budgets (issue 17) ---------------------

def _round_frame_forms(budget_round: dict) -> dict:
    """The frame form and the shares form as saved (a failed post passes its own)."""
    frame = budget_round["frame"]
    locale = babel_locale()
    shares = {f"share_{table_id}": format_euros(cents, locale=locale)
              for table_id, cents in budget_round["shares"].items()}
    return {"frame_form": RoundFrameForm(formdata=None, goals=frame["goals"], conditions=frame["conditions"],
                                         rule=frame["rule"], combination=frame["combination"]),
            "shares_form": table_shares_form(budget_round["tables"], formdata=None, data=shares)}


def _combined_bar(budget_round: dict) -> dict | None:
    """The round's one allocation against its budget: each table's decision a segment."""
    combined = budget_round["combined"]
    if not combined["combined"]:
        return None
    decided = [t for t in budget_round["tables"] if t["decision"]]
    return budget_bar(budget_round["budget_cents"], [
        {"label": t["title"], "cents": t["decision"]["total_cost_cents"]} for t in decided])


def _round_frame_error(error: DomainError, budget_round: dict) -> str:
    """The words of a refused frame or split, with the amounts that make it clear."""
    params = error.params
    if error.code == "shares_do_not_add_up":
        if params["over_cents"]:
            return _("The shares add up to %(total)s: %(over)s more than the round budget of %(budget)s.",
                     total=euros(params["total_cents"]), over=euros(params["over_cents"]),
                     budget=euros(params["budget_cents"]))
        return _("The shares add up to %(total)s: %(left)s of the round budget of %(budget)s is still to be given.",
                 total=euros(params["total_cents"]), left=euros(params["left_cents"]),
                 budget=euros(params["budget_cents"]))
    if error.code == "decision_above_share":
        title = next((t["title"] for t in budget_round["tables"] if t["id"] == params["table_id"]), "")
        return _("“%(table)s” has already decided on or proposed %(total)s, which is %(over)s more than its budget "
                 "of %(budget)s would be. Give it at least %(total)s.", table=title, total=euros(params["total_cents"]),
                 over=euros(params["over_cents"]), budget=euros(params["budget_cents"]))
    return error_message(error.code)


@bp.post("/rounds/<int:round_id>/frame")
def save_round_frame(round_id: int):
    budget_round = _round_or_404(round_id)
    form = RoundFrameForm()
    if form.validate_on_submit():
        try:
            outcome = round_services.save_round_frame(
                unit_of_work(), organiser_id=current_user.id, round_id=round_id, goals=form.goals.data,
                conditions=form.conditions.data, rule=form.rule.data, combination=form.combination.data)
        except DomainError as error:
            field = {"unknown_rule": form.rule, "decision_above_share": form.combination,
                     "unknown_combination": form.combination}.get(error.code, form.goals)
            field.errors.append(_round_frame_error(error, budget_round))
        else:
            publish(outcome.events)  # every open table of the round shows it at once
            flash(_("The frame of the round is saved."))
            return redirect(url_for("organiser.round_page", round_id=round_id) + "#round-frame-heading")
    return _round_page(budget_round, status=400, frame_form=form)


@bp.post("/rounds/<int:round_id>/shares")
def save_table_shares(round_id: int):
    budget_round = _round_or_404(round_id)
    form = table_shares_form(budget_round["tables"])
    if form.validate_on_submit():
        shares, locale = {}, babel_locale()
        for table in budget_round["tables"]:
            field = form[f"share_{table['id']}"]
            try:
                shares[table["id"]] = parse_euros(field.data, locale=locale)
            except DomainError as error:
                field.errors.append(error_message(error.code))
        if all(not form[f"share_{t['id']}"].errors for t in budget_round["tables"]) and budget_round["tables"]:
            try:
                outcome = round_services.save_table_shares(unit_of_work(), organiser_id=current_user.id,
                                                           round_id=round_id, shares=shares)
            except DomainError as error:
                form.form_errors.append(_round_frame_error(error, budget_round))
            else:
                publish(outcome.events)  # every open table decides within its new budget at once
                flash(_("The table budgets are saved."))
                return redirect(url_for("organiser.round_page", round_id=round_id) + "#shares-heading")
    return _round_page(budget_round, status=400, shares_form=form)


@bp.get("/rounds/<int:round_id>/overview.json")
def round_overview(round_id: int):
    """What the round page refreshes itself with: every table's progress."""
    budget_round = _round_or_404(round_id)
    return jsonify({"tables": {str(t["id"]): _overview_cells(t) for t in budget_round["tables"]},
                    "total": _round_total(budget_round),
                    # The round's one allocation, drawn by the same partial as the page (escaped by Jinja).
                    "combined": render_template("organiser/_round_combined_refresh.html", round=budget_round,
                                                combined_bar=_combined_bar(budget_round))})


@bp.get("/rounds/<int:round_id>/minutes")
def round_minutes(round_id: int):
    form = MinutesForm(request.args)
    if not form.validate():
        return _round_page(_round_or_404(round_id), status=400, minutes_form=form)
    return _minutes(form, lambda: minutes.round_minutes(unit_of_work(), round_id=round_id,
                                                        organiser_id=current_user.id, with_names=form.names.data,
                                                        now=utcnow()))


def _minutes(form: MinutesForm, build):
    try:
        record = build()
    except NotFound:
        abort(404)
    return minutes_response(record, fmt=form.format.data, language=form.language.data)


@bp.post("/rounds/<int:round_id>/retention")
def set_retention(round_id: int):
    budget_round = _round_or_404(round_id)
    form = RetentionForm()
    if form.validate_on_submit():
        try:
            privacy_services.set_retention(unit_of_work(), organiser_id=current_user.id, round_id=round_id,
                                           retention_until=form.retention_until.data)
        except DomainError as error:
            form.retention_until.errors.append(error_message(error.code))
        else:
            flash(_("The retention date is saved.") if form.retention_until.data
                  else _("The round has no retention date now."))
            return redirect(url_for("organiser.round_page", round_id=round_id))
    return _round_page(budget_round, status=400, retention_form=form)


@bp.post("/rounds/<int:round_id>/erase")
def erase_personal_data(round_id: int):
    budget_round = _round_or_404(round_id)
    form = EraseForm()
    if not form.validate_on_submit():
        return _round_page(budget_round, status=400, erase_form=form)
    count = privacy_services.erase_round_personal_data(unit_of_work(), organiser_id=current_user.id, round_id=round_id)
    # Seats and links are gone: no socket opened before the erasure may go on.
    for table in round_services.round_with_tables(unit_of_work(), organiser_id=current_user.id,
                                                  round_id=round_id)["tables"]:
        end_access(table["id"])
    current_app.logger.info("organiser %s erased the personal data of round %s", current_user.id, round_id)
    flash(_("The personal data of %(count)s participants is erased. The anonymous minutes remain.", count=count))
    return redirect(url_for("organiser.round_page", round_id=round_id))


@bp.post("/rounds/<int:round_id>/tables")
def create_table(round_id: int):
    budget_round = _round_or_404(round_id)
    form = TableForm()
    if form.validate_on_submit():
        venue_zone = ZoneInfo(current_app.config["TIMEZONE"])
        starts_at: datetime = form.starts_at.data.replace(tzinfo=venue_zone)
        try:
            created = round_services.create_table(
                unit_of_work(), organiser_id=current_user.id, round_id=round_id,
                title=form.title.data, place=form.place.data, starts_at=starts_at,
                facilitator_name=form.facilitator_name.data)
        except DomainError as error:
            _field_for(error.code, form, "title").errors.append(error_message(error.code))
        else:
            flash(_("Table “%(title)s” created.", title=created["title"]))
            return redirect(url_for("organiser.table_page", table_id=created["id"]))
    return _round_page(budget_round, status=400, form=form)


def _table_or_404(table_id: int) -> dict:
    try:
        return round_services.table_for_organiser(unit_of_work(), organiser_id=current_user.id, table_id=table_id)
    except NotFound:
        abort(404)


@bp.get("/tables/<int:table_id>")
def table_page(table_id: int, *, status: int = 200, minutes_form: MinutesForm | None = None):
    table = _table_or_404(table_id)
    return render_template("organiser/table.html", table=table, links=table_links(table), revoke_form=ConfirmForm(),
                           logout_form=ConfirmForm(),
                           minutes_form=minutes_form or MinutesForm(formdata=None)), status


@bp.get("/tables/<int:table_id>/minutes")
def table_minutes(table_id: int):
    form = MinutesForm(request.args)
    if not form.validate():
        return table_page(table_id, status=400, minutes_form=form)
    return _minutes(form, lambda: minutes.table_minutes(unit_of_work(), table_id=table_id,
                                                        organiser_id=current_user.id, with_names=form.names.data,
                                                        now=utcnow()))




@bp.post("/tables/<int:table_id>/revoke")
def revoke_facilitator_link(table_id: int):
    if ConfirmForm().validate_on_submit():
        try:
            round_services.revoke_facilitator_link(unit_of_work(), organiser_id=current_user.id, table_id=table_id)
        except NotFound:
            abort(404)
        end_access(table_id, roles=(CONSOLE,))
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
            imported = pabulib_services.import_pabulib(unit_of_work(), organiser_id=current_user.id, text=text,
                                                       round_id=round_id)
        except UnicodeDecodeError:
            form.file.errors.append(error_message("pb_malformed"))
        except DomainError as error:
            where = _("line %(line)s: %(detail)s", line=error.params["line"], detail=error.params.get("detail", "")) \
                if "line" in error.params else ""
            form.file.errors.append(f"{error_message(error.code)} {where}".strip())
        else:
            flash(_("The file is imported as a new table."))
            for message in pb_repair_messages(imported.repairs, most_lines=20):
                flash(message)
            return redirect(url_for("organiser.table_page", table_id=imported.table_id))
    return _round_page(budget_round, status=400, import_form=form)


@bp.get("/tables/<int:table_id>/export.pb")
def export_pabulib(table_id: int):
    table = _table_or_404(table_id)
    text = pabulib_services.export_pabulib(unit_of_work(), table_id=table_id)
    response = Response(text, mimetype="text/plain")
    response.headers["Content-Disposition"] = f'attachment; filename="buurttafel-{table["join_code"]}.pb"'
    return response
