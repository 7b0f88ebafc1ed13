// The live state of one table, shared by the phone, console and wall pages.
//
// On every (re)connect the server sends a full `snapshot`; after that, events
// carry the table's sequence number `seq`. An event we already have is ignored;
// a gap means we missed something, so we ask for a fresh snapshot.
import { io } from "../vendor/socket.io-client-4.8.4/socket.io.esm.min.js";

const SEQUENCED_EVENTS = {
  participant_joined(state, event) {
    state.participant_count = event.participant_count;
    if (event.participant && state.participants) state.participants.push(event.participant);
  },
  phase_changed(state, event) {
    state.phase = event.phase;
  },
  timer_changed(state, event) {
    state.timer = event.timer;
  },
  argument_added(state, event) {
    if (!state.arguments.some((a) => a.id === event.argument.id)) state.arguments.push(event.argument);
  },
  argument_changed(state, event) {
    // Phones and the wall get {id, visible: false} for an argument that left the wall.
    const others = state.arguments.filter((a) => a.id !== event.argument.id);
    const keep = event.argument.visible || state.role === "console"; // the console keeps everything
    state.arguments = keep ? [...others, event.argument].sort((a, b) => a.id - b.id) : others;
  },
  input_changed(state, event) {
    state.input_open = event.input_open;
  },
  table_closed(state, event) {
    state.closed = event.closed;
  },
  ballots_changed(state, event) {
    state.ballots = event.ballots;
  },
  consensus_changed(state, event) {
    state.consensus = event.consensus;
  },
  frame_changed(state, event) {
    state.frame = event.frame;
  },
  clusters_changed(state, event) {
    state.clusters = event.clusters;
  },
  options_changed(state, event) {
    state.options = event.options;
    state.total_cost_cents = event.total_cost_cents;
  },
  reaction_changed(state, event) {
    const argument = state.arguments.find((a) => a.id === event.argument_id);
    if (argument) argument.reactions = event.reactions;
  },
};

const money = new Intl.NumberFormat(document.documentElement.lang === "en" ? "en-GB" : "nl-NL",
  { style: "currency", currency: "EUR", maximumFractionDigits: 0 });

// Whole euros in the page's language: "€ 12.500" in Dutch.
export function euros(cents) {
  return money.format(cents / 100);
}

// What the current phase lets people do (the server's rules: no page keeps a phase list).
export function phaseRules(state) {
  return state.phase_rules[state.phase];
}

// A group's name as the table sees it: its own, or "Groep 2" by the order it was made in.
export function groupName(cluster, strings) {
  return cluster.name || format(strings.unnamedGroup, { number: cluster.number });
}

export function format(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_, key) => String(values[key] ?? ""));
}

export function startLive({ render, onPhaseChanged = () => {}, onConnect = () => {} }) {
  const root = document.querySelector("[data-live]");
  const config = JSON.parse(root.dataset.live);
  const strings = config.strings;
  const connectionBox = document.querySelector("[data-connection]");
  let state = null;
  let timerBase = null;

  // After a server restart every phone of the evening reconnects at once; a back-off of at
  // most 3 s (socket.io's default is 5 s, randomised to 7.5 s) brings them back within
  // seconds while still spreading the load.
  const socket = io({ auth: { table: config.table, role: config.role }, reconnectionDelayMax: 3000 });

  function showConnection(online, text) {
    connectionBox.textContent = text;
    connectionBox.classList.toggle("offline", !online);
    connectionBox.classList.toggle("online", online);
    document.body.dataset.connected = online ? "yes" : "no";
  }

  function adopt(snapshot) {
    const previousPhase = state && state.phase;
    state = snapshot;
    timerBase = { ...state.timer, at: performance.now() };
    draw();
    if (previousPhase && previousPhase !== state.phase) onPhaseChanged(state.phase, strings);
  }

  function requestSnapshot() {
    socket.timeout(10000).emit("request_snapshot", {}, (err, ack) => {
      if (!err && ack && ack.ok) adopt(ack.snapshot);
    });
  }

  function draw() {
    if (!state) return;
    renderCommon(state, strings);
    render(state, strings);
    tick();
  }

  function tick() {
    if (!timerBase) return;
    const remaining = timerBase.running
      ? Math.max(0, timerBase.remaining_ms - (performance.now() - timerBase.at))
      : timerBase.remaining_ms;
    const seconds = Math.ceil(remaining / 1000);
    const text = `${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
    for (const el of document.querySelectorAll("[data-timer]")) {
      if (el.textContent !== text) el.textContent = text;
      el.classList.toggle("done", remaining === 0);
    }
    const notStarted = !timerBase.running && timerBase.remaining_ms === timerBase.duration_s * 1000;
    const stateText = remaining === 0 ? strings.timerDone
      : timerBase.running ? strings.timerRunning
      : notStarted ? strings.timerReady : strings.timerPaused;
    for (const el of document.querySelectorAll("[data-timer-state]")) el.textContent = stateText;
  }
  setInterval(tick, 250);

  socket.on("connect", () => {
    showConnection(true, strings.online);
    onConnect();
  });
  // The browser knows first when Wi-Fi goes: say so at once, and reconnect when it returns.
  window.addEventListener("offline", () => socket.disconnect());
  window.addEventListener("online", () => socket.connect());
  socket.on("disconnect", () => showConnection(false, strings.offline));
  socket.io.on("reconnect_attempt", () => showConnection(false, strings.offline));
  socket.on("connect_error", (err) => {
    const message = err && err.data && err.data.message;
    showConnection(false, message || strings.offline);
    // socket.io gives up after a refusal by the server; this one passes by itself.
    if (err && err.data && err.data.error === "database_unavailable") setTimeout(() => socket.connect(), 3000);
  });
  socket.on("snapshot", adopt);

  for (const [name, apply] of Object.entries(SEQUENCED_EVENTS)) {
    socket.on(name, (event) => {
      if (!state || event.table_id !== state.table_id || event.seq <= state.seq) return;
      if (event.seq !== state.seq + 1) {
        requestSnapshot();
        return;
      }
      apply(state, event);
      state.seq = event.seq;
      if (name === "timer_changed") timerBase = { ...state.timer, at: performance.now() };
      draw();
      if (name === "phase_changed") onPhaseChanged(state.phase, strings);
    });
  }
  socket.on("presence_changed", (event) => {
    if (!state || event.table_id !== state.table_id) return;
    state.online = event.online;
    draw();
  });

  // Resolves with the server's ack, or a local error ack when there is no answer.
  function send(name, payload = {}) {
    return new Promise((resolve) => {
      socket.timeout(10000).emit(name, payload, (err, ack) => {
        resolve(err ? { ok: false, error: "timeout", message: strings.offline } : ack);
      });
    });
  }

  return { socket, send, strings, config, redraw: draw, getState: () => state };
}

function renderCommon(state, strings) {
  const index = state.phases.indexOf(state.phase);
  setText("[data-phase-name]", strings.phases[state.phase]);
  setText("[data-phase-hint]", strings.hints[state.phase]);
  setText("[data-phase-step]", format(strings.phaseOf, { number: index + 1, total: state.phases.length }));
  setText("[data-participant-count]", String(state.participant_count));
  document.body.dataset.phase = state.phase;
  renderFrameCard(state, strings);
}

// Phones and the wall show the table's frame while it is being agreed (Kaders).
function renderFrameCard(state, strings) {
  const card = document.querySelector("[data-frame-card]");
  if (!card) return;
  card.hidden = state.phase !== "kaders" || !state.frame.recorded;
  const labels = { ballot_form: strings.ballotForms, rule: strings.rules, consensus_rule: strings.consensusRules };
  for (const field of card.querySelectorAll("[data-frame-field]")) {
    const key = field.dataset.frameField;
    const value = state.frame[key];
    field.textContent = labels[key] ? labels[key][value] : value || "—";
  }
}

export function setText(selector, text) {
  for (const el of document.querySelectorAll(selector)) {
    if (el.textContent !== text) el.textContent = text;
  }
}

export function announce(text) {
  const region = document.querySelector("[data-announce]");
  if (region) region.textContent = text;
}
