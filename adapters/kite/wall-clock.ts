import type { Clock } from '../../commands/ports/clock';

/** The machine's clock: the default for the Kite adapter's rate limiters and ticker reconnection. */
export const wallClock: Clock = {
  nowMs: () => Date.now(),
  nowIso: () => new Date().toISOString(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
