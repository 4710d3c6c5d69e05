import { ManualClock } from '../../adapters/clock/manual-clock';
import { KiteSim, type SimAddress } from '../../adapters/kite-sim/kite-sim';
import { sessionBounds } from '../../domain/market/session-times';
import { paperMaster, START_MS } from '../unit/paper-broker-harness';

export const LOGIN_API_KEY = 'loginkey';
export const LOGIN_API_SECRET = 'login-secret-42';

/** A Kite simulator in this process (2 Mar 2026, 09:30 IST on a manual clock) with the login tests' app credentials. */
export async function startLoginSim(o: { postbackUrl?: string } = {}): Promise<{ sim: KiteSim; address: SimAddress }> {
  const sim = new KiteSim({
    instruments: paperMaster().all(),
    clock: new ManualClock(START_MS),
    tradingDay: '2026-03-02',
    session: sessionBounds('2026-03-02'),
    speed: 1,
    apiKey: LOGIN_API_KEY,
    apiSecret: LOGIN_API_SECRET,
    ...(o.postbackUrl ? { postbackUrl: o.postbackUrl } : {}),
  });
  return { sim, address: await sim.listen(0) };
}
