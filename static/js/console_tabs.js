// The console's tabs: one panel of tools in front, the others one tap away. The view
// follows the table's phase, except while the facilitator types in a panel they opened
// by hand (panels are only hidden, never redrawn away, so nothing typed is lost).
import { followsPhase, panelForPhase, tabAfterKey } from "./console_view.js";

const TYPING = "textarea, input:not([type=checkbox]):not([type=radio]):not([type=button]):not([type=submit])";

export function setUpTabs() {
  const tablist = document.querySelector("[data-tabs]");
  const tabs = [...tablist.querySelectorAll("[role=tab]")];
  const panelOf = (name) => document.getElementById(`panel-${name}`);
  let shown = null;
  let chosenByHand = false;
  let phasePanel = null;
  let followed = null; // the phase the view last followed

  function show(name, { focus = false } = {}) {
    shown = name;
    for (const tab of tabs) {
      const on = tab.dataset.tab === name;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      panelOf(tab.dataset.tab).hidden = !on;
      if (on && focus) tab.focus();
    }
  }

  function choose(name, options) {
    chosenByHand = name !== phasePanel;
    show(name, options);
  }

  tablist.addEventListener("click", (event) => {
    const tab = event.target.closest("[role=tab]");
    if (tab) choose(tab.dataset.tab);
  });
  tablist.addEventListener("keydown", (event) => {
    const available = tabs.filter((tab) => !tab.hidden).map((tab) => tab.dataset.tab);
    const next = tabAfterKey(event.key, shown, available);
    if (!next) return;
    event.preventDefault();
    choose(next, { focus: true });
  });

  return {
    shown: () => shown,
    // After the parts drew themselves: a tab is there while its panel has something to show.
    render(state) {
      phasePanel = panelForPhase(state.phase);
      for (const tab of tabs) {
        tab.hidden = ![...panelOf(tab.dataset.tab).children].some((part) => !part.hidden);
        tab.querySelector(".tab-now").hidden = tab.dataset.tab !== phasePanel;
      }
      const active = document.activeElement;
      const typingInShown = Boolean(shown && active && active.matches(TYPING) && panelOf(shown).contains(active));
      if (state.phase !== followed) {
        followed = state.phase;
        if (followsPhase({ shown, chosenByHand, typingInShown })) {
          chosenByHand = false;
          show(phasePanel);
        }
      }
      // A panel that has nothing left to show (the phase went back) gives way to the phase's.
      if (tabs.find((tab) => tab.dataset.tab === shown).hidden) {
        chosenByHand = false;
        show(phasePanel);
      }
    },
  };
}
