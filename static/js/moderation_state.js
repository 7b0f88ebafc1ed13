// What the moderation views derive from the table's live state, apart from the DOM so
// that `node --test` checks it: the queue of arguments waiting for approval, what a kept
// card absorbed by merging, and how an author's own argument stands.

// Waiting arguments, oldest first: the order in which they were sent.
export function waitingQueue(state) {
  return state.arguments.filter((a) => a.waiting).sort((a, b) => a.id - b.id);
}

// The arguments merged into this one (the console has them all, invisible ones included).
export function absorbedBy(state, argumentId) {
  return state.arguments.filter((a) => a.merged_into_id === argumentId);
}

// The console's list of the table's arguments: the waiting ones are in the queue instead.
export function moderatedArguments(state) {
  return state.arguments.filter((a) => !a.waiting);
}

// How the author's phone labels its own argument: "waiting", "hidden" or "sent".
export function ownStatus(argument) {
  if (argument.hidden_reason != null) return "hidden";
  if (argument.waiting) return "waiting";
  return "sent";
}

// Which approve button takes the focus after one was used: the next in the queue, else the
// one before it, so the facilitator can go on pressing Enter; null when the queue is empty.
export function nextInQueue(queueIds, approvedId) {
  const index = queueIds.indexOf(approvedId);
  const rest = queueIds.filter((id) => id !== approvedId);
  if (!rest.length) return null;
  if (index < 0) return rest[0];
  return rest[Math.min(index, rest.length - 1)];
}
