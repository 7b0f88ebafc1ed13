// The minutes, drawn from the blocks the server lays out (facilitator/minutes_render.py):
// text only, so nothing a participant typed can ever become markup on the wall.
// `pictures` draws the budget bar and the consensus tally ({budget_bar, tally}: block -> node);
// without it they are their words.
export function renderMinutes(container, blocks, { headingOffset = 1, pictures = {} } = {}) {
  container.replaceChildren(...blocks.map((block) => {
    if (pictures[block.kind]) return pictures[block.kind](block);
    switch (block.kind) {
      case "heading":
        return text(`h${Math.min(block.level + headingOffset, 6)}`, block.text);
      case "note":
      case "draft":
        return Object.assign(text("p", block.text), { className: `minutes-note minutes-${block.kind}` });
      case "list": {
        const list = document.createElement("ul");
        list.append(...block.items.map((item) => text("li", item)));
        return list;
      }
      case "table": {
        const table = document.createElement("table");
        const head = table.createTHead().insertRow();
        for (const cell of block.header) head.append(Object.assign(text("th", cell), { scope: "col" }));
        const body = table.createTBody();
        for (const row of block.rows) {
          const line = body.insertRow();
          for (const cell of row) line.append(text("td", cell));
        }
        return table;
      }
      default:
        return text("p", block.text);
    }
  }));
}

function text(tag, content) {
  const node = document.createElement(tag);
  node.textContent = content;
  return node;
}
