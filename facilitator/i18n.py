"""Language choice, Dutch formats, and every user-facing string that code (not
templates) needs: error messages, phase names, and the strings of the JS."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from flask import Flask, current_app, request, session
from flask_babel import get_locale, lazy_gettext as _l, ngettext

from sessions.money import format_euros
from sessions.phases import Phase

PHASE_NAMES = {
    Phase.WELKOM: _l("Welcome"),
    Phase.KADERS: _l("Frame"),
    Phase.INBRENG: _l("Input"),
    Phase.ORDENEN: _l("Clustering"),
    Phase.AFWEGEN: _l("Weighing"),
    Phase.VERDELEN: _l("Allocation"),
    Phase.BESLUITEN: _l("Decision"),
    Phase.AFGEROND: _l("Closed"),
}

PHASE_HINTS = {
    Phase.WELKOM: _l("Welcome! We start in a moment. Keep this page open."),
    Phase.KADERS: _l("The table agrees on the goals, roles, budget and how it will decide."),
    Phase.INBRENG: _l("Share your arguments and ideas."),
    Phase.ORDENEN: _l("The facilitator groups the arguments into options."),
    Phase.AFWEGEN: _l("Weigh the arguments for and against each option."),
    Phase.VERDELEN: _l("Divide the budget over the options."),
    Phase.BESLUITEN: _l("Give your signal on the proposal."),
    Phase.AFGEROND: _l("The table is closed. Thank you for taking part!"),
}

BALLOT_FORMS = {
    "kiezen": _l("Choose: pick options that together fit the budget"),
    "verdelen": _l("Divide: spread points over the options"),
}
RULES = {
    "mes": _l("Method of Equal Shares (fair to smaller groups)"),
    "greedy": _l("Most support first, while the money lasts"),
    "phragmen": _l("Sequential Phragmén"),
}
CONSENSUS_RULES = {
    "consent": _l("Nobody objects (consent)"),
    "unanimity": _l("Everybody agrees"),
    "three_quarters": _l("Three in four agree and nobody objects"),
}

# The round's own frame (issue 17): its counting rule and how the tables' work becomes one
# decision, one plain sentence each (the organiser's form, the tables' Kaders, the minutes).
ROUND_RULE_SENTENCES = {
    "mes": _l("Method of Equal Shares: every voter gets an equal part of the budget to spend on what they "
              "support, so smaller groups also see something funded."),
    "greedy": _l("Most support first: the options with the most support are funded in turn, while the money lasts."),
    "phragmen": _l("Sequential Phragmén: the cost of each funded option is spread as evenly as possible over "
                   "its supporters."),
}
COMBINATIONS = {
    "separate": _l("Each table on its own: every table decides on the whole round budget."),
    "table_budgets": _l("Table budgets: the round budget is split over the tables, each decides within its share."),
    "plenary": _l("A joint vote: the tables' options go to one vote of every participant of the round."),
}

SIGNALS = {
    1: _l("Fully agree"),
    2: _l("Agree, with notes"),
    3: _l("I can live with it"),
    4: _l("Serious doubts, but I do not block"),
    5: _l("Objection: this must not go ahead"),
}
OUTCOMES = {
    "consensus": _l("Consensus"),
    "consent_with_reservations": _l("Consent with reservations"),
    "no_consensus": _l("No consensus"),
}

ERROR_MESSAGES = {
    "not_found": _l("That could not be found."),
    "not_allowed": _l("You are not allowed to do that at this table."),
    "link_revoked": _l("This facilitator link is no longer valid. Ask the organiser for a new one."),
    "not_connected": _l("You are not connected to a table. Reload the page."),
    "invalid_payload": _l("The request was not understood. Reload the page and try again."),
    "unknown_phase": _l("That phase does not exist."),
    "timer_already_running": _l("The timer is already running."),
    "timer_not_running": _l("The timer is not running."),
    "timer_finished": _l("The timer has run out. Reset it first."),
    "timer_duration_invalid": _l("Choose a time between 1 second and 4 hours."),
    "display_name_too_long": _l("A name can be at most 40 characters."),
    "name_required": _l("Give the round a name (at most 120 characters)."),
    "neighbourhood_required": _l("Give the neighbourhood (at most 120 characters)."),
    "title_required": _l("Give the table a title (at most 120 characters)."),
    "place_required": _l("Give the place (at most 120 characters)."),
    "starts_at_invalid": _l("Give a valid start date and time."),
    "round_dates_reversed": _l("The end date cannot be before the start date."),
    "retention_before_round_ends": _l("Keep the personal data at least until the round ends."),
    "facilitator_name_too_long": _l("The facilitator's name can be at most 120 characters."),
    "wall_pages_only_when_finished": _l("The wall pages through the draft minutes in the phase Closed."),
    "close_only_when_finished": _l("Close the table in the phase Closed, after the table has checked the draft minutes."),
    "table_closed": _l("This table is closed: its minutes are final. Reopen it to make a correction."),
    "table_not_closed": _l("This table is not closed."),
    "timer_table_closed": _l("The table is closed, so the timer is stopped. Reopen the table to use the timer."),
    # The English page writes amounts the English way, the Dutch page the Dutch way: each
    # message shows the way of its own page (sessions/money.py reads both).
    "amount_required": _l("Give an amount in euros, for example 3,000 or 3,000.50."),
    "amount_invalid": _l("This is not an amount. Write the amount as 3,000 or 3,000.50."),
    "amount_ambiguous": _l("Not clear: is this 3.50 or 3,500? A comma separates thousands. "
                           "Write the amount as 3,500 or 3.50."),
    "amount_too_precise": _l("At most two digits after the decimal point (cents). Write the amount as 3,000 or 3,000.50."),
    "amount_negative": _l("An amount cannot be negative. Write the amount as 3,000 or 3,000.50."),
    "amount_out_of_range": _l("The amount must be between € 0 and € 1 billion."),
    "email_invalid": _l("Give a valid e-mail address."),
    "email_taken": _l("There is already an organiser with this e-mail address."),
    "password_too_short": _l("A password needs at least 10 characters."),
    "setup_link_invalid": _l("This setup link is no longer valid. Restart the server for a new one, or use the command line."),
    "join_code_unknown": _l("No table has this code. Check the code on the wall."),
    "join_code_exhausted": _l("No free join code could be found. Try again."),
    "rate_limited": _l("Too many attempts. Wait a minute and try again."),
    "unknown_stance": _l("Choose for, against or idea."),
    "argument_text_required": _l("Write your argument first."),
    "argument_text_too_long": _l("An argument can be at most 1,000 characters."),
    "too_many_arguments": _l("You are sending arguments very fast. Wait a minute; what you wrote is kept."),
    "too_many_events": _l("You are going very fast. Wait a moment and try again."),
    "table_busy": _l("It is very busy at your table right now. Wait a moment and try again."),
    "input_closed": _l("Adding arguments is closed at the moment."),
    "argument_not_visible": _l("This argument is no longer on the wall."),
    "argument_not_hidden": _l("This argument is not hidden."),
    "argument_not_waiting": _l("This argument is no longer waiting for approval."),
    "argument_not_merged": _l("This argument is not merged."),
    "merge_not_undoable": _l("This merge was made before merges could be undone."),
    "undo_later_merge_first": _l("The argument this one was merged into was merged again later. Undo that merge first."),
    "not_your_argument": _l("You can only change your own arguments."),
    "hide_reason_required": _l("Give a reason for hiding (at most 300 characters)."),
    "merge_into_itself": _l("Choose another argument to merge with."),
    "unknown_reaction": _l("Choose agree, disagree or pass."),
    "reactions_closed": _l("Reacting is possible in the Weighing phase."),
    "argument_not_found": _l("One of these arguments is not at this table."),
    "cluster_not_found": _l("That group no longer exists. The screen shows the current groups."),
    "cluster_name_too_long": _l("A group name can be at most 120 characters."),
    "cluster_has_option": _l("This group is an option. Remove the option first."),
    "nothing_to_undo": _l("There is nothing to undo."),
    "option_not_found": _l("That option no longer exists."),
    "option_title_required": _l("Give the option a title (at most 120 characters)."),
    "option_description_too_long": _l("A description can be at most 1,000 characters."),
    "carried_by_too_long": _l("Who carries it out: at most 120 characters."),
    "cost_invalid": _l("Give the cost in euros, for example 3,000 or 3,000.50."),
    "cost_out_of_range": _l("The cost must be at least € 0 and at most 100 times the budget."),
    "frame_text_too_long": _l("Each part of the frame can be at most 2,000 characters."),
    "unknown_ballot_form": _l("Choose how people vote: choose or divide."),
    "unknown_rule": _l("Choose one of the decision rules offered."),
    "unknown_consensus_rule": _l("Choose what counts as consensus."),
    "ballot_round_closed": _l("Voting is not open at the moment."),
    "ballot_round_open": _l("A voting round is already open. Close it first."),
    "no_options": _l("There are no options with a cost yet. Make them in Clustering."),
    "invalid_ballot": _l("This ballot was not understood. Reload the page and try again."),
    "unknown_option": _l("That option is not on this table."),
    "ballot_over_budget": _l("Together these options cost more than the budget. Leave one out."),
    "too_many_points": _l("You can give at most 100 points in all."),
    "paper_label_required": _l("Give the paper ballot a label, for example “Kaart 3” (at most 60 characters)."),
    "invalid_characters": _l("This text contains control characters that cannot be stored. Remove them and try again."),
    "server_busy": _l("It is busy. Try again."),
    "consensus_round_open": _l("A proposal is already before the table. Close that round first."),
    "consensus_round_closed": _l("There is no proposal to respond to at the moment."),
    "proposal_over_budget": _l("Together these options cost more than the budget. Leave one out."),
    "unknown_signal": _l("Choose one of the five answers."),
    "objection_needs_reason": _l("An objection needs a reason: what should change?"),
    "reason_too_long": _l("A reason can be at most 500 characters."),
    "no_closed_consensus_round": _l("Close a consensus round before recording the decision."),
    "unknown_outcome": _l("Choose consensus, consent with reservations or no consensus."),
    "override_needs_reason": _l("Write down why the decision differs from the outcome of the round."),
    "over_budget": _l("This allocation costs more than the budget."),
    "pb_malformed": _l("This is not a valid Pabulib file."),
    # The round's own frame and its table budgets (issue 17); the round page words the
    # first two with their amounts (organiser._round_frame_error).
    "shares_do_not_add_up": _l("The table budgets must add up to exactly the round budget."),
    "decision_above_share": _l("A table has already decided on more than this budget would give it."),
    "unknown_combination": _l("Choose how the tables' work becomes one decision."),
    "unknown_table": _l("The tables of the round have changed. Reload the page and try again."),
    "mixed_ballots": _l("The ballots mix choosing and dividing points."),
    "duplicate_option": _l("An option appears twice."),
    "status_unknown": _l("Choose planned, in progress, done or dropped."),
    "status_date_invalid": _l("Give a valid date as day-month-year, for example 7-12-2026 or 7 december 2026."),
    "status_note_too_long": _l("A note can be at most 280 characters."),
    "status_reason_too_long": _l("A reason can be at most 500 characters."),
    "status_dropped_needs_reason": _l("A dropped plan needs a reason: why does it not go ahead?"),
    "round_erased": _l("The personal data of this round was erased; its results page cannot be public."),
    "database_unavailable": _l("The server cannot reach its database for a moment. Try again in a few seconds; "
                               "nothing you entered was lost."),
    "server_error": _l("Something went wrong on the server. Try again; nothing you entered was lost."),
}


# The plenary vote of a round (sessions/round_vote_services.py).
ERROR_MESSAGES.update({
    "round_vote_not_open": _l("The joint vote of the round is not open."),
    "round_vote_already_cast": _l("You have already voted in the joint vote of this round. Everybody votes once."),
    "round_vote_closed": _l("The joint vote is closed and counted already."),
    "round_vote_not_closed": _l("Close the joint vote first."),
    "round_ballot_fixed": _l("The vote has been opened: the round ballot can no longer change."),
    "round_decision_over_budget": _l("Together these options cost more than the round's budget. Leave one out."),
    "round_ballot_not_built": _l("Build the round ballot from the tables' options first."),
    "round_not_plenary": _l("This round does not decide by a joint vote: choose the joint vote in the round's frame first."),
    "round_vote_under_way": _l("The joint vote of this round has opened: the round decides by it."),
    "round_paper_label_used": _l("A paper ballot with this label is already counted in the joint vote. "
                                 "Each card counts once; give another card another label."),
    "merge_needs_two_options": _l("Tick at least two options to merge."),
    "left_out_reason_required": _l("Give the reason for leaving it out (at most 300 characters)."),
})


# -- The frame agreed by the table: each rule in one plain sentence, and the errors of
#    the frame consent round.
RULE_EXPLANATIONS = {
    "mes": _l("Everybody gets an equal share of the budget; an option is funded when the people who want it "
              "can pay for it together from their shares."),
    "greedy": _l("The option with the most votes is funded first, then the next, as long as the money lasts."),
    "phragmen": _l("Options are funded one by one, each time the one that spreads the costs most evenly "
                   "over the people who want it."),
}
CONSENSUS_RULE_EXPLANATIONS = {
    "consent": _l("Agreed when nobody objects; doubts and notes are written down."),
    "unanimity": _l("Agreed only when everybody agrees, with or without notes."),
    "three_quarters": _l("Agreed when at least three in four agree and nobody objects."),
}
ERROR_MESSAGES.update({
    "frame_round_open": _l("The frame is before the table. Close that round before you change it."),
    "frame_round_closed": _l("The frame is not before the table at the moment."),
    "frame_already_agreed": _l("The table already agreed this frame. Change it first, then put it to the table again."),
    "unknown_suggestion_kind": _l("Choose a goal or a condition."),
    "suggestion_required": _l("Write your suggestion (at most 500 characters)."),
    "suggestion_too_long": _l("A suggestion can be at most 500 characters."),
    "unknown_suggestion": _l("That suggestion was already dealt with."),
})


def frame_consent_strings() -> dict:
    """What the pages say about the frame consent round."""
    return {
        "frameRound": str(_l("Frame proposal %(number)s")),
        "frameRoundOpen": str(_l("Frame proposal %(number)s is before the table: %(count)s answers.")),
        "frameRoundOpenOne": str(_l("Frame proposal %(number)s is before the table: 1 answer.")),
        "frameAgreed": str(_l("The frame is agreed (proposal %(number)s): %(outcome)s.")),
        "frameNotAgreed": str(_l("Proposal %(number)s was not agreed: amend it and put it again.")),
        "frameDraftOnly": str(_l("Not agreed by the table yet.")),
        "frameDraftChanged": str(_l("The draft differs from the agreed frame: put it to the table to change it.")),
        "paperAnswers": str(_l("%(count)s on paper")),
        "suggestionSent": str(_l("Thank you. The facilitator sees your suggestion.")),
        "suggestionKinds": {"goal": str(_l("Goal")), "condition": str(_l("Condition"))},
        "take": str(_l("Take into the frame")),
        "setAside": str(_l("Set aside")),
        "noFrameSuggestions": str(_l("No suggestions from the phones yet.")),
        "paperSignalSaved": str(_l("Paper answer saved.")),
        "ruleExplanations": {key: str(value) for key, value in RULE_EXPLANATIONS.items()},
        "consensusRuleExplanations": {key: str(value) for key, value in CONSENSUS_RULE_EXPLANATIONS.items()},
    }


def error_message(code: str) -> str:
    return str(ERROR_MESSAGES.get(code, ERROR_MESSAGES["server_error"]))


def pb_repair_messages(repairs, *, most_lines: int | None = None) -> list[str]:
    """What a Pabulib import read leniently, one sentence per kind, naming the lines
    (all of them, or the first `most_lines` and how many more)."""
    messages = []
    for repair in repairs:
        lines = [str(n) for n in repair.lines]
        if most_lines is not None and len(lines) > most_lines:
            more = len(lines) - most_lines
            lines = lines[:most_lines] + [ngettext("and %(num)s more", "and %(num)s more", more, num=more)]
        # "repeated_project" is the only kind so far; a new kind gets its own sentence here.
        messages.append(ngettext(
            "Line %(lines)s: a vote names the same project more than once. It counts once.",
            "Lines %(lines)s: a vote names the same project more than once. It counts once.",
            len(repair.lines), lines=", ".join(lines)))
    return messages


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    # Dutch first: only a browser that prefers English over Dutch gets English.
    return request.accept_languages.best_match(list(languages), default="nl") if request else "nl"


def budget_bar_strings() -> dict[str, str]:
    """The budget bar's words, the same for the Jinja macro and static/js/budget_bar.js."""
    return {
        "budget": str(_l("Budget %(amount)s")),
        "total": str(_l("%(amount)s of %(budget)s")),
        "left": str(_l("Left: %(amount)s")),
        "over": str(_l("%(amount)s over the budget")),
        "nothing": str(_l("nothing yet")),
    }


def js_strings() -> dict[str, str]:
    """The strings the page scripts show, in the page's language."""
    return {
        "phases": {phase.value: str(name) for phase, name in PHASE_NAMES.items()},
        "hints": {phase.value: str(hint) for phase, hint in PHASE_HINTS.items()},
        "online": str(_l("Connected")),
        "offline": str(_l("No connection — trying to reconnect. Keep this page open.")),
        "reconnecting": str(_l("Reconnecting…")),
        "phaseOf": str(_l("Phase %(number)s of %(total)s")),
        "timerRunning": str(_l("running")),
        "timerPaused": str(_l("paused")),
        "timerReady": str(_l("not started")),
        "timerDone": str(_l("Time is up")),
        "timerClosed": str(_l("stopped: the table is closed")),
        "phaseTimerLabel": str(_l("Time for %(phase)s")),
        "phaseTimersSaved": str(_l("Times saved. They apply from the next phase change.")),
        "joinQrOnWall": str(_l("The wall shows the QR code now, over the phase.")),
        "present": str(_l("present")),
        "away": str(_l("away")),
        "anonymous": str(_l("Participant %(number)s")),
        "phaseChangedTo": str(_l("Phase changed to %(phase)s")),
        "serverError": error_message("server_error"),
        "stances": {"voor": str(_l("For")), "tegen": str(_l("Against")), "idee": str(_l("Idea"))},
        "stanceHeadings": {"voor": str(_l("For")), "tegen": str(_l("Against")), "idee": str(_l("Ideas"))},
        "reactions": {"agree": str(_l("Agree")), "disagree": str(_l("Disagree")), "pass": str(_l("Pass"))},
        "reactionSummary": str(_l("%(agree)s agree · %(disagree)s disagree · %(pass)s pass")),
        "pinned": str(_l("pinned")),
        "viaFacilitator": str(_l("via the facilitator")),
        "supporters": str(_l("mentioned %(count)s times")),
        "sending": str(_l("Sending…")),
        "waiting": str(_l("Waiting for a connection — kept on this phone")),
        "sent": str(_l("Sent")),
        "notSent": str(_l("Not sent")),
        "edit": str(_l("Edit")),
        "withdraw": str(_l("Withdraw")),
        "save": str(_l("Save")),
        "cancel": str(_l("Cancel")),
        "retry": str(_l("Send again")),
        "discard": str(_l("Delete")),
        "characters": str(_l("%(count)s of 1,000 characters")),
        "hidden": str(_l("Hidden: %(reason)s")),
        "withdrawn": str(_l("Withdrawn by the author")),
        "merged": str(_l("Merged into another argument")),
        "undoMerge": str(_l("Undo merge")),
        "absorbedOne": str(_l("merged with 1 other argument")),
        "absorbedMany": str(_l("merged with %(count)s other arguments")),
        "waitingForFacilitator": str(_l("waiting for the facilitator")),
        "hiddenByFacilitator": str(_l("hidden by the facilitator: %(reason)s")),
        "approve": str(_l("Approve")),
        "approveAll": str(_l("Approve all (%(count)s)")),
        "queueEmpty": str(_l("Nothing is waiting.")),
        "premoderationOn": str(_l("New arguments from phones wait here until you approve them.")),
        "premoderationOffQueue": str(_l("Pre-moderation is off: new arguments go to the wall at once. "
                                         "The ones below still wait until you approve or hide them.")),
        "premoderationOff": str(_l("Pre-moderation is off: new arguments go to the wall at once.")),
        "approved": str(_l("Approved: %(text)s")),
        "hide": str(_l("Hide")),
        "unhide": str(_l("Show again")),
        "pin": str(_l("Pin to the wall")),
        "unpin": str(_l("Unpin")),
        "mergeInto": str(_l("Merge into…")),
        "merge": str(_l("Merge")),
        "reason": str(_l("Reason for hiding")),
        "inputOpen": str(_l("Input is open")),
        "inputClosed": str(_l("Input is closed")),
        "openInput": str(_l("Open input")),
        "closeInput": str(_l("Close input")),
        "author": str(_l("by %(name)s")),
        "yourReaction": str(_l("Your reaction to this argument")),
        "noArguments": str(_l("No arguments yet.")),
        "emptyArgument": error_message("argument_text_required"),
        "selected": str(_l("%(count)s selected")),
        "notGrouped": str(_l("Not grouped")),
        "unnamedGroup": str(_l("Group %(number)s")),
        "groupName": str(_l("Name of the group")),
        "rename": str(_l("Rename")),
        "mergeGroupInto": str(_l("Merge this group into…")),
        "deleteGroup": str(_l("Remove group")),
        "optionTitle": str(_l("Option title")),
        "optionCost": str(_l("Estimated cost in euros")),
        "optionDescription": str(_l("Description")),
        "optionCarriedBy": str(_l("Carried out by (optional)")),
        "saveOption": str(_l("Save as option")),
        "removeOption": str(_l("Remove option")),
        "optionTotal": str(_l("Options together: %(total)s of the budget of %(budget)s")),
        "overBudget": str(_l("more than the budget")),
        "select": str(_l("Select")),
        "accept": str(_l("Accept")),
        "noOption": str(_l("No particular option")),
        "moveUp": str(_l("Move up")),
        "ballotForms": {key: str(value) for key, value in BALLOT_FORMS.items()},
        "rules": {key: str(value) for key, value in RULES.items()},
        "consensusRules": {key: str(value) for key, value in CONSENSUS_RULES.items()},
        "frameSaved": str(_l("The frame is saved; phones and wall show it.")),
        "chooseInstruction": str(_l("Choose the options you want. Together they must fit the budget of %(budget)s.")),
        "divideInstruction": str(_l("Divide %(points)s points over the options you find most important.")),
        "chosenTotal": str(_l("Chosen: %(total)s of %(budget)s")),
        "pointsLeft": str(_l("Points left: %(points)s")),
        "doesNotFit": str(_l("does not fit any more")),
        "voteSaved": str(_l("Your vote is saved. You can change it until voting closes.")),
        "pointsFor": str(_l("Points for %(title)s")),
        "turnout": str(_l("%(count)s votes")),
        "turnoutOne": str(_l("%(count)s vote")),
        "votesFor": str(_l("%(count)s")),
        "withinBudget": str(_l("within the budget")),
        "roundOpen": str(_l("Round %(number)s is open: %(count)s votes so far.")),
        "roundOpenOne": str(_l("Round %(number)s is open: 1 vote so far.")),
        "resultTotal": str(_l("Funded: %(total)s · left: %(left)s")),
        "signals": {str(key): str(value) for key, value in SIGNALS.items()},
        "outcomes": {key: str(value) for key, value in OUTCOMES.items()},
        "proposalTotal": str(_l("Proposal %(number)s: %(total)s of %(budget)s")),
        "signalSaved": str(_l("Your answer is saved. You can change it until the round closes.")),
        "signalsGiven": str(_l("%(count)s answers")),
        "signalsGivenOne": str(_l("1 answer")),
        "decisionRecorded": str(_l("Decision: %(outcome)s, %(total)s.")),
        "basedOn": str(_l("Start from")),
        "ownChoice": str(_l("my own choice")),
        "roundClosed": str(_l("Round %(number)s is closed: %(count)s votes.")),
        "roundClosedOne": str(_l("Round %(number)s is closed: 1 vote.")),
        "noRound": str(_l("No voting round yet. Make options with costs first, then open voting.")),
        "beyondBudget": str(_l("beyond the budget")),
        "moveDown": str(_l("Move down")),
        "reject": str(_l("Reject")),
        "noSuggestions": str(_l("No groups to suggest: too few similar arguments.")),
        "suggestedName": str(_l("Name of the suggested group")),
        "placeInto": str(_l("Into %(group)s")),
        "orInto": str(_l("Rather into %(group)s")),
        "budgetBar": budget_bar_strings(),
        "roundFrame": {
            "rules": {key: str(value) for key, value in ROUND_RULE_SENTENCES.items()},
            "combinations": {key: str(value) for key, value in COMBINATIONS.items()},
            "share": str(_l("%(share)s of the round budget of %(budget)s")),
            "whole": str(_l("The whole round budget: %(budget)s")),
        },
        "chosenRule": str(_l("(the rule this table chose)")),
        "proposalNumber": str(_l("Proposal %(number)s")),
        "sectionOf": str(_l("%(number)s of %(total)s")),
        "draftMinutes": str(_l("Draft minutes: check them together before you leave")),
        "noDecision": str(_l("No decision has been recorded yet.")),
        "objections": str(_l("Objections and their reasons")),
        "moreItems": str(_l("+ %(count)s more")),
        "closingCounts": str(_l("%(participants)s participants · %(arguments)s arguments · %(rounds)s consensus rounds")),
        "groupCounts": str(_l("%(count)s arguments")),
        "groupCountsOne": str(_l("1 argument")),
        "groupReactions": str(_l("%(agree)s agree · %(disagree)s disagree")),
        "noPlacements": str(_l("No proposals: make a group with an argument or two first, or every argument is grouped already.")),
        "filterCount": str(_l("%(shown)s of %(total)s shown")),
        "noMatch": str(_l("No argument matches the filter.")),
        "moreArguments": str(_l("Show more (%(count)s more)")),
        **_phone_strings(),
        **_plenary_strings(),
        **frame_consent_strings(),
    }


def _plenary_strings() -> dict[str, str]:
    """The plenary vote of the round, on the phone and the round wall."""
    return {
        "roundFrom": str(_l("From: %(sources)s")),
        "roundVoted": str(_l("Your vote in the joint vote is counted. Thank you!")),
        "roundVoteClosed": str(_l("The joint vote is closed.")),
        "roundVoteOpened": str(_l("The joint vote of the round is open: vote below.")),
        "roundTurnout": str(_l("%(voters)s of %(participants)s participants have voted.")),
        "roundWallTurnout": str(_l("of %(participants)s participants have voted, %(paper)s of them on paper")),
        "roundStateBuilding": str(_l("The vote opens soon")),
        "roundStateOpen": str(_l("Voting is open: vote on your phone")),
        "roundStateClosed": str(_l("Voting is closed")),
        "roundVotes": str(_l("%(count)s votes")),
        "roundPoints": str(_l("%(count)s points")),
        "roundVote": str(_l("%(count)s vote")),
        "roundPoint": str(_l("%(count)s point")),
        "roundMore": str(_l("and %(count)s more options with less support")),
        "roundDecidedTotal": str(_l("The round has decided: %(total)s of %(budget)s")),
        "roundResult": str(_l("Result")),
        "roundLiveTally": str(_l("Live tally")),
        "roundFunded": str(_l("funded")),
        "roundPaperSaved": str(_l("The paper ballot “%(label)s” is counted.")),
    }


def _phone_strings() -> dict[str, str]:
    """The phone's own: weighing per option, the ballot's sums, the answer's reason, the decision."""
    return {
        "carriedBy": str(_l("Carried out by: %(who)s")),
        "aboutOption": str(_l("More about this option")),
        "noArgumentsHere": str(_l("No arguments about this option yet.")),
        "otherArguments": str(_l("Other arguments")),
        "pointsTooMany": str(_l("You have given %(points)s points too many")),
        "tooManyPoints": error_message("too_many_points"),
        "chooseAnswer": error_message("unknown_signal"),
        "objectionNeedsReason": error_message("objection_needs_reason"),
        "reasonRequired": str(_l("Needed for an objection: what should change? The table sees your reason, not your name.")),
        "reasonOptional": str(_l("Optional. The table sees your reason, not your name.")),
        "overrideReason": str(_l("Why the decision differs from the round's outcome: %(reason)s")),
        "nothingFunded": str(_l("No option is funded.")),
        "decisionTotal": str(_l("Together %(total)s of the budget of %(budget)s; %(left)s is left.")),
    }


def _locale() -> str:
    return str(get_locale() or "nl")


def euros(cents: int) -> str:
    return format_euros(cents, locale=babel_locale())


def babel_locale() -> str:
    return "nl_NL" if _locale() == "nl" else "en_GB"


def long_date(value) -> str:
    return format_date(value, format="long", locale=babel_locale())


def local_datetime(value: datetime) -> str:
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    return format_datetime(value.astimezone(zone), format="d MMMM y, HH:mm", locale=babel_locale())


def from_iso(value: str):
    """ISO strings from the domain's views back to dates, for formatting."""
    return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)


def install_template_helpers(app: Flask) -> None:
    app.jinja_env.filters.update(euros=euros, long_date=long_date, local_datetime=local_datetime,
                                 fromiso=from_iso)

    @app.context_processor
    def language_context():
        return {
            "current_language": _locale(),
            "languages": app.config["LANGUAGES"],
            "phase_names": {phase.value: name for phase, name in PHASE_NAMES.items()},
            "ballot_forms": BALLOT_FORMS, "rules": RULES, "consensus_rules": CONSENSUS_RULES,
            "signals": SIGNALS, "outcomes": OUTCOMES, "budget_bar_strings": budget_bar_strings,
            "rule_explanations": RULE_EXPLANATIONS, "consensus_rule_explanations": CONSENSUS_RULE_EXPLANATIONS,
            "combinations": COMBINATIONS,
        }
