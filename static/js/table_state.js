// The live state of one table as pure functions: (state, event) -> state.
//
// Phone, console and wall share this module; it never touches `document` or the socket,
// so `node --test tests/js/` checks it without a browser. The snapshot the server sends on
// every (re)connect is the initial state; after it, events carry the table's sequence
// number `seq`. An event we already have is ignored; a gap means we missed one, and the
// page asks for a fresh snapshot instead of guessing.

const byId = (a, b) => a.id - b.id;

// One reducer per sequenced server event. Each returns a new state and leaves its input
// alone, so a page can keep the previous state to compare with.
export const REDUCERS = {
  participant_joined(state, event) {
    const participants = event.participant && state.participants
      ? [...state.participants, event.participant] : state.participants;
    return { ...state, participant_count: event.participant_count, participants };
  },
  // A phase with a time of its own sets the timer in the same event (not started).
  phase_changed: (state, event) => ({ ...state, phase: event.phase, ...(event.timer ? { timer: event.timer } : {}) }),
  phase_timers_changed: (state, event) => ({ ...state, phase_timers: event.phase_timers }),
  join_qr_changed: (state, event) => ({ ...state, join_qr_shown: event.join_qr_shown }),
  timer_changed: (state, event) => ({ ...state, timer: event.timer }),
  argument_added(state, event) {
    if (state.arguments.some((a) => a.id === event.argument.id)) return state;
    return { ...state, arguments: [...state.arguments, event.argument] };
  },
  argument_changed(state, event) {
    // Phones and the wall get {id, visible: false} for an argument that left the wall;
    // the console keeps every argument, hidden ones included.
    const others = state.arguments.filter((a) => a.id !== event.argument.id);
    const keep = event.argument.visible || state.role === "console";
    return { ...state, arguments: keep ? [...others, event.argument].sort(byId) : others };
  },
  input_changed: (state, event) => ({ ...state, input_open: event.input_open }),
  premoderation_changed: (state, event) => ({ ...state, premoderation: event.premoderation }),
  // A change the phones and the wall do not see (an argument waiting for approval): only
  // the seq moves, so that the next event is not taken for a gap.
  unseen_change: (state) => state,
  // Closing stops the timer: the event carries it, stopped.
  table_closed: (state, event) => ({ ...state, closed: event.closed, ...(event.timer ? { timer: event.timer } : {}) }),
  wall_section_changed: (state, event) => ({ ...state, wall_section: event.wall_section }),
  ballots_changed: (state, event) => ({ ...state, ballots: event.ballots }),
  consensus_changed: (state, event) => ({ ...state, consensus: event.consensus }),
  frame_changed: (state, event) => ({ ...state, frame: event.frame }),
  // The organiser changed the round's frame or the table budgets: this table's budget too.
  round_changed: (state, event) => ({ ...state, round: event.round }),
  // The frame consent round: its tally, the agreed frame, the phones' open suggestions.
  frame_consent_changed: (state, event) => ({ ...state, frame_consent: event.frame_consent }),
  clusters_changed: (state, event) => ({ ...state, clusters: event.clusters }),
  options_changed: (state, event) => ({
    ...state, options: event.options, total_cost_cents: event.total_cost_cents }),
  reaction_changed(state, event) {
    return {
      ...state,
      arguments: state.arguments.map((a) => (a.id === event.argument_id ? { ...a, reactions: event.reactions } : a)),
    };
  },
};

// What one incoming sequenced event does to the state: `applied` (a new state), `ignored`
// (another table's, or one we already have), or `resync` (a gap: ask for a snapshot).
export function receive(state, name, event) {
  const reducer = REDUCERS[name];
  if (!state || !reducer || event.table_id !== state.table_id || event.seq <= state.seq) {
    return { outcome: "ignored", state };
  }
  if (event.seq !== state.seq + 1) return { outcome: "resync", state };
  return { outcome: "applied", state: { ...reducer(state, event), seq: event.seq } };
}

// A change to one of this phone's own arguments, sent to its author alone with the seq of
// the public event it goes with. It comes after that event on the same socket and wins:
// the author sees their argument while it waits, and after it was hidden, with the reason.
// Should it come first (or alone), it takes the seq itself and the public one is ignored.
export function receiveOwn(state, event) {
  if (!state || event.table_id !== state.table_id || event.seq < state.seq) return { outcome: "ignored", state };
  if (event.seq > state.seq + 1) return { outcome: "resync", state };
  const argument = event.argument;
  const others = state.arguments.filter((a) => a.id !== argument.id);
  const keep = argument.visible || argument.waiting || argument.hidden_reason != null;
  return {
    outcome: "applied",
    state: { ...state, seq: event.seq, arguments: keep ? [...others, argument].sort(byId) : others },
  };
}

// Presence is not sequenced: it is recomputed by the server and always wins.
export function receivePresence(state, event) {
  if (!state || event.table_id !== state.table_id) return state;
  return { ...state, online: event.online };
}

// What this phone itself saved, confirmed by the server's ack (no broadcast tells the phone
// its own reaction or ballot back).
export const OWN = {
  reaction_saved(state, { argumentId, value }) {
    return { ...state, me: { ...state.me, reactions: { ...state.me.reactions, [String(argumentId)]: value } } };
  },
  ballot_saved: (state, { ballot }) => ({ ...state, me: { ...state.me, ballot } }),
};

// What the current phase lets people do (the server's rules: no page keeps a phase list).
export function phaseRules(state) {
  return state.phase_rules[state.phase];
}

export function phaseIndex(state) {
  return state.phases.indexOf(state.phase);
}

export function format(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_, key) => String(values[key] ?? ""));
}

// A count in words: the page's strings hold the singular beside the plural as "<key>One"
// ("1 antwoord" beside "%(count)s antwoorden"), the way facilitator/i18n.py sends them.
export function formatCount(strings, key, values) {
  const singular = strings[`${key}One`];
  return format(values.count === 1 && singular ? singular : strings[key], values);
}

// A group's name as the table sees it: its own, or "Groep 2" by the order it was made in.
export function groupName(cluster, strings) {
  return cluster.name || format(strings.unnamedGroup, { number: cluster.number });
}

// Whole euros in the page's language: "€ 12.500" in Dutch, "€12,500" in English.
// "€ 3.000" for whole euros, "€ 3.000,50" otherwise (as sessions/money.py's format_euros):
// an option may cost cents, and rounding them away would show another amount than saved.
export function eurosFormatter(lang) {
  const locale = lang === "en" ? "en-GB" : "nl-NL";
  const whole = new Intl.NumberFormat(locale, { style: "currency", currency: "EUR", maximumFractionDigits: 0 });
  const withCents = new Intl.NumberFormat(locale, { style: "currency", currency: "EUR", minimumFractionDigits: 2 });
  return (cents) => (cents % 100 === 0 ? whole : withCents).format(cents / 100);
}

// An amount as it is written back into a money field: "3.000" or "3.000,50" (nl), which
// the server reads as the same amount again.
export function amountFormatter(lang) {
  const locale = lang === "en" ? "en-GB" : "nl-NL";
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const withCents = new Intl.NumberFormat(locale, { minimumFractionDigits: 2 });
  return (cents) => (cents % 100 === 0 ? whole : withCents).format(cents / 100);
}

// The timer as the room sees it, `elapsedMs` after the state's timer was received.
// `key` names the string to show: done, running, ready (never started), paused, or
// closed (the table is closed: the timer stands still, whatever it was doing).
export function timerView(timer, elapsedMs, { closed = false } = {}) {
  if (closed) timer = { ...timer, running: false };
  const remaining = timer.running ? Math.max(0, timer.remaining_ms - elapsedMs) : timer.remaining_ms;
  const seconds = Math.ceil(remaining / 1000);
  const text = `${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
  const notStarted = !timer.running && timer.remaining_ms === timer.duration_s * 1000;
  const key = closed ? "closed" : remaining === 0 ? "done" : timer.running ? "running" : notStarted ? "ready" : "paused";
  return { remainingMs: remaining, text, key };
}

// The frame that governs the table: the one the table agreed, or until there is one the
// facilitator's draft (as before tables agreed their frame). Its `rule` decides Verdelen.
export function governingFrame(state) {
  const agreed = state.frame_consent && state.frame_consent.agreed;
  return agreed ? { ...agreed.proposal, agreed: true } : { ...state.frame, agreed: false };
}
