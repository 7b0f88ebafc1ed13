// The organiser's joint-vote page while the vote is open: the turnout follows the votes as
// they come in. It listens as the round wall does (the page put the wall's link in this
// browser's session), and sends nothing.
import { connect } from "./connecting.js";
import { newerVote } from "./round_vote_views.js";

const line = document.querySelector("[data-plenary-turnout]");
if (line) {
  let vote = null;
  const socket = connect({ round: Number(line.dataset.plenaryTurnout), role: "round_wall" });
  socket.on("round_vote_changed", (event) => {
    const next = newerVote(vote, event);
    if (next === vote) return;
    vote = next;
    for (const number of line.querySelectorAll("[data-turnout]")) {
      const text = String(vote.turnout[number.dataset.turnout]);
      if (number.textContent !== text) number.textContent = text;
    }
  });
}
