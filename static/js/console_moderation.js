// The console's pre-moderation: the switch, and the queue of arguments from phones that
// wait for approval. Each can be approved (a click, or Enter on its button, after which
// the focus moves to the next) or hidden with a reason; "Alles goedkeuren" approves
// exactly the ones shown, so an argument that arrives a moment later is not approved unseen.
import { argumentCard, element, keepingFocus } from "./argument_card.js";
import { announce, format } from "./live.js";
import { nextInQueue, waitingQueue } from "./moderation_state.js";

export function setUpModeration(live, act) {
  const strings = live.strings;
  const section = document.querySelector("[data-queue-section]");
  const toggle = section.querySelector("[data-premoderation-switch]");
  const approveAll = section.querySelector("[data-approve-all]");
  const list = section.querySelector("[data-moderation-queue]");
  let shown = []; // the ids the queue shows, oldest first

  toggle.addEventListener("change", async () => {
    const ack = await act("set_premoderation", { on: toggle.checked });
    if (!ack.ok) toggle.checked = live.getState().premoderation;
  });

  async function approve(ids, focusAfter) {
    const ack = await act("approve_arguments", { argument_ids: ids });
    if (!ack.ok) return;
    if (ids.length === 1) {
      const argument = live.getState().arguments.find((a) => a.id === ids[0]);
      if (argument) announce(format(strings.approved, { text: argument.text.slice(0, 80) }));
    }
    focusAfter();
  }

  function focusApprove(id) {
    const target = id === null ? toggle : list.querySelector(`[data-approve="${id}"]`);
    if (target) target.focus();
  }

  approveAll.addEventListener("click", () => approve([...shown], () => focusApprove(null)));

  function queueItem(argument) {
    const card = argumentCard(argument, strings);
    card.classList.add("is-waiting");
    const who = argument.author
      ? format(strings.author, { name: argument.author.display_name || format(strings.anonymous, { number: argument.author.number }) })
      : strings.viaFacilitator;
    card.append(element("p", "status", `#${argument.id} · ${who}`));
    const box = element("div", "moderation");
    const ok = element("button", "button small primary", strings.approve);
    ok.type = "button";
    ok.dataset.approve = argument.id;
    ok.id = `approve-${argument.id}`;
    ok.setAttribute("aria-describedby", `queue-text-${argument.id}`);
    card.querySelector(".argument-text").id = `queue-text-${argument.id}`;
    ok.addEventListener("click", () => {
      const after = nextInQueue(shown, argument.id);
      approve([argument.id], () => focusApprove(after));
    });
    const reasonLabel = element("label", "sr-only", strings.reason);
    const reason = element("input");
    reasonLabel.htmlFor = reason.id = `queue-reason-${argument.id}`;
    reason.placeholder = strings.reason;
    const hide = element("button", "button small", strings.hide);
    hide.type = "button";
    hide.addEventListener("click", async () => {
      const after = nextInQueue(shown, argument.id);
      const ack = await act("hide_argument", { argument_id: argument.id, reason: reason.value });
      if (ack.ok) focusApprove(after);
    });
    box.append(ok, reasonLabel, reason, hide);
    card.append(box);
    return card;
  }

  return function render(state) {
    toggle.checked = Boolean(state.premoderation);
    const queue = waitingQueue(state);
    shown = queue.map((a) => a.id);
    section.querySelector("[data-queue-count]").textContent = String(queue.length);
    section.querySelector("[data-premoderation-state]").textContent = state.premoderation
      ? strings.premoderationOn : queue.length ? strings.premoderationOffQueue : strings.premoderationOff;
    section.querySelector("[data-approve-all-row]").hidden = queue.length < 2;
    approveAll.textContent = format(strings.approveAll, { count: queue.length });
    keepingFocus(list, () => list.replaceChildren(...(queue.length
      ? queue.map(queueItem) : [element("li", "muted", strings.queueEmpty)])));
  };
}
