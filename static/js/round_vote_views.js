// What the phone and the round wall derive from the round's plenary vote
// (`round_vote_changed`), DOM-free: run with `node --test tests/js/`.

// Each change raises the vote's version; an older one arriving late is not taken.
export function newerVote(current, event) {
  if (!event || typeof event.version !== "number") return current;
  if (current && current.round_id === event.round_id && event.version < current.version) return current;
  // A broadcast does not say whether this phone's person voted; what it knew stays.
  const youVoted = "you_voted" in event ? event.you_voted : Boolean(current && current.you_voted);
  return { ...event, you_voted: youVoted };
}

// The phone's part: what to show of the vote.
export function phoneRoundView(vote) {
  if (!vote || vote.state === "building") return { shown: false };
  if (vote.open && !vote.you_voted) return { shown: true, mode: "ballot" };
  if (vote.you_voted) return { shown: true, mode: "voted" };
  return { shown: true, mode: "closed" };
}

// Turnout as a share of the round's participants (0-100, whole), never above 100.
export function turnoutPercent(turnout) {
  if (!turnout || !turnout.participants) return 0;
  return Math.min(100, Math.round((100 * turnout.voters) / turnout.participants));
}

// The wall's rows: most support first (ties: the ballot's order), each bar's share of the
// largest support, and after closing which options the round's rule funds.
export function tallyRows(vote) {
  const funded = new Set(vote.funded || []);
  const decided = vote.decision ? new Set(vote.decision.funded) : null;
  const rows = vote.options.map((option, index) => ({
    id: option.id, title: option.title, cost_cents: option.cost_cents, index,
    support: vote.tally[String(option.id)] || 0,
    funded: decided ? decided.has(option.id) : funded.has(option.id),
  }));
  const most = Math.max(1, ...rows.map((r) => r.support));
  rows.sort((a, b) => b.support - a.support || a.index - b.index);
  return rows.map((r) => ({ ...r, share: Math.round((100 * r.support) / most) }));
}

// What fits the wall from 8 m: the first `most` rows, and how many more there are.
export function wallRows(vote, most = WALL_ROWS) {
  const rows = tallyRows(vote);
  return { shown: rows.slice(0, most), more: Math.max(0, rows.length - most) };
}
export const WALL_ROWS = 10; // two columns of five rows fit under the turnout at 1920x1080

// "1 stem", "2 stemmen": the unit after the count.
export function supportText(count, ballotForm, strings) {
  const key = ballotForm === "kiezen" ? (count === 1 ? "roundVote" : "roundVotes")
    : (count === 1 ? "roundPoint" : "roundPoints");
  return strings[key].replace("%(count)s", String(count));
}
