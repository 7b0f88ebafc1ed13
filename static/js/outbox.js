// The phone's outbox: every argument typed is kept in localStorage until the server
// has acknowledged it, so a dropped connection, a reload or a server restart loses
// nothing. Each carries an id made here; the server stores it under a unique
// constraint, so sending it again is harmless.

export function newClientId() {
  // crypto.randomUUID exists only on https or localhost; a venue laptop serves plain
  // http on the local network, so build a version-4 UUID from getRandomValues.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// What a form holds before it is sent, kept in localStorage so a reload loses nothing.
// save(null) forgets it; an unreadable draft is forgotten rather than failing the page.
export function storedDraft(key) {
  return {
    load() {
      try {
        return JSON.parse(localStorage.getItem(key) || "null");
      } catch {
        localStorage.removeItem(key);
        return null;
      }
    },
    save(draft) {
      if (draft) localStorage.setItem(key, JSON.stringify(draft));
      else localStorage.removeItem(key);
    },
  };
}

export class Outbox {
  constructor(key) {
    this.key = key;
  }

  items() {
    try {
      return JSON.parse(localStorage.getItem(this.key) || "[]");
    } catch {
      return [];
    }
  }

  save(items) {
    localStorage.setItem(this.key, JSON.stringify(items));
  }

  add(stance, text, optionId = null) {
    const item = { client_id: newClientId(), stance, text, option_id: optionId, state: "pending", message: "" };
    this.save([...this.items(), item]);
    return item;
  }

  update(clientId, changes) {
    this.save(this.items().map((item) => (item.client_id === clientId ? { ...item, ...changes } : item)));
  }

  remove(clientId) {
    this.save(this.items().filter((item) => item.client_id !== clientId));
  }

  // Sent items stay: they are how this phone knows which arguments are its own.
  knows(clientId) {
    return this.items().some((item) => item.client_id === clientId);
  }
}

// Errors that are not the argument's fault: it stays pending and goes again later.
const RETRYABLE = new Set(["timeout", "server_error", "database_unavailable", "too_many_arguments", "table_busy"]);

// Sends what is pending, one at a time, until the connection fails. Returns nothing;
// the outbox records each item's state.
export async function flushOutbox(outbox, send) {
  for (const item of outbox.items().filter((i) => i.state === "pending")) {
    const payload = { client_id: item.client_id, stance: item.stance, text: item.text };
    if (item.option_id) payload.option_id = item.option_id;
    const ack = await send("submit_argument", payload);
    if (ack && ack.ok) {
      outbox.update(item.client_id, { state: "sent", message: "" });
    } else if (!ack || RETRYABLE.has(ack.error)) {
      // Not the argument's fault: keep it pending and try again later.
      if (ack && ack.message) outbox.update(item.client_id, { message: ack.message });
      return;
    } else {
      outbox.update(item.client_id, { state: "failed", message: ack.message });
    }
  }
}
