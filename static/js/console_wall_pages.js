// The console's two buttons that turn the wall's pages in Afgerond (templates/table/_wall_pages.html).
export function setUpWallPages(live, act) {
  const group = document.querySelector("[data-wall-pages]");
  if (!group) return () => {};
  for (const button of group.querySelectorAll("[data-wall-page]")) {
    button.addEventListener("click", async () => {
      button.disabled = true; // one page per press, however fast the clicks come
      try {
        await act("turn_wall_page", { direction: button.dataset.wallPage });
      } finally {
        button.disabled = false;
      }
    });
  }
  return function render(state) {
    group.hidden = state.phase !== "afgerond" || state.closed;
  };
}
