// The live connection of one table, shared by the phone, console and wall pages: the socket,
// the connection badge, the timer's tick. What the state becomes is decided in
// table_state.js; this module only feeds it the server's events and redraws.
import { connect } from "./connecting.js";
import { renderFrameCard } from "./frame_card.js";
import {
  OWN, REDUCERS, eurosFormatter, format, formatCount, groupName, phaseIndex, phaseRules, receive, receiveOwn, receivePresence,
  timerView,
} from "./table_state.js";
import { renderRoundFrame } from "./round_frame_card.js";

const euros = eurosFormatter(document.documentElement.lang);
export { euros, format, formatCount, groupName, phaseRules };

export function startLive({ render, onPhaseChanged = () => {}, onConnect = () => {} }) {
  const root = document.querySelector("[data-live]");
  const config = JSON.parse(root.dataset.live);
  const strings = config.strings;
  const connectionBox = document.querySelector("[data-connection]");
  let state = null;
  let timerBase = null;

  const socket = connect({ table: config.table, role: config.role });

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
    // For self-contained parts of a page (the wall's join QR overlay) that draw themselves
    // from the state without their page's module knowing them.
    document.dispatchEvent(new CustomEvent("table-state", { detail: { state, strings } }));
  }

  function tick() {
    if (!timerBase) return;
    const view = timerView(timerBase, performance.now() - timerBase.at, { closed: Boolean(state && state.closed) });
    for (const el of document.querySelectorAll("[data-timer]")) {
      if (el.textContent !== view.text) el.textContent = view.text;
      el.classList.toggle("done", view.remainingMs === 0);
    }
    const stateText = { done: strings.timerDone, running: strings.timerRunning,
      ready: strings.timerReady, paused: strings.timerPaused, closed: strings.timerClosed }[view.key];
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

  for (const name of Object.keys(REDUCERS)) {
    socket.on(name, (event) => {
      const result = receive(state, name, event);
      if (result.outcome === "resync") requestSnapshot();
      if (result.outcome !== "applied") return;
      const timerBefore = state.timer;
      state = result.state;
      if (state.timer !== timerBefore) timerBase = { ...state.timer, at: performance.now() };
      draw();
      if (name === "phase_changed") onPhaseChanged(state.phase, strings);
    });
  }
  socket.on("own_argument_changed", (event) => {
    const result = receiveOwn(state, event);
    if (result.outcome === "resync") requestSnapshot();
    if (result.outcome !== "applied") return;
    state = result.state;
    draw();
  });
  socket.on("presence_changed", (event) => {
    const next = receivePresence(state, event);
    if (next === state) return;
    state = next;
    draw();
  });

  // What the server confirmed in an ack to this page alone (its own reaction, its ballot).
  function confirmOwn(name, payload) {
    state = OWN[name](state, payload);
    draw();
  }

  // Resolves with the server's ack, or a local error ack when there is no answer.
  function send(name, payload = {}) {
    return new Promise((resolve) => {
      socket.timeout(10000).emit(name, payload, (err, ack) => {
        resolve(err ? { ok: false, error: "timeout", message: strings.offline } : ack);
      });
    });
  }

  return { socket, send, strings, config, redraw: draw, confirmOwn, getState: () => state };
}

function renderCommon(state, strings) {
  const index = phaseIndex(state);
  setText("[data-phase-name]", strings.phases[state.phase]);
  setText("[data-phase-hint]", strings.hints[state.phase]);
  setText("[data-phase-step]", format(strings.phaseOf, { number: index + 1, total: state.phases.length }));
  setText("[data-participant-count]", String(state.participant_count));
  document.body.dataset.phase = state.phase;
  renderFrameCard(state, strings);
  renderRoundFrame(state, strings, euros);
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
