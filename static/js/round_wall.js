// The round wall: the plenary vote on the projector, turnout and the live tally per round
// option. It only listens (auth {round, role: "round_wall"}); it has no controls.
import { connect } from "./connecting.js";
import { element } from "./argument_card.js";
import { eurosFormatter, format } from "./table_state.js";
import { WALL_ROWS, newerVote, supportText, turnoutPercent, wallRows } from "./round_vote_views.js";

const root = document.querySelector("[data-live]");
const config = JSON.parse(root.dataset.live);
const strings = config.strings;
const euros = eurosFormatter(document.documentElement.lang);
const connectionBox = document.querySelector("[data-connection]");
let vote = null;

function showConnection(online, text) {
  connectionBox.textContent = text;
  connectionBox.classList.toggle("offline", !online);
  connectionBox.classList.toggle("online", online);
  document.body.dataset.connected = online ? "yes" : "no";
}

function setText(selector, text) {
  const el = document.querySelector(selector);
  if (el.textContent !== text) el.textContent = text;
}

function draw() {
  setText("[data-round-state]", vote.decision
    ? format(strings.roundDecidedTotal, { total: euros(vote.decision.total_cost_cents), budget: euros(vote.budget_cents) })
    : strings[{ building: "roundStateBuilding", open: "roundStateOpen", closed: "roundStateClosed" }[vote.state]]);
  setText("[data-round-tally-heading]", vote.state !== "closed" ? strings.roundLiveTally
    : vote.funded ? `${strings.roundResult} (✓ ${strings.roundFunded})` : strings.roundResult);
  setText("[data-round-voters]", String(vote.turnout.voters));
  setText("[data-round-turnout-text]", format(strings.roundWallTurnout, {
    participants: vote.turnout.participants, paper: vote.turnout.on_paper }));
  setText("[data-round-percent]", `${turnoutPercent(vote.turnout)}%`);
  document.querySelector("[data-round-turnout-bar]").style.width = `${turnoutPercent(vote.turnout)}%`;
  const list = document.querySelector("[data-round-tally]");
  const { shown, more } = wallRows(vote);
  list.classList.toggle("one-column", shown.length <= WALL_ROWS / 2);
  setText("[data-round-more]", more ? format(strings.roundMore, { count: more }) : "");
  list.replaceChildren(...shown.map((row) => {
    const item = element("li", row.funded ? "funded" : "");
    const head = element("div", "round-wall-row");
    // Funded: a check mark before the title (a sign, not only the colour); the heading says what it means.
    const title = element("span", "round-wall-title", row.funded ? `✓ ${row.title}` : row.title);
    head.append(title, element("span", "round-wall-cost", euros(row.cost_cents)),
      element("span", "round-wall-support", supportText(row.support, vote.ballot_form, strings)));
    const bar = element("div", "round-wall-bar");
    bar.setAttribute("aria-hidden", "true");
    const fill = element("div");
    fill.style.width = `${row.share}%`;
    bar.append(fill);
    item.append(head, bar);
    return item;
  }));
}

const socket = connect({ round: config.round, role: "round_wall" });
socket.on("connect", () => showConnection(true, strings.online));
socket.on("disconnect", () => showConnection(false, strings.offline));
socket.on("connect_error", (err) => showConnection(false, (err && err.data && err.data.message) || strings.offline));
socket.on("round_vote_changed", (event) => {
  const next = newerVote(vote, event);
  if (next === vote) return;
  vote = next;
  draw();
});
