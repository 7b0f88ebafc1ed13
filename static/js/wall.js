// The projected wall: read-only and large. In Welkom it shows how to join; from
// Inbreng on, the arguments live in three columns that shrink their type as they
// fill and scroll by themselves when they overflow (a projector has no mouse user).
import { argumentCard, reactionSummary } from "./argument_card.js";
import { euros, format, groupName, phaseRules, startLive } from "./live.js";
import { renderMinutes } from "./minutes.js";
import { proposalSummary, renderResults, renderSignals, renderTally } from "./tally.js";
import "./wall_join_qr.js";

const FRESH_MS = 8000;
const seen = new Set();
let firstDraw = true;

startLive({ render });

function render(state, strings) {
  // In Afgerond the wall shows the draft minutes, for the table to check before leaving.
  const finishing = state.phase === "afgerond";
  const minutesSection = document.querySelector("[data-wall-minutes]");
  minutesSection.hidden = !finishing;
  // Nobody is timed any more once the table is done.
  document.querySelector("[data-wall-timer]").hidden = finishing;
  if (finishing) {
    for (const section of document.querySelectorAll(
      "[data-wall-consensus], [data-wall-tally], [data-argument-wall], [data-group-wall], [data-join-panel]")) {
      section.hidden = true;
    }
    document.body.classList.add("wall-compact");
    showMinutes(minutesSection, state);
    return;
  }
  minutesLoadedFor = null;
  const rules = phaseRules(state);
  const collecting = rules.shows_arguments;
  // From Ordenen on, once there are groups, the wall shows them instead of the stances.
  const deciding = state.phase === "besluiten" && state.consensus.latest !== null;
  document.querySelector("[data-wall-consensus]").hidden = !deciding;
  if (deciding) {
    const given = renderSignals(document.querySelector("[data-wall-consensus] [data-signal-tally]"), state.consensus, strings);
    document.querySelector("[data-wall-signals]").textContent = format(strings.signalsGiven, { count: given });
    document.querySelector("[data-wall-consensus] [data-proposal-total]").textContent =
      `${proposalSummary(state, strings).titles.join(", ")} · ${proposalSummary(state, strings).total}`;
    const latest = state.consensus.latest;
    document.querySelector("[data-wall-outcome]").textContent = latest.outcome ? strings.outcomes[latest.outcome] : "";
  }
  const tallying = !deciding && state.phase === "verdelen" && state.ballots !== null;
  const grouping = !tallying && !deciding && rules.shows_groups && state.clusters.length > 0;
  document.querySelector("[data-wall-tally]").hidden = !tallying;
  if (tallying) {
    document.querySelector("[data-wall-turnout]").textContent = renderTally(document.querySelector("[data-tally]"), state, strings);
    renderResults(document.querySelector("[data-wall-tally] [data-results]"), state, strings);
    // Once the results are in, they take the wall's room; the live bars are history.
    document.querySelector("[data-tally]").hidden = Boolean(state.ballots.results);
  }
  document.querySelector("[data-join-panel]").hidden = state.phase !== "welkom";
  document.querySelector("[data-argument-wall]").hidden = !collecting || grouping || tallying || deciding;
  document.querySelector("[data-group-wall]").hidden = !grouping;
  document.body.classList.toggle("wall-compact", state.phase !== "welkom");
  if (grouping) renderGroups(state, strings);
  if (!collecting || grouping || tallying || deciding) return;

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

let minutesLoadedFor = null;

// The minutes change little once the table is finished: load them on arriving in
// Afgerond and whenever the table is closed or reopened (or anything else happens).
async function showMinutes(section, state) {
  const key = `${state.seq}`;
  if (minutesLoadedFor === key) return;
  minutesLoadedFor = key;
  try {
    const response = await fetch(section.dataset.minutesUrl, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(String(response.status));
    const minutes = await response.json();
    section.querySelector("[data-wall-minutes-heading]").textContent = minutes.heading;
    renderMinutes(section.querySelector("[data-minutes-body]"), minutes.blocks, { headingOffset: 2 });
  } catch {
    minutesLoadedFor = null; // try again with the next update
  }
}

function renderGroups(state, strings) {
  const visible = new Map(state.arguments.filter((a) => a.visible).map((a) => [a.id, a]));
  const options = new Map(state.options.map((o) => [o.cluster_id, o]));
  const grouped = new Set(state.clusters.flatMap((c) => c.argument_ids));
  const groups = state.clusters.map((cluster) => {
    const option = options.get(cluster.id);
    return {
      title: option ? option.title : groupName(cluster, strings),
      cost: option ? euros(option.cost_cents) : null,
      arguments: cluster.argument_ids.map((id) => visible.get(id)).filter(Boolean),
    };
  });
  const rest = [...visible.values()].filter((a) => !grouped.has(a.id));
  if (rest.length) groups.push({ title: strings.notGrouped, cost: null, arguments: rest, rest: true });
  document.querySelector("[data-groups]").replaceChildren(...groups.map((group) => {
    const card = document.createElement("section");
    card.className = `wall-group${group.cost ? " is-option" : ""}${group.rest ? " is-rest" : ""}`;
    const heading = document.createElement("h2");
    heading.textContent = group.title;
    if (group.cost) heading.append(" ", Object.assign(document.createElement("span"), { className: "wall-cost", textContent: group.cost }));
    const list = document.createElement("ul");
    list.className = "wall-cards";
    list.dataset.column = "group";
    list.append(...group.arguments.map((argument) => {
      const card = argumentCard(argument, strings);
      if (phaseRules(state).takes_reactions) card.append(Object.assign(document.createElement("p"), {
        className: "argument-reactions", textContent: reactionSummary(argument, strings) }));
      return card;
    }));
    card.append(heading, list);
    return card;
  }));
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

