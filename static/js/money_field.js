// A money field: a text field (people type "3.000", "€ 3.000,-", "3 000"), never a number
// field, which drops the Dutch thousands point (3.000 became 3). While typing, it shows what
// will be saved ("= € 3.000") or why the amount cannot be read, as the server reads it:
// the preview comes from the same parser that saves (GET data-money-preview), so the two
// cannot disagree. Announced politely to screen readers, tied to the field by aria-describedby.

const WAIT_MS = 300; // after the last key, so a fast typist does not fire a request per key

export function attachMoneyPreview(input, url) {
  input.type = "text";
  input.inputMode = "decimal";
  input.autocomplete = "off";
  input.spellcheck = false;
  const preview = document.createElement("p");
  preview.id = `${input.id}-preview`;
  preview.className = "money-preview";
  preview.setAttribute("aria-live", "polite");
  preview.dataset.moneyPreviewOf = input.id;
  input.insertAdjacentElement("afterend", preview);
  const described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
  input.setAttribute("aria-describedby", [...described, preview.id].join(" "));

  let timer = null;
  let asked = 0;
  async function show() {
    const typed = input.value;
    const question = ++asked;
    if (typed.trim() === "") {
      draw("", false);
      return;
    }
    try {
      const response = await fetch(`${url}?amount=${encodeURIComponent(typed)}`, { headers: { Accept: "application/json" } });
      const answer = await response.json();
      if (question !== asked) return; // a later key was typed meanwhile: its answer counts
      if (answer.ok) draw(`= ${answer.shown}`, false, answer.cents);
      else draw(answer.message, true);
    } catch {
      if (question === asked) draw("", false); // offline: the save itself will say what is wrong
    }
  }

  function draw(text, wrong, cents) {
    preview.textContent = text;
    preview.classList.toggle("error", wrong);
    if (wrong) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    if (cents === undefined) delete preview.dataset.cents;
    else preview.dataset.cents = String(cents);
  }

  input.addEventListener("input", () => {
    // The server's refusal of the last save is about what was typed then: the preview takes over.
    const refused = document.getElementById(`${input.id}-error`);
    if (refused) refused.hidden = true;
    clearTimeout(timer);
    timer = setTimeout(show, WAIT_MS);
  });
  // A redraw of the console puts a half-typed amount back after this runs
  // (argument_card.js keepingFocus): preview it then, and not the amount already saved.
  const rendered = input.value;
  queueMicrotask(() => { if (input.value !== rendered) show(); });
  return preview;
}

// Every field marked data-money-preview on a server-rendered page (the organiser's round form).
export function attachMoneyPreviews(root = document) {
  for (const input of root.querySelectorAll("input[data-money-preview]")) attachMoneyPreview(input, input.dataset.moneyPreview);
}
