import type { DrillLog } from '../drill-log';
import type { TraderHandle } from '../trader-handle';

/** Switches a trader to LIVE (admin, the phrase); a refusal is the drill's violation (nothing LIVE can be tested). */
export async function goLive(t: TraderHandle, log: DrillLog): Promise<boolean> {
  try {
    await t.goLive();
    const mode = await t.mode();
    log.check('live', mode === 'LIVE', `setMode LIVE was answered but the mode is ${mode}`);
    return mode === 'LIVE';
  } catch (err) {
    log.check('live', false, `nothing was tested: LIVE could not be switched on (${(err as Error).message})`);
    return false;
  }
}
