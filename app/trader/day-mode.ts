import type { EventStore } from '../../commands/ports/event-store';
import type { Mode } from '../../domain/session/session-state';

/**
 * The mode a day's control stream records (its last ModeChanged; PAPER when none) and whether the
 * day was ever LIVE (Kite's book is then part of the day's, after a rollback too).
 */
export async function dayModeOf(
  store: Pick<EventStore, 'readStream'>,
  controlStream: string,
): Promise<{ mode: Mode; liveUsed: boolean }> {
  let mode: Mode = 'PAPER';
  let liveUsed = false;
  for (const e of await store.readStream(controlStream)) {
    if (e.type !== 'ModeChanged') continue;
    mode = (e.data as { to: Mode }).to;
    if (mode === 'LIVE') liveUsed = true;
  }
  return { mode, liveUsed };
}
