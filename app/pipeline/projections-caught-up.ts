import type { ProjectionRunner } from '../../projections';

/**
 * Resolves once every projection has applied every event the store shows (a day's summary reads
 * the read models: the audit chain's links come from several projections, and a link still on its
 * way would read as missing). Call it after the store's `settle()`.
 */
export async function projectionsCaughtUp(runner: ProjectionRunner, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const st = await runner.status();
    if (st.every((s) => s.eventsBehind === 0)) return;
    if (Date.now() > until) throw new Error(`projections did not catch up in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
