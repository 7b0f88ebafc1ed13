// The projected wall: read-only and large. In Welkom it shows how to join; from
// Inbreng on, the arguments live in three columns that shrink their type as they
// fill and scroll by themselves when they overflow (a projector has no mouse user).
import { argumentCard, element, reactionSummary } from "./argument_card.js";
import { drawBudgetBar } from "./budget_bar.js";
import { euros, format, phaseRules, startLive } from "./live.js";
import { renderMinutes } from "./minutes.js";
import { renderTally } from "./tally.js";
import {
  chosenBar, closingSummary, gridColumns, minutesSections, optionsBar, ruleBars, signalRows, wallGroups,
} from "./wall_views.js";

const FRESH_MS = 8000;
const seen = new Set();
let firstDraw = true;

startLive({ render });

function render(state, strings) {
  // In Afgerond the wall shows a one-screen summary, then the draft minutes section by
  // section as the facilitator pages, for the table to check before leaving.
  const finishing = state.phase === "afgerond";
  document.querySelector("[data-wall-timer]").hidden = finishing; // nobody is timed any more
  const rules = phaseRules(state);
  const collecting = rules.shows_arguments;
  const deciding = !finishing && state.phase === "besluiten" && state.consensus.latest !== null;
  const tallying = !finishing && !deciding && state.phase === "verdelen" && state.ballots !== null;
  const grouping = !finishing && !tallying && !deciding && rules.shows_groups && state.clusters.length > 0;
  const showing = {
    "[data-wall-consensus]": deciding,
    "[data-wall-tally]": tallying,
    "[data-group-wall]": grouping,
    "[data-join-panel]": state.phase === "welkom",
    "[data-argument-wall]": collecting && !finishing && !grouping && !tallying && !deciding,
  };
  for (const [selector, shown] of Object.entries(showing)) document.querySelector(selector).hidden = !shown;
  document.body.classList.toggle("wall-compact", state.phase !== "welkom");
  if (finishing) {
    showClosing(state, strings);
    return;
  }
  document.querySelector("[data-wall-summary]").hidden = true;
  document.querySelector("[data-wall-minutes]").hidden = true;
  minutesLoadedFor = null;
  if (deciding) renderConsensus(state, strings);
  if (tallying) renderVoting(state, strings);
  if (grouping) renderGroups(state, strings);
  if (!showing["[data-argument-wall]"]) return;

  const visible = state.arguments.filter((a) => a.visible);
  document.body.dataset.density = visible.length > 120 ? "3" : visible.length > 60 ? "2" : visible.length > 24 ? "1" : "0";
  for (const column of document.querySelectorAll("[data-argument-wall] [data-column]")) {
    const stance = column.dataset.column;
    const cards = visible.filter((a) => a.stance === stance)
      .sort((a, b) => Number(b.pinned) - Number(a.pinned) || a.id - b.id)
      .map((argument) => {
        const card = argumentCard(argument, strings);
        if (phaseRules(state).takes_reactions) card.append(Object.assign(document.createElement("p"), {
          className: "argument-reactions", textContent: reactionSummary(argument, strings) }));
        if (!firstDraw && !seen.has(argument.id)) {
          card.classList.add("fresh");
          setTimeout(() => card.classList.remove("fresh"), FRESH_MS);
        }
        return card;
      });
    column.replaceChildren(...cards);
    document.querySelector(`[data-column-count="${stance}"]`).textContent = String(cards.length);
  }
  for (const argument of visible) seen.add(argument.id);
  firstDraw = false;
}

const bar = (data, strings, options) => drawBudgetBar(data, euros, strings.budgetBar, options);

function renderVoting(state, strings) {
  const results = state.ballots.results;
  const list = document.querySelector("[data-tally]");
  document.querySelector("[data-wall-turnout]").textContent = renderTally(list, state, strings);
  // Once the results are in, they take the wall's room; the live bars are history.
  list.hidden = Boolean(results);
  const container = document.querySelector("[data-rule-bars]");
  container.hidden = !results;
  if (!results) return;
  container.replaceChildren(...ruleBars(state).map(({ rule, chosen, bar: data }) => {
    const block = element("section", `wall-rule${chosen ? " chosen-rule" : ""}`);
    const heading = element("h3", "", strings.rules[rule]);
    if (chosen) heading.append(" ", element("span", "wall-chosen-mark", strings.chosenRule));
    block.append(heading, bar(data, strings, { className: "is-compact" }));
    return block;
  }));
}

function renderConsensus(state, strings) {
  const latest = state.consensus.latest;
  document.querySelector("[data-wall-proposal-number]").textContent = format(strings.proposalNumber, { number: latest.number });
  const given = Object.values(latest.tally).reduce((sum, n) => sum + n, 0);
  document.querySelector("[data-wall-signals]").textContent = format(strings.signalsGiven, { count: given });
  document.querySelector("[data-proposal-bar]").replaceChildren(bar(chosenBar(state, latest.option_ids), strings));
  drawSignals(document.querySelector("[data-signal-tally]"), state.consensus, strings);
  document.querySelector("[data-wall-outcome]").textContent = latest.outcome ? strings.outcomes[latest.outcome] : "";
}

function drawSignals(list, consensus, strings) {
  list.replaceChildren(...signalRows(consensus).map(({ level, count, fraction }) => {
    const row = element("li", `tally-row signal-${level}`);
    const track = element("div", "tally-track");
    const fill = element("div", "tally-bar");
    fill.style.width = `${100 * fraction}%`;
    track.append(fill);
    row.append(element("span", "tally-label", strings.signals[level]), track, element("span", "tally-count", String(count)));
    return row;
  }));
}

let minutesLoadedFor = null;
let minutes = null;

function showClosing(state, strings) {
  const summary = closingSummary(state);
  const sections = minutes ? minutesSections(minutes.blocks) : [];
  const pages = sections.length + 1;
  const page = (((state.wall_section || 0) % pages) + pages) % pages;
  document.querySelector("[data-wall-summary]").hidden = page !== 0;
  document.querySelector("[data-wall-minutes]").hidden = page === 0;
  loadMinutes(state, strings);
  if (page === 0) {
    renderSummary(summary, state, strings);
    return;
  }
  const section = sections[page - 1];
  document.querySelector("[data-wall-minutes-heading]").textContent = section.title;
  document.querySelector("[data-wall-section-count]").textContent = format(strings.sectionOf, { number: page + 1, total: pages });
  renderMinutes(document.querySelector("[data-minutes-body]"), section.blocks, { headingOffset: 1 });
}

function renderSummary(summary, state, strings) {
  const heading = minutes ? minutes.heading : strings.draftMinutes;
  document.querySelector("[data-summary-heading]").textContent = heading;
  const decision = summary.decision;
  document.querySelector("[data-summary-decision]").textContent = decision
    ? format(strings.decisionRecorded, { outcome: strings.outcomes[decision.outcome], total: euros(decision.total_cost_cents) })
    : strings.noDecision;
  document.querySelector("[data-summary-bar]").replaceChildren(...(summary.bar ? [bar(summary.bar, strings)] : []));
  const tally = document.querySelector("[data-summary-tally]");
  tally.hidden = !summary.tally.length;
  if (summary.tally.length) drawSignals(tally, state.consensus, strings);
  const objections = document.querySelector("[data-summary-objections]");
  objections.replaceChildren();
  if (summary.objections.length) {
    const list = element("ul", "wall-objections");
    // The wall has room for a few reasons; the minutes' pages carry them all.
    const shown = summary.objections.slice(0, 3);
    list.append(...shown.map((reason) => element("li", "", reason)));
    if (summary.objections.length > shown.length) {
      list.append(element("li", "wall-more", format(strings.moreItems, { count: summary.objections.length - shown.length })));
    }
    objections.append(element("h3", "", strings.objections), list);
  }
  document.querySelector("[data-summary-counts]").textContent = format(strings.closingCounts, {
    participants: summary.participants, arguments: summary.arguments, rounds: summary.rounds });
}

// The minutes change little once the table is finished: load them on arriving in
// Afgerond and whenever the table changes (closed, reopened, a section turned).
async function loadMinutes(state, strings) {
  const key = `${state.seq}`;
  if (minutesLoadedFor === key) return;
  minutesLoadedFor = key;
  const section = document.querySelector("[data-wall-minutes]");
  try {
    const response = await fetch(section.dataset.minutesUrl, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(String(response.status));
    const fresh = await response.json();
    const changed = JSON.stringify(fresh) !== JSON.stringify(minutes);
    minutes = fresh;
    if (changed) showClosing(state, strings);
  } catch {
    minutesLoadedFor = null; // try again with the next update
  }
}

function renderGroups(state, strings) {
  document.querySelector("[data-options-bar]").replaceChildren(
    ...(state.options.length ? [bar(optionsBar(state), strings, { legend: false, className: "is-compact" })] : []));
  const groups = wallGroups(state, strings);
  const grid = document.querySelector("[data-groups]");
  grid.dataset.columns = String(gridColumns(groups.length));
  const reacting = phaseRules(state).takes_reactions;
  grid.replaceChildren(...groups.map((group) => {
    const card = element("section", `wall-group${group.costCents !== null ? " is-option" : ""}${group.rest ? " is-rest" : ""}`);
    const heading = element("h2", "wall-group-title");
    if (group.number !== null) {
      const key = element("span", "budget-bar-key", String(group.number));
      key.setAttribute("aria-hidden", "true");
      heading.append(key, " ");
    }
    heading.append(element("span", "wall-group-name", group.title));
    const facts = element("p", "wall-group-facts");
    if (group.costCents !== null) facts.append(element("span", "wall-cost", euros(group.costCents)), " ");
    facts.append(element("span", "wall-counts", format(reacting ? strings.groupReactions : strings.groupCounts, {
      voor: group.counts.voor, tegen: group.counts.tegen, idee: group.counts.idee,
      agree: group.reactions.agree, disagree: group.reactions.disagree })));
    const list = element("ul", "wall-lines");
    list.append(...group.arguments.map((argument) => {
      const line = element("li", `wall-line stance-${argument.stance}`);
      line.append(element("span", "wall-line-stance", strings.stances[argument.stance]), " ",
        element("span", "wall-line-text", argument.text));
      return line;
    }));
    card.append(heading, facts, list);
    return card;
  }));
  // What does not fit is counted, never shrunk below what the back of the room can read.
  for (const card of grid.querySelectorAll(".wall-group")) fitLines(card, strings);
}

function fitLines(card, strings) {
  const list = card.querySelector(".wall-lines");
  const lines = [...list.children];
  let hidden = 0;
  while (card.scrollHeight > card.clientHeight + 1 && lines.length) {
    lines.pop().remove();
    hidden += 1;
    let more = list.querySelector(".wall-more");
    if (!more) {
      more = element("li", "wall-more");
      list.append(more);
    }
    more.textContent = format(strings.moreItems, { count: hidden });
  }
}

// Scroll overflowing columns slowly down, rest at the end, and start again.
const scrollers = new Map();
setInterval(() => {
  for (const column of document.querySelectorAll("[data-column]")) {
    const overflow = column.scrollHeight - column.clientHeight;
    if (overflow <= 0) continue;
    const s = scrollers.get(column) || { pause: 40 };
    scrollers.set(column, s);
    if (s.pause > 0) {
      s.pause -= 1;
      continue;
    }
    if (column.scrollTop >= overflow - 1) {
      column.scrollTop = 0;
      s.pause = 60;
    } else {
      column.scrollTop += 1;
      if (column.scrollTop >= overflow - 1) s.pause = 60;
    }
  }
}, 50);

