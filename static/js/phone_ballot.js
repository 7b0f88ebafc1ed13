// The phone's ballot in Verdelen. Kiezen: checkboxes with a running total that will not
// go over the budget. Verdelen: a number field per option and the points left, or how
// many too many (then the vote is not sent). Both work by keyboard and screen reader
// and fit a 320-pixel screen; no sliders. Each option shows what it is and who carries it out.
import { element } from "./argument_card.js";
import { euros, format } from "./live.js";
import { optionFacts } from "./option_details.js";
import { chosenView, pointsView } from "./phone_views.js";

export function setUpBallot(live) {
  const strings = live.strings;
  const section = document.querySelector("[data-ballot-section]");
  const form = section.querySelector("[data-ballot-form]");
  const optionsBox = section.querySelector("[data-ballot-options]");
  let drawnFor = null; // the round and options the form was built for; rebuild only when they change

  function choice() {
    const ballots = live.getState().ballots;
    if (ballots.ballot_form === "kiezen") {
      return { approved: [...form.querySelectorAll("input[type=checkbox]:checked")].map((b) => Number(b.value)) };
    }
    const points = {};
    for (const input of form.querySelectorAll("input[type=number]")) {
      if (input.value !== "" && Number(input.value) !== 0) points[input.dataset.option] = Number(input.value);
    }
    return { points };
  }

  // Whether the ballot can be sent as it is: a points ballot over the limit cannot.
  function update() {
    const state = live.getState();
    const { ballots, options } = state;
    const total = section.querySelector("[data-ballot-total]");
    let sendable = true;
    if (ballots.ballot_form === "kiezen") {
      const view = chosenView(options, choice().approved, ballots.budget_cents);
      total.textContent = format(strings.chosenTotal, { total: euros(view.spentCents), budget: euros(ballots.budget_cents) });
      for (const box of form.querySelectorAll("input[type=checkbox]")) {
        const fits = view.fits.get(Number(box.value)) !== false;
        box.disabled = !fits;
        box.closest("label").querySelector(".fit-note").textContent = fits ? "" : ` ${strings.doesNotFit}`;
      }
    } else {
      const view = pointsView(ballots.points_per_ballot, choice().points);
      sendable = view.sendable;
      total.textContent = sendable ? format(strings.pointsLeft, { points: view.left })
        : format(strings.pointsTooMany, { points: view.over });
    }
    total.classList.toggle("error", !sendable);
    // Still focusable and tappable, so it can say why it does not send.
    section.querySelector("[data-ballot-submit]").setAttribute("aria-disabled", String(!sendable));
    return sendable;
  }

  form.addEventListener("input", () => {
    update();
    section.querySelector("[data-ballot-error]").textContent = "";
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!update()) {
      section.querySelector("[data-ballot-error]").textContent = strings.tooManyPoints;
      section.querySelector("[data-ballot-status]").textContent = "";
      return;
    }
    const ack = await live.send("cast_ballot", choice());
    section.querySelector("[data-ballot-error]").textContent = ack.ok ? "" : ack.message;
    section.querySelector("[data-ballot-status]").textContent = ack.ok ? strings.voteSaved : "";
    if (ack.ok) live.confirmOwn("ballot_saved", { ballot: ack.ballot });
  });

  function build(state) {
    const { ballots, options, me } = state;
    const mine = me.ballot || {};
    section.querySelector("[data-ballot-instruction]").textContent = ballots.ballot_form === "kiezen"
      ? format(strings.chooseInstruction, { budget: euros(ballots.budget_cents) })
      : format(strings.divideInstruction, { points: ballots.points_per_ballot });
    optionsBox.replaceChildren(...options.map((option) => {
      const row = ballotOptionRow(option, ballots, {
        label: `${option.title} — ${euros(option.cost_cents)}`, idPrefix: "points",
        checked: (mine.approved || []).includes(option.id), points: (mine.points || {})[option.id] || 0 });
      row.append(optionFacts(option, strings, { cost: false, fold: true }), mainArguments(state, option));
      return row;
    }));
  }

  // The arguments that carry most weight for an option: most supporters and agreement first.
  function mainArguments(state, option) {
    const cluster = state.clusters.find((c) => c.id === option.cluster_id);
    const weight = (a) => a.supporters * 10 + a.reactions.agree - a.reactions.disagree;
    const top = state.arguments.filter((a) => a.visible && cluster && cluster.argument_ids.includes(a.id))
      .sort((a, b) => weight(b) - weight(a) || a.id - b.id).slice(0, 3);
    const list = element("ul", "main-arguments");
    list.append(...top.map((a) => element("li", `stance-${a.stance}`, `${strings.stances[a.stance]}: ${a.text}`)));
    return list;
  }

  return function render(state) {
    const ballots = state.ballots;
    section.hidden = !ballots || state.phase !== "verdelen";
    if (section.hidden) return;
    form.hidden = !ballots.open;
    section.querySelector("[data-ballot-closed]").hidden = ballots.open;
    const key = JSON.stringify([ballots.number, ballots.ballot_form,
      state.options.map((o) => [o.id, o.title, o.cost_cents, o.description, o.carried_by])]);
    if (key !== drawnFor) {
      drawnFor = key;
      build(state);
    }
    update();
  };
}

// One option on a ballot: a checkbox (kiezen) or a number field (verdelen), always
// with a label, for the phone's own ballot and for a paper ballot on the console.
export function ballotOptionRow(option, ballots, { label, idPrefix, checked = false, points = 0 }) {
  const row = element("div", "ballot-option");
  if (ballots.ballot_form === "kiezen") {
    const choice = element("label", "ballot-choice");
    const box = element("input");
    box.type = "checkbox";
    box.value = String(option.id);
    box.checked = checked;
    // The note sits on its own line under the option's name, not in a column beside it.
    const text = element("span", "ballot-choice-text");
    text.append(element("span", "", label), element("span", "fit-note"));
    choice.append(box, text);
    row.append(choice);
  } else {
    const id = `${idPrefix}-${option.id}`;
    const caption = element("label", "", label);
    caption.htmlFor = id;
    const input = element("input");
    Object.assign(input, { type: "number", id, min: "0", max: String(ballots.points_per_ballot), step: "1",
      inputMode: "numeric", value: String(points) });
    input.dataset.option = String(option.id);
    row.append(caption, input);
  }
  return row;
}
