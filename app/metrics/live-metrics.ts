import { Gauge, type Registry } from 'prom-client';

/** The trader's mode and Kite session, for the alert rules: read when scraped. */
export function registerLiveMetrics(
  registry: Registry,
  src: { readonly live: () => boolean; readonly kiteTokenProblem: () => string | null },
): void {
  new Gauge({
    name: 'trader_mode_live',
    help: '1 while the day trades LIVE (orders go to Kite), 0 in PAPER.',
    registers: [registry],
    collect() {
      this.set(src.live() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'trader_kite_token_expired',
    help: '1 while the Kite access token is missing, expired or refused (new orders held until a new login).',
    registers: [registry],
    collect() {
      this.set(src.kiteTokenProblem() === null ? 0 : 1);
    },
  });
}
