import { Gauge, type Registry } from 'prom-client';

/** Where the trader's mode and Kite session come from (absent: a process without them, no series). */
export interface LiveMetricsSource {
  readonly live?: () => boolean;
  /** Why the Kite access token does not work now, or null. */
  readonly kiteTokenProblem?: () => string | null;
}

/** The trader's mode and Kite session, for the alert rules: read when scraped. */
export function registerLiveMetrics(registry: Registry, src: LiveMetricsSource): void {
  new Gauge({
    name: 'trader_mode_live',
    help: '1 while the day trades LIVE (orders go to Kite), 0 in PAPER.',
    registers: [registry],
    collect() {
      if (src.live) this.set(src.live() ? 1 : 0);
      else this.reset();
    },
  });
  new Gauge({
    name: 'trader_kite_token_expired',
    help: '1 while the Kite access token is missing, expired or refused (new orders held until a new login).',
    registers: [registry],
    collect() {
      if (src.kiteTokenProblem) this.set(src.kiteTokenProblem() === null ? 0 : 1);
      else this.reset();
    },
  });
}
