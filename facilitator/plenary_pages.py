"""The plenary vote of a round (gezamenlijke stemming): the organiser's page that builds
the round ballot from the tables' options, opens, closes and records the vote, and the
round wall, the projector page of the plenary (its own secret link, no controls)."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from sessions import round_vote_services as plenary
from sessions.clusters import MAX_CLUSTER_NAME
from sessions.errors import DomainError, NotFound
from sessions.money import MAX_TYPED_AMOUNT, parse_euros
from sessions.round_votes import MAX_LEFT_OUT_REASON

from . import unit_of_work
from .forms import ConfirmForm
from .i18n import BALLOT_FORMS, RULES, babel_locale, error_message, js_strings
from .links import absolute
from .offload import runner
from .rooms import publish

bp = Blueprint("plenary", __name__)


class MergeForm(FlaskForm):
    title = StringField(_l("Title of the merged option"), validators=[DataRequired(), Length(max=MAX_CLUSTER_NAME)])
    cost = StringField(_l("Cost in euros"), validators=[DataRequired(), Length(max=MAX_TYPED_AMOUNT)],
                       render_kw={"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"})


class LeaveOutForm(FlaskForm):
    reason = StringField(_l("Why is it left out?"), validators=[DataRequired(), Length(max=MAX_LEFT_OUT_REASON)])


class OpenVoteForm(FlaskForm):
    ballot_form = SelectField(_l("How people vote"), choices=[(k, v) for k, v in BALLOT_FORMS.items()])


@bp.before_request
def require_organiser_for_the_builder():
    """Every page here but the round wall is for the organiser of the round."""
    if request.endpoint != "plenary.round_wall":
        return login_required(lambda: None)()


def _page(round_id: int, *, status: int = 200, errors: dict | None = None, merge_form=None,
          leave_forms: dict | None = None):
    try:
        view = plenary.builder_view(unit_of_work(), organiser_id=current_user.id, round_id=round_id)
    except NotFound:
        abort(404)
    ballot = view["ballot"]
    building = ballot is not None and ballot["state"] == "building"
    if ballot is not None and ballot["open"]:
        # The page follows the turnout as the round wall does, on the wall's link it shows.
        _remember_round_wall(round_id, ballot["wall_token"])
    leave_forms = {**({o["id"]: LeaveOutForm(prefix=f"leave-{o['id']}", formdata=None)
                       for o in ballot["options"]} if building else {}), **(leave_forms or {})}
    return render_template(
        "organiser/plenary.html", view=view, ballot=ballot, building=building, errors=errors or {},
        merge_form=merge_form or MergeForm(formdata=None), leave_forms=leave_forms,
        open_form=OpenVoteForm(formdata=None), action_form=ConfirmForm(), logout_form=ConfirmForm(),
        rule_names=RULES, ballot_forms=BALLOT_FORMS,
        wall_url=absolute("plenary.round_wall", token=ballot["wall_token"]) if ballot else None), status


def _done(round_id: int, message: str):
    flash(message)
    return redirect(url_for("plenary.builder", round_id=round_id) + "#vote")


@bp.get("/organiser/rounds/<int:round_id>/plenary")
def builder(round_id: int):
    return _page(round_id)


@bp.post("/organiser/rounds/<int:round_id>/plenary/take-in")
def take_in(round_id: int):
    if not ConfirmForm().validate_on_submit():
        return _page(round_id, status=400, errors={"ballot": error_message("invalid_payload")})
    try:
        count = plenary.take_in_options(unit_of_work(), organiser_id=current_user.id, round_id=round_id)
    except NotFound:
        abort(404)
    except DomainError as error:
        return _page(round_id, status=400, errors={"ballot": error_message(error.code)})
    flash(_("%(count)s options of the tables are on the round ballot now.", count=count))
    return redirect(url_for("plenary.builder", round_id=round_id))


def _ids(name: str) -> list[int]:
    return [int(value) for value in request.form.getlist(name) if value.isascii() and value.isdigit()
            and len(value) < 12]


@bp.post("/organiser/rounds/<int:round_id>/plenary/merge")
def merge(round_id: int):
    form = MergeForm()
    if form.validate_on_submit():
        try:
            plenary.merge_round_options(
                unit_of_work(), organiser_id=current_user.id, round_id=round_id, round_option_ids=_ids("merge"),
                title=form.title.data, cost_cents=parse_euros(form.cost.data, locale=babel_locale()))
        except NotFound:
            abort(404)
        except DomainError as error:
            if error.code.startswith("amount_") or error.code == "cost_out_of_range":
                form.cost.errors.append(error_message(error.code))
            elif error.code == "option_title_required":
                form.title.errors.append(error_message(error.code))
            else:
                return _page(round_id, status=400, errors={"merge": error_message(error.code)}, merge_form=form)
        else:
            flash(_("The options are merged into “%(title)s”.", title=form.title.data))
            return redirect(url_for("plenary.builder", round_id=round_id))
    return _page(round_id, status=400, merge_form=form)


@bp.post("/organiser/rounds/<int:round_id>/plenary/options/<int:option_id>/leave-out")
def leave_out(round_id: int, option_id: int):
    form = LeaveOutForm(prefix=f"leave-{option_id}")
    if form.validate_on_submit():
        try:
            plenary.leave_out(unit_of_work(), organiser_id=current_user.id, round_id=round_id,
                              round_option_id=option_id, reason=form.reason.data)
        except NotFound:
            abort(404)
        except DomainError as error:
            form.reason.errors.append(error_message(error.code))
        else:
            flash(_("The option is left out of the round ballot."))
            return redirect(url_for("plenary.builder", round_id=round_id))
    return _page(round_id, status=400, leave_forms={option_id: form})


@bp.post("/organiser/rounds/<int:round_id>/plenary/open")
def open_vote(round_id: int):
    form = OpenVoteForm()
    if not form.validate_on_submit():
        return _page(round_id, status=400, errors={"vote": error_message("unknown_ballot_form")})
    try:
        outcome = plenary.open_round_vote(unit_of_work(), organiser_id=current_user.id, round_id=round_id,
                                          ballot_form=form.ballot_form.data)
    except NotFound:
        abort(404)
    except DomainError as error:
        return _page(round_id, status=400, errors={"vote": error_message(error.code)})
    publish(outcome.events)
    return _done(round_id, _("The joint vote is open: every participant can vote on their phone."))


@bp.post("/organiser/rounds/<int:round_id>/plenary/close")
def close_vote(round_id: int):
    if not ConfirmForm().validate_on_submit():
        return _page(round_id, status=400, errors={"vote": error_message("invalid_payload")})
    try:
        outcome = plenary.close_round_vote(unit_of_work(), organiser_id=current_user.id, round_id=round_id,
                                           compute=runner("allocation"))
    except NotFound:
        abort(404)
    except DomainError as error:
        return _page(round_id, status=400, errors={"vote": error_message(error.code)})
    publish(outcome.events)
    return _done(round_id, _("The joint vote is closed and counted."))


@bp.post("/organiser/rounds/<int:round_id>/plenary/decision")
def decide(round_id: int):
    if not ConfirmForm().validate_on_submit():
        return _page(round_id, status=400, errors={"decision": error_message("invalid_payload")})
    try:
        outcome = plenary.record_round_decision(unit_of_work(), organiser_id=current_user.id, round_id=round_id,
                                                funded=_ids("funded"))
    except NotFound:
        abort(404)
    except DomainError as error:
        return _page(round_id, status=400, errors={"decision": error_message(error.code)})
    publish(outcome.events)
    return _done(round_id, _("The round decision is recorded."))


@bp.get("/organiser/rounds/<int:round_id>/plenary.pb")
def export_pb(round_id: int):
    try:
        text = plenary.export_round_pb(unit_of_work(), organiser_id=current_user.id, round_id=round_id)
    except NotFound:
        abort(404)
    except DomainError as error:
        flash(error_message(error.code))
        return redirect(url_for("plenary.builder", round_id=round_id))
    response = Response(text, mimetype="text/plain")
    response.headers["Content-Disposition"] = f'attachment; filename="buurttafel-round-{round_id}.pb"'
    return response


def _remember_round_wall(round_id: int, token: str) -> None:
    """This browser may listen to the round's vote (connections.py reads it on connect)."""
    session["round_wall_tokens"] = {**session.get("round_wall_tokens", {}), str(round_id): token}
    session.permanent = True


@bp.get("/round-wall/<token>")
def round_wall(token: str):
    """The plenary's projector page: turnout and the live tally, no controls."""
    view = plenary.wall_by_token(unit_of_work(), token)
    if view is None:
        return render_template("errors/error.html", heading=_("Link no longer valid"), message=_(
            "This link does not work (any more). Ask the organiser of the round for the current link.")), 404
    _remember_round_wall(view["round_id"], token)
    return render_template("plenary/wall.html", view=view, live={
        "round": view["round_id"], "role": "round_wall", "strings": js_strings()})
