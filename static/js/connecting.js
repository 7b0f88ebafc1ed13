// How every live page connects (the table's pages, the round wall, the joint-vote page).
import { io } from "../vendor/socket.io-client-4.8.4/socket.io.esm.min.js";

export const CONNECTING = Object.freeze({
  // After a server restart every phone of the evening reconnects at once; a back-off of at
  // most 3 s (socket.io's default is 5 s) brings them back within seconds while still
  // spreading the load.
  reconnectionDelayMax: 3000,
  // WebSocket first: a (re)connection is one request. Long-polling first, socket.io's
  // default, is a handshake, the connect packet, a poll and the upgrade, each through the
  // server: four times the requests in the storm of a restart, and four round trips on a
  // venue's slow Wi-Fi. Where a network refuses WebSockets, long-polling is tried next, in
  // the same attempt.
  transports: ["websocket", "polling"],
  tryAllTransports: true,
});

export function connect(auth) {
  return io({ auth, ...CONNECTING });
}
