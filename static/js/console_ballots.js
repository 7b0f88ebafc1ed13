// The console's Verdelen section: open and close voting, the live tally, and paper
// ballots for people without a phone.
import { format, formatCount, phaseRules } from "./live.js";
import { ballotOptionRow } from "./phone_ballot.js";
import { renderResults, renderTally } from "./tally.js";

export function setUpBallots(live, act) {
  const strings = live.strings;
  const section = document.querySelector("[data-ballot-admin]");
  const paper = section.querySelector("[data-paper-form]");
  let drawnFor = null;

  section.querySelector("[data-open-round]").addEventListener("click", () => act("open_ballot_round"));
  section.querySelector("[data-close-round]").addEventListener("click", () => act("close_ballot_round"));
  paper.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { ballots } = live.getState();
    const payload = { paper_label: paper.elements.paper_label.value };
    if (ballots.ballot_form === "kiezen") {
      payload.approved = [...paper.querySelectorAll("input[type=checkbox]:checked")].map((b) => Number(b.value));
    } else {
      payload.points = {};
      for (const input of paper.querySelectorAll("input[type=number]")) {
        if (Number(input.value)) payload.points[input.dataset.option] = Number(input.value);
      }
    }
    const ack = await act("cast_paper_ballot", payload);
    if (ack.ok) {
      paper.reset();
      paper.elements.paper_label.focus();
    }
  });

  function buildPaper(state) {
    const { ballots, options } = state;
    paper.querySelector("[data-paper-options]").replaceChildren(...options.map((option) => ballotOptionRow(option, ballots, {
      label: ballots.ballot_form === "kiezen" ? option.title : format(strings.pointsFor, { title: option.title }),
      idPrefix: "paper-points" })));
  }

  return function render(state) {
    section.hidden = !phaseRules(state).shows_ballots;
    if (section.hidden) return;
    const { ballots } = state;
    const open = Boolean(ballots && ballots.open);
    section.querySelector("[data-open-round]").disabled = open;
    section.querySelector("[data-close-round]").disabled = !open;
    paper.hidden = !open;
    section.querySelector("[data-round-state]").textContent = !ballots ? strings.noRound
      : formatCount(strings, open ? "roundOpen" : "roundClosed", { number: ballots.number, count: ballots.turnout });
    if (ballots) renderTally(section.querySelector("[data-console-tally]"), state, strings);
    renderResults(section.querySelector("[data-results]"), state, strings);
    const key = ballots && JSON.stringify([ballots.number, ballots.ballot_form, state.options.map((o) => o.id)]);
    if (open && key !== drawnFor) {
      drawnFor = key;
      buildPaper(state);
    }
  };
}
