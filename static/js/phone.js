// The participant's phone: the current phase, the timer, and how many joined.
import { announce, format, setText, startLive } from "./live.js";

startLive({
  render(state, strings) {
    if (state.me) {
      setText("[data-me]", state.me.display_name || format(strings.anonymous, { number: state.me.number }));
    }
  },
  onPhaseChanged(phase, strings) {
    announce(format(strings.phaseChangedTo, { phase: strings.phases[phase] }));
  },
});
