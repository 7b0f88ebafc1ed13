// Which arguments a long list shows: by stance, by words in the text, and (on the
// grouping board) only those not in a group yet. No `document`: node --test checks it.

// Lower case without accents, so "ideeen" finds "ideeën" and "Cafe" finds "café".
export function searchable(text) {
  return String(text ?? "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

export const NO_FILTER = Object.freeze({ stance: "", text: "", ungroupedOnly: false });

// Every word typed must occur somewhere in the argument's text or its number ("#12").
export function matchesArgument(argument, filter, groupedIds = new Set()) {
  if (filter.stance && argument.stance !== filter.stance) return false;
  if (filter.ungroupedOnly && groupedIds.has(argument.id)) return false;
  const words = searchable(filter.text).split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const haystack = `${searchable(argument.text)} #${argument.id}`;
  return words.every((word) => haystack.includes(word));
}

export function filterArguments(arguments_, filter = NO_FILTER, groupedIds = new Set()) {
  return arguments_.filter((argument) => matchesArgument(argument, filter, groupedIds));
}

export function isFiltering(filter) {
  return Boolean(filter.stance || searchable(filter.text).trim() || filter.ungroupedOnly);
}

// The ids of the arguments in any group of the state's clusters.
export function groupedIds(clusters) {
  return new Set((clusters || []).flatMap((cluster) => cluster.argument_ids));
}
