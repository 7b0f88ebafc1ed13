// The budget bar: the budget as one bar, each option a segment as wide as its cost, what
// is left (or how far over) in words beside it. `budgetBar` is the geometry, DOM-free and
// the same as sessions/views.py's budget_bar (tests/fixtures/budget_bars.json holds both
// to one set of answers); `drawBudgetBar` makes the markup templates/_budget_bar.html
// makes on the server, so live pages and printed minutes show one picture.

export function budgetBar(budgetCents, segments) {
  const total = segments.reduce((sum, segment) => sum + segment.cents, 0);
  const scale = Math.max(budgetCents, total, 1);
  let start = 0;
  const placed = segments.map((segment, index) => {
    const one = { number: segment.number ?? index + 1, label: segment.label, cents: segment.cents, x: start / scale, width: segment.cents / scale };
    start += segment.cents;
    return one;
  });
  return {
    budget_cents: budgetCents,
    total_cents: total,
    left_cents: Math.max(budgetCents - total, 0),
    over_cents: Math.max(total - budgetCents, 0),
    budget_x: budgetCents / scale,
    segments: placed,
  };
}

// A phone says the total and lists the options in words beside its bars (their legend).
export const PHONE_BAR = { legend: false, caption: false, className: "is-phone" };

// Three fills in turn, each with its own pattern and a white gap between segments, so
// neighbours differ by more than colour; the segment's number ties it to the legend.
// Attributes, not classes: WeasyPrint draws the minutes' SVG without the page's CSS.
export const FILLS = ["solid", "stripes", "dots"];
export const COLOURS = { solid: "#0b5394", stripes: "#1b6e2d", dots: "#6a2c8a", track: "#ffffff",
  frame: "#1a1a1a", gap: "#ffffff", over: "#a4161a" };
const VIEW_WIDTH = 1000;
const VIEW_HEIGHT = 56;
// A number is drawn inside a segment only where it fits (in viewBox units).
const NUMBER_ROOM = 50;

let made = 0;
const SVG = "http://www.w3.org/2000/svg";

function svgNode(tag, attributes = {}, text = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== null) node.textContent = text;
  return node;
}

function html(tag, className, text = null) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== null) node.textContent = text;
  return node;
}

// What a screen reader says instead of the picture, and what the caption reads.
export function budgetBarSummary(bar, euros, strings) {
  const parts = bar.segments.map((s) => `${s.label} ${euros(s.cents)}`);
  const state = bar.over_cents > 0
    ? strings.over.replace("%(amount)s", euros(bar.over_cents))
    : strings.left.replace("%(amount)s", euros(bar.left_cents));
  return `${strings.budget.replace("%(amount)s", euros(bar.budget_cents))}: ${parts.join(", ") || strings.nothing}. ${state}`;
}

// `strings`: {budget, left, over, nothing, total} with %(amount)s; `options.legend` false
// leaves the list of segments out (when the page lists them already), `options.caption`
// false the total and what is left (when the page says them in a sentence already).
export function drawBudgetBar(bar, euros, strings, { legend = true, caption = true, className = "" } = {}) {
  made += 1;
  const id = `budget-bar-${made}`;
  const figure = html("figure", `budget-bar${bar.over_cents > 0 ? " is-over" : ""}${className ? ` ${className}` : ""}`);
  const svg = svgNode("svg", { viewBox: `0 0 ${VIEW_WIDTH} ${VIEW_HEIGHT}`, role: "img", "aria-labelledby": `${id}-title`, class: "budget-bar-svg", focusable: "false" });
  svg.append(svgNode("title", { id: `${id}-title` }, budgetBarSummary(bar, euros, strings)));
  const defs = svgNode("defs");
  defs.append(pattern(`${id}-stripes`, "stripes"), pattern(`${id}-dots`, "dots"), pattern(`${id}-over`, "over"));
  svg.append(defs);
  svg.append(svgNode("rect", { x: 0, y: 0, width: VIEW_WIDTH, height: VIEW_HEIGHT, fill: COLOURS.track }));
  for (const segment of bar.segments) {
    const fill = FILLS[(segment.number - 1) % FILLS.length];
    const x = segment.x * VIEW_WIDTH;
    const width = segment.width * VIEW_WIDTH;
    const group = svgNode("g", { class: `budget-bar-segment fill-${fill}`, "data-cents": segment.cents });
    group.append(svgNode("rect", { x, y: 0, width, height: VIEW_HEIGHT, fill: COLOURS[fill] }));
    if (fill !== "solid") {
      group.append(svgNode("rect", { x, y: 0, width, height: VIEW_HEIGHT, fill: `url(#${id}-${fill})` }));
    }
    group.append(svgNode("line", { x1: x + width, y1: 0, x2: x + width, y2: VIEW_HEIGHT, stroke: COLOURS.gap, "stroke-width": 6 }));
    svg.append(group);
  }
  if (bar.over_cents > 0) {
    const x = bar.budget_x * VIEW_WIDTH;
    svg.append(svgNode("rect", { x, y: 0, width: VIEW_WIDTH - x, height: VIEW_HEIGHT, fill: `url(#${id}-over)` }));
    svg.append(svgNode("line", { x1: x, y1: 0, x2: x, y2: VIEW_HEIGHT, stroke: COLOURS.over, "stroke-width": 10 }));
  }
  svg.append(svgNode("rect", { x: 0, y: 0, width: VIEW_WIDTH, height: VIEW_HEIGHT, fill: "none",
    stroke: COLOURS.frame, "stroke-width": 4 }));
  for (const segment of bar.segments) {
    if (segment.width * VIEW_WIDTH < NUMBER_ROOM) continue;
    const cx = (segment.x + segment.width / 2) * VIEW_WIDTH;
    svg.append(svgNode("circle", { cx, cy: VIEW_HEIGHT / 2, r: 22, fill: "#000000", stroke: "#ffffff", "stroke-width": 3,
      "aria-hidden": "true" }));
    svg.append(svgNode("text", { x: cx, y: VIEW_HEIGHT / 2 + 10, "text-anchor": "middle", "font-size": 28,
      "font-weight": 700, fill: "#ffffff", class: "budget-bar-number", "aria-hidden": "true" }, String(segment.number)));
  }
  const picture = html("div", "budget-bar-picture");
  picture.append(svg);
  figure.append(picture);
  if (caption) figure.append(drawCaption(bar, euros, strings));
  if (legend && bar.segments.length) figure.append(drawLegend(bar.segments, euros));
  return figure;
}

function drawCaption(bar, euros, strings) {
  const caption = html("figcaption", "budget-bar-caption");
  caption.append(
    html("span", "budget-bar-total", strings.total.replace("%(amount)s", euros(bar.total_cents))
      .replace("%(budget)s", euros(bar.budget_cents))),
    bar.over_cents > 0
      ? html("strong", "budget-bar-over", strings.over.replace("%(amount)s", euros(bar.over_cents)))
      : html("span", "budget-bar-left", strings.left.replace("%(amount)s", euros(bar.left_cents))));
  return caption;
}

// The segments' numbers with their names and amounts; several bars can share one legend
// when their segments carry the options' numbers.
export function drawLegend(segments, euros) {
  const list = html("ol", "budget-bar-legend");
  for (const segment of segments) {
    const item = html("li", `fill-${FILLS[(segment.number - 1) % FILLS.length]}`);
    item.append(legendKey(segment.number), html("span", "budget-bar-label", segment.label), " ",
      html("span", "budget-bar-amount", euros(segment.cents)));
    list.append(item);
  }
  return list;
}

// A segment's number beside its name in a legend; hidden from screen readers, which read
// the name and amount (the bar's title says the same).
export function legendKey(number) {
  const key = html("span", "budget-bar-key", number === undefined ? "" : String(number));
  key.setAttribute("aria-hidden", "true");
  return key;
}

function pattern(id, kind) {
  const node = svgNode("pattern", { id, patternUnits: "userSpaceOnUse", width: 16, height: 16 });
  if (kind === "stripes") {
    node.append(svgNode("path", { d: "M-4,4 l8,-8 M0,16 l16,-16 M12,20 l8,-8", stroke: "#ffffff", "stroke-width": 3 }));
  } else if (kind === "dots") {
    node.append(svgNode("circle", { cx: 8, cy: 8, r: 3, fill: "#ffffff" }));
  } else {
    node.append(svgNode("path", { d: "M-4,4 l8,-8 M0,16 l16,-16 M12,20 l8,-8", stroke: COLOURS.over, "stroke-width": 4 }));
  }
  return node;
}
