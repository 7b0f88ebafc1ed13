// The projected wall: read-only and legible from 8 m (never below 28 px for the room's
// text). In Welkom it shows how to join; in Inbreng the arguments live in three columns
// that scroll by themselves when they overflow (a projector has no mouse user); from
// Ordenen on, each phase fits one screen: what does not fit is counted, not shrunk.
import { argumentCard, element, reactionSummary } from "./argument_card.js";
import { drawBudgetBar, drawLegend } from "./budget_bar.js";
import { euros, format, formatCount, phaseRules, startLive } from "./live.js";
import { renderMinutes } from "./minutes.js";
import { renderTally } from "./tally.js";
import {
  chosenBar, closingSummary, gridColumns, minutesSections, optionsBar, pageHeadings, ruleBars, signalRows, wallGroups,
} from "./wall_views.js";
import "./wall_join_qr.js";

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
  // Three bars, one legend: every segment carries its option's number.
  container.replaceChildren(...ruleBars(state).map(({ rule, chosen, bar: data }) => {
    const block = element("section", `wall-rule${chosen ? " chosen-rule" : ""}`);
    const heading = element("h3", "", strings.rules[rule]);
    if (chosen) heading.append(" ", element("span", "wall-chosen-mark", `✓ ${strings.chosenRule}`));
    block.append(heading, bar(data, strings, { legend: false }));
    return block;
  }), drawLegend(optionsBar(state).segments, euros));
}

function renderConsensus(state, strings) {
  const latest = state.consensus.latest;
  document.querySelector("[data-wall-proposal-number]").textContent = format(strings.proposalNumber, { number: latest.number });
  const given = Object.values(latest.tally).reduce((sum, n) => sum + n, 0);
  document.querySelector("[data-wall-signals]").textContent = formatCount(strings, "signalsGiven", { count: given });
  document.querySelector("[data-proposal-bar]").replaceChildren(bar(chosenBar(state, latest.option_ids), strings));
  drawSignals(document.querySelector("[data-signal-tally]"), state.consensus, strings);
  document.querySelector("[data-wall-outcome]").textContent = latest.outcome ? strings.outcomes[latest.outcome] : "";
}

// The minutes' pictures on the wall: drawn by the same code as the live ones.
function minutesPictures(strings) {
  return {
    budget_bar: (block) => bar(block.picture, strings),
    tally: (block) => {
      const list = element("ol", "tally-list signal-list");
      drawSignalRows(list, block.picture.rows, strings);
      return list;
    },
  };
}

function drawSignals(list, consensus, strings) {
  drawSignalRows(list, signalRows(consensus), strings);
}

function drawSignalRows(list, rows, strings) {
  list.replaceChildren(...rows.map(({ level, count, fraction }) => {
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

let pages = [];
let pagedFor = null;

function showClosing(state, strings) {
  const summary = closingSummary(state);
  if (minutes && pagedFor !== minutes) {
    pages = paginate(minutesSections(minutes.blocks), minutesPictures(strings));
    pagedFor = minutes;
  }
  const count = pages.length + 1;
  const page = (((state.wall_section || 0) % count) + count) % count;
  document.querySelector("[data-wall-summary]").hidden = page !== 0;
  document.querySelector("[data-wall-minutes]").hidden = page === 0;
  loadMinutes(state, strings);
  if (page === 0) {
    renderSummary(summary, state, strings);
    return;
  }
  const shown = pages[page - 1];
  document.querySelector("[data-wall-minutes-heading]").textContent = shown.title;
  document.querySelector("[data-wall-section-count]").textContent = format(strings.sectionOf, { number: page + 1, total: count });
  renderMinutes(document.querySelector("[data-minutes-body]"), pageHeadings(shown.blocks),
    { headingOffset: 0, pictures: minutesPictures(strings) });
}

// The minutes' sections cut into pages that each fit the wall at the room's type size:
// long lists and tables go on over the next page instead of shrinking. Measured in the
// minutes' own box, shown for the moment of measuring (no paint happens in between).
function paginate(sections, pictures) {
  const box = document.querySelector("[data-wall-minutes]");
  const summary = document.querySelector("[data-wall-summary]");
  const body = box.querySelector("[data-minutes-body]");
  const wasHidden = [box.hidden, summary.hidden];
  box.hidden = false;
  summary.hidden = true;
  const fits = (blocks) => {
    renderMinutes(body, pageHeadings(blocks), { headingOffset: 0, pictures });
    return body.scrollHeight <= body.clientHeight + 1;
  };
  const items = (block) => (block.kind === "list" ? block.items : block.rows);
  const part = (block, from, to) => (block.kind === "list"
    ? { ...block, items: block.items.slice(from, to) } : { ...block, rows: block.rows.slice(from, to) });
  const result = [];
  const heading = box.querySelector("[data-wall-minutes-heading]");
  const counter = box.querySelector("[data-wall-section-count]");
  const wasText = [heading.textContent, counter.textContent];
  counter.textContent = "00 / 00"; // the heading's line as it will be shown
  for (const section of sections) {
    heading.textContent = section.title || "·";
    const queue = [...section.blocks];
    let current = [];
    let made = 0;
    const flush = () => {
      result.push({ title: section.title, blocks: current });
      current = [];
      made += 1;
    };
    while (queue.length) {
      const block = queue.shift();
      if (fits([...current, block])) {
        current.push(block);
        continue;
      }
      const splittable = (block.kind === "list" || block.kind === "table") && items(block).length > 1;
      let n = splittable ? items(block).length - 1 : 0;
      while (n > 0 && !fits([...current, part(block, 0, n)])) n -= 1;
      if (n > 0) {
        current.push(part(block, 0, n));
        queue.unshift(part(block, n));
        flush();
      } else if (current.length) {
        queue.unshift(block);
        flush();
      } else if (splittable) {
        current.push(part(block, 0, 1)); // one row taller than the wall: alone on its page
        queue.unshift(part(block, 1));
        flush();
      } else {
        current.push(block);
        flush();
      }
    }
    if (current.length || made === 0) flush();
  }
  [box.hidden, summary.hidden] = wasHidden;
  [heading.textContent, counter.textContent] = wasText;
  return result;
}

function renderSummary(summary, state, strings) {
  const heading = minutes ? minutes.heading : strings.draftMinutes;
  document.querySelector("[data-summary-heading]").textContent = heading;
  const decision = summary.decision;
  document.querySelector("[data-summary-decision]").textContent = decision
    ? format(strings.decisionRecorded, { outcome: strings.outcomes[decision.outcome], total: euros(decision.total_cost_cents) })
    : strings.noDecision;
  document.querySelector("[data-summary-bar]").replaceChildren(...(summary.bar ? [bar(summary.bar, strings, { legend: false })] : []));
  document.querySelector("[data-summary-legend]").replaceChildren(...(summary.bar ? [drawLegend(summary.bar.segments, euros)] : []));
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
    if (JSON.stringify(fresh) === JSON.stringify(minutes)) return;
    minutes = fresh;
    showClosing(state, strings);
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
    if (group.costCents !== null) facts.append(element("span", "wall-cost", euros(group.costCents)), " · ");
    facts.append(element("span", "wall-counts", formatCount(strings, reacting ? "groupReactions" : "groupCounts", {
      count: group.arguments.length, agree: group.reactions.agree, disagree: group.reactions.disagree })));
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

// Lines that do not fit are counted at the end of the last one shown ("+ 3 meer").
function fitLines(card, strings) {
  const list = card.querySelector(".wall-lines");
  const lines = [...list.children];
  const more = element("span", "wall-more");
  let hidden = 0;
  while (card.scrollHeight > card.clientHeight + 1 && lines.length) {
    lines.pop().remove();
    hidden += 1;
    more.textContent = format(strings.moreItems, { count: hidden });
    if (lines.length) lines[lines.length - 1].append(more);
  }
  // With no line left to show, the count above already says how many there are.
  if (!lines.length) list.replaceChildren();
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

