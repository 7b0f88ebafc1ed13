// The projected wall: read-only, large; it follows the table by itself.
import { startLive } from "./live.js";

startLive({ render() {} });
