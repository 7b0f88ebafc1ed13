// The phone's part in the plenary vote of the round: the table ballot's rows and rules
// (phone_ballot.js, phone_views.js) on the round's options, sent once as `cast_round_vote`.
// The vote arrives as `round_vote_changed` on the phone's own socket (its round's room).
import { element } from "./argument_card.js";
import { announce, euros, format } from "./live.js";
import { ballotOptionRow } from "./phone_ballot.js";
import { chosenView, pointsView } from "./phone_views.js";
import { newerVote, phoneRoundView } from "./round_vote_views.js";

export function setUpRoundVote(live) {
  const section = document.querySelector("[data-round-vote-section]");
  if (!section) return;
  const strings = live.strings;
  const form = section.querySelector("[data-round-vote-form]");
  const optionsBox = section.querySelector("[data-round-vote-options]");
  let vote = null;
  let drawnFor = null;

  function choice() {
    if (vote.ballot_form === "kiezen") {
      return { approved: [...form.querySelectorAll("input[type=checkbox]:checked")].map((b) => Number(b.value)) };
    }
    const points = {};
    for (const input of form.querySelectorAll("input[type=number]")) {
      if (input.value !== "" && Number(input.value) !== 0) points[input.dataset.option] = Number(input.value);
    }
    return { points };
  }

  function update() {
    const total = section.querySelector("[data-round-vote-total]");
    let sendable = true;
    if (vote.ballot_form === "kiezen") {
      const view = chosenView(vote.options, choice().approved, vote.budget_cents);
      total.textContent = format(strings.chosenTotal, { total: euros(view.spentCents), budget: euros(vote.budget_cents) });
      for (const box of form.querySelectorAll("input[type=checkbox]")) {
        const fits = view.fits.get(Number(box.value)) !== false;
        box.disabled = !fits;
        box.closest("label").querySelector(".fit-note").textContent = fits ? "" : ` ${strings.doesNotFit}`;
      }
    } else {
      const view = pointsView(vote.points_per_ballot, choice().points);
      sendable = view.sendable;
      total.textContent = sendable ? format(strings.pointsLeft, { points: view.left })
        : format(strings.pointsTooMany, { points: view.over });
    }
    total.classList.toggle("error", !sendable);
    section.querySelector("[data-round-vote-submit]").setAttribute("aria-disabled", String(!sendable));
    return sendable;
  }

  function build() {
    section.querySelector("[data-round-vote-instruction]").textContent = vote.ballot_form === "kiezen"
      ? format(strings.chooseInstruction, { budget: euros(vote.budget_cents) })
      : format(strings.divideInstruction, { points: vote.points_per_ballot });
    optionsBox.replaceChildren(...vote.options.map((option) => {
      const row = ballotOptionRow(option, vote, {
        label: `${option.title} — ${euros(option.cost_cents)}`, idPrefix: "round-points" });
      // A table's option as it was needs only its table; a merged one says what it came from.
      const from = option.sources.map((s) => (s.title === option.title ? s.table : `${s.table}: ${s.title}`)).join(" · ");
      if (from) row.append(element("p", "hint round-vote-from", format(strings.roundFrom, { sources: from })));
      return row;
    }));
  }

  function draw() {
    const view = phoneRoundView(vote);
    section.hidden = !view.shown;
    if (!view.shown) return;
    form.hidden = view.mode !== "ballot";
    section.querySelector("[data-round-vote-instruction]").hidden = view.mode !== "ballot";
    const done = section.querySelector("[data-round-vote-done]");
    done.hidden = view.mode === "ballot";
    done.textContent = view.mode === "voted" ? strings.roundVoted : strings.roundVoteClosed;
    if (vote.decision) {
      // After the round decided: what it funds, with the total against the round's budget.
      const titles = vote.options.filter((o) => vote.decision.funded.includes(o.id)).map((o) => o.title);
      done.textContent = `${format(strings.roundDecidedTotal, { total: euros(vote.decision.total_cost_cents),
        budget: euros(vote.budget_cents) })}: ${titles.join(", ") || strings.nothingFunded}`;
    }
    section.querySelector("[data-round-vote-turnout]").textContent = format(strings.roundTurnout, vote.turnout);
    if (view.mode !== "ballot") return;
    const key = JSON.stringify([vote.round_id, vote.ballot_form, vote.options]);
    if (key !== drawnFor) {
      drawnFor = key;
      build();
    }
    update();
  }

  form.addEventListener("input", () => {
    update();
    section.querySelector("[data-round-vote-error]").textContent = "";
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = section.querySelector("[data-round-vote-error]");
    if (!update()) {
      error.textContent = strings.tooManyPoints;
      return;
    }
    const ack = await live.send("cast_round_vote", choice());
    error.textContent = ack.ok ? "" : ack.message;
    if (ack.ok || ack.error === "round_vote_already_cast") {
      vote = { ...vote, you_voted: true };
      draw();
      announce(strings.roundVoted);
    }
  });

  live.socket.on("round_vote_changed", (event) => {
    const next = newerVote(vote, event);
    if (next === vote) return;
    const opened = next.open && !(vote && vote.open);
    vote = next;
    draw();
    if (opened && !vote.you_voted) announce(strings.roundVoteOpened);
  });
}
