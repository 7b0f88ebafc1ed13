// The organiser's round overview follows its tables: every few seconds it asks the
// server for each table's row (already worded in the page's language) and updates
// the cells that changed. Polling, not a socket: the organiser watches, never acts here.
const table = document.querySelector("[data-overview-url]");
const REFRESH_MS = 5000;
let shownCombined = null;

async function refresh() {
  try {
    const response = await fetch(table.dataset.overviewUrl, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const overview = await response.json();
    for (const [tableId, cells] of Object.entries(overview.tables)) {
      const row = table.querySelector(`tr[data-table-id="${tableId}"]`);
      if (!row) continue; // a table made after the page loaded shows on the next reload
      for (const [field, text] of Object.entries(cells)) {
        const cell = row.querySelector(`[data-field="${field}"]`);
        if (cell && cell.textContent !== text) cell.textContent = text;
      }
    }
    const total = document.getElementById("round-total");
    if (total.textContent !== overview.total) total.textContent = overview.total;
    // The round's one allocation (issue 17): the server's own markup of the same partial,
    // put in when it differs from what the last refresh brought.
    const combined = document.querySelector("[data-round-combined]");
    if (combined && overview.combined && overview.combined !== shownCombined) {
      combined.outerHTML = overview.combined;
      shownCombined = overview.combined;
    }
  } catch {
    // Offline for a moment: the next refresh tries again.
  } finally {
    setTimeout(refresh, REFRESH_MS);
  }
}

if (table) setTimeout(refresh, REFRESH_MS);
