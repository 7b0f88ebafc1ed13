// An option as the people weighing and voting on it see it: its cost, who carries it
// out and what it is. One builder for the phone's Afwegen and its ballot.
import { element } from "./argument_card.js";
import { euros, format } from "./live.js";
import { isLong } from "./phone_views.js";

// `cost: false` where the cost is already in a label; `fold` puts a long description
// behind a tap, so a ballot of twelve options stays a list to choose from.
export function optionFacts(option, strings, { cost = true, fold = false } = {}) {
  const box = element("div", "option-facts");
  const facts = [];
  if (cost) facts.push(element("span", "option-cost", euros(option.cost_cents)));
  if (option.carried_by) facts.push(element("span", "option-carrier", format(strings.carriedBy, { who: option.carried_by })));
  if (facts.length) {
    const line = element("p", "option-meta");
    facts.forEach((fact, n) => line.append(...(n ? [" · ", fact] : [fact])));
    box.append(line);
  }
  if (option.description) {
    const description = element("p", "option-description", option.description);
    if (fold && isLong(option.description)) {
      const more = element("details", "option-more");
      more.append(element("summary", "", strings.aboutOption), description);
      box.append(more);
    } else {
      box.append(description);
    }
  }
  return box;
}
