import {
  allProjections,
  formatRebuildProgress,
  listProjectionCheckpoints,
  type RebuildProgress,
  rebuildProjection,
  reconcileProjection,
} from '../../projections';
import { formatReconcileReport } from './reconcile-report';
import { runStoreCli } from './store-cli';

const USAGE = `usage: npm run projections -- list
       npm run projections -- rebuild <name>
       npm run projections -- reconcile <name|all>
  names: ${allProjections.map((p) => p.name).join(', ')}`;

/**
 * `npm run projections -- list | rebuild <name> | reconcile <name|all>`: lists projections with
 * their checkpoints; rebuilds one from event zero into shadow tables and swaps them in (the live
 * tables keep serving); or reconciles: rebuilds into shadow tables, compares them with the live
 * ones at the same point of the store, reports every difference and changes nothing (exit code 1
 * when anything differs).
 */
function parseArgs([verb, name, ...rest]: readonly string[]): { verb: string; name: string | undefined } {
  const ok = (verb === 'list' && !name) || ((verb === 'rebuild' || verb === 'reconcile') && name && rest.length === 0);
  if (!ok || !verb) throw new Error(USAGE);
  return { verb, name };
}

runStoreCli('projections', parseArgs, async ({ pool, store }, { verb, name }) => {
  if (verb === 'list') {
    const rows = await listProjectionCheckpoints(pool);
    for (const p of allProjections) {
      const r = rows.find((x) => x.projection === p.name && x.target === 'live');
      process.stdout.write(
        `${p.name.padEnd(24)} ${r ? `${r.eventsApplied} events, checkpoint ${r.checkpoint ?? 'start'}` : 'not started'}\n`,
      );
    }
    return;
  }
  const tty = process.stderr.isTTY;
  const progress = (p: RebuildProgress) =>
    process.stderr.write(tty ? `\r\x1b[K${formatRebuildProgress(p)}` : `${formatRebuildProgress(p)}\n`);
  if (verb === 'reconcile') {
    const names = name === 'all' ? allProjections.map((p) => p.name) : [name!];
    let differences = 0;
    for (const n of names) {
      const report = await reconcileProjection({
        store,
        pool,
        projections: allProjections,
        name: n,
        onProgress: progress,
      });
      if (tty) process.stderr.write('\n');
      process.stdout.write(formatReconcileReport(report));
      differences += report.differences;
    }
    if (differences > 0) process.exitCode = 1;
    return;
  }
  const r = await rebuildProjection({
    store,
    pool,
    projections: allProjections,
    name: name!,
    onProgress: progress,
  });
  if (tty) process.stderr.write('\n');
  process.stdout.write(
    `${JSON.stringify({ projection: r.projection, eventsApplied: r.eventsApplied, elapsedMs: r.elapsedMs, eventsPerSecond: Math.round(r.eventsPerSecond) })}\n`,
  );
});
