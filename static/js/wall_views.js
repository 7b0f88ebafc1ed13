// What the wall shows in the deciding phases, as data: no `document`, so
// `node --test tests/js/` checks it. wall.js only draws these.
import { budgetBar } from "./budget_bar.js";
import { governingFrame, groupName } from "./table_state.js";

const STANCES = ["voor", "tegen", "idee"];

// The options' total against the budget, one segment per option in the table's order of
// options; a group card shows the same number as its segment.
export function optionsBar(state) {
  return budgetBar(state.round.budget_cents, state.options.map((o) => ({ label: o.title, cents: o.cost_cents })));
}

// A set of options (a rule's outcome, a proposal, the decision) as a budget bar.
export function chosenBar(state, optionIds) {
  // Each option keeps its number from the options' bar, so every bar on the wall agrees.
  const byId = new Map(state.options.map((o, i) => [o.id, { ...o, number: i + 1 }]));
  return budgetBar(state.round.budget_cents, optionIds.filter((id) => byId.has(id))
    .sort((a, b) => byId.get(a).number - byId.get(b).number)
    .map((id) => ({ label: byId.get(id).title, cents: byId.get(id).cost_cents, number: byId.get(id).number })));
}

// Per group: its option's number in the bar, title, cost, how many arguments of each
// stance, the reactions they had, and the arguments themselves (pinned and most agreed
// first, as the wall shows only the first few). Ungrouped arguments come last.
export function wallGroups(state, strings) {
  const visible = new Map(state.arguments.filter((a) => a.visible).map((a) => [a.id, a]));
  const numbers = new Map(state.options.map((o, i) => [o.cluster_id, i + 1]));
  const options = new Map(state.options.map((o) => [o.cluster_id, o]));
  const grouped = new Set(state.clusters.flatMap((c) => c.argument_ids));
  const summarise = (title, argumentList, extra) => {
    const counts = Object.fromEntries(STANCES.map((s) => [s, argumentList.filter((a) => a.stance === s).length]));
    const reactions = { agree: 0, disagree: 0 };
    for (const a of argumentList) {
      reactions.agree += (a.reactions && a.reactions.agree) || 0;
      reactions.disagree += (a.reactions && a.reactions.disagree) || 0;
    }
    const ordered = [...argumentList].sort((a, b) => Number(b.pinned) - Number(a.pinned)
      || ((b.reactions && b.reactions.agree) || 0) - ((a.reactions && a.reactions.agree) || 0) || a.id - b.id);
    return { title, counts, reactions, arguments: ordered, number: null, costCents: null, rest: false, ...extra };
  };
  const groups = state.clusters.map((cluster) => {
    const option = options.get(cluster.id);
    const members = cluster.argument_ids.map((id) => visible.get(id)).filter(Boolean);
    return option
      ? summarise(option.title, members, { number: numbers.get(cluster.id), costCents: option.cost_cents })
      : summarise(groupName(cluster, strings), members, {});
  });
  const rest = [...visible.values()].filter((a) => !grouped.has(a.id));
  if (rest.length) groups.push(summarise(strings.notGrouped, rest, { rest: true }));
  return groups;
}

// How many columns the group cards take: as square a grid as the wall's 16:9 allows, and
// never so narrow that an option's name is cut to a word.
export function gridColumns(count) {
  if (count <= 3) return Math.max(count, 1);
  return Math.min(4, Math.ceil(Math.sqrt(count * 1.6)));
}

// After a ballot round closes: one bar per rule, the table's chosen rule first.
export function ruleBars(state) {
  const results = state.ballots && state.ballots.results;
  if (!results) return [];
  const chosen = governingFrame(state).rule;
  return Object.keys(results)
    .sort((a, b) => Number(b === chosen) - Number(a === chosen))
    .map((rule) => ({ rule, chosen: rule === chosen, bar: chosenBar(state, results[rule].funded) }));
}

// The five answers of the latest consensus round, with the fraction of the most given.
export function signalRows(consensus) {
  const tally = consensus.latest.tally;
  const most = Math.max(1, ...Object.values(tally));
  return [1, 2, 3, 4, 5].map((level) => ({ level, count: tally[level], fraction: tally[level] / most }));
}

// The one-screen summary of Afgerond: what the room checks before leaving.
export function closingSummary(state) {
  const consensus = state.consensus;
  const decision = consensus.decision;
  const latest = consensus.latest;
  // The decision is recorded on the latest round: its tally is the one that counted.
  const decidedRound = latest;
  return {
    decision,
    bar: decision ? chosenBar(state, decision.option_ids) : null,
    tally: decidedRound ? signalRows(consensus) : [],
    roundNumber: decidedRound ? decidedRound.number : null,
    objections: decidedRound ? decidedRound.objections : [],
    participants: state.participant_count,
    arguments: state.arguments.filter((a) => a.visible).length,
    rounds: consensus.rounds,
  };
}

// A page of the minutes under the wall's h2: its headings from h3 on, never skipping a
// level, even when a page starts in the middle of a section.
export function pageHeadings(blocks) {
  let previous = 2;
  return blocks.map((block) => {
    if (block.kind !== "heading") return block;
    previous = Math.min(Math.max(block.level, 3), previous + 1);
    return { ...block, level: previous };
  });
}

// The draft minutes in sections, one per second-level heading, for paging on the wall.
export function minutesSections(blocks) {
  const sections = [];
  for (const block of blocks) {
    if (block.kind === "heading" && block.level <= 2) sections.push({ title: block.text, blocks: [] });
    else if (sections.length) sections[sections.length - 1].blocks.push(block);
    else sections.push({ title: "", blocks: [block] });
  }
  return sections;
}
