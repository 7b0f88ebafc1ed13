// The console's part in the plenary vote of the round: while it is open, paper ballots of
// this table's people without a phone, on the round's options (`cast_round_paper_vote`),
// with the table ballot's option rows.
import { format } from "./live.js";
import { ballotOptionRow } from "./phone_ballot.js";
import { newerVote } from "./round_vote_views.js";

export function setUpRoundPaperVote(live, act) {
  const section = document.querySelector("[data-round-paper-section]");
  if (!section) return;
  const strings = live.strings;
  const form = section.querySelector("[data-round-paper-form]");
  let vote = null;
  let drawnFor = null;

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const payload = { paper_label: form.elements.paper_label.value };
    if (vote.ballot_form === "kiezen") {
      payload.approved = [...form.querySelectorAll("input[type=checkbox]:checked")].map((b) => Number(b.value));
    } else {
      payload.points = {};
      for (const input of form.querySelectorAll("input[type=number]")) {
        if (Number(input.value)) payload.points[input.dataset.option] = Number(input.value);
      }
    }
    const label = payload.paper_label;
    const ack = await act("cast_round_paper_vote", payload);
    section.querySelector("[data-round-paper-status]").textContent = ack.ok
      ? format(strings.roundPaperSaved, { label }) : "";
    if (ack.ok) {
      form.reset();
      form.elements.paper_label.focus();
    }
  });

  live.socket.on("round_vote_changed", (event) => {
    const next = newerVote(vote, event);
    if (next === vote) return;
    vote = next;
    section.hidden = !vote.open;
    if (!vote.open) return;
    section.querySelector("[data-round-paper-turnout]").textContent = format(strings.roundTurnout, vote.turnout);
    const key = JSON.stringify([vote.round_id, vote.ballot_form, vote.options]);
    if (key === drawnFor) return;
    drawnFor = key;
    form.querySelector("[data-round-paper-options]").replaceChildren(...vote.options.map((option) => ballotOptionRow(
      option, vote, { label: vote.ballot_form === "kiezen" ? option.title : format(strings.pointsFor, { title: option.title }),
        idPrefix: "round-paper-points" })));
  });
}
