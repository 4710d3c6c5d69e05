import { allProjections, formatRebuildProgress, rebuildProjection } from '../../projections';
import { restoreArchive } from '../backup/event-archive';
import { archivePath, runStoreCli } from './store-cli';

const USAGE = 'usage: npm run restore -- <archive.ndjson.gz>   (into an empty event store)';

/**
 * `npm run restore -- <file>`: checks the archive whole, restores it into an empty event store in
 * its global order, then rebuilds every projection from event zero: the same book as backed up.
 */
runStoreCli('restore', archivePath(USAGE), async ({ pool, store }, path) => {
  const r = await restoreArchive(store, path, (p) => process.stderr.write(`  … ${p.events} events restored\n`));
  for (const p of allProjections)
    await rebuildProjection({
      store,
      pool,
      projections: allProjections,
      name: p.name,
      onProgress: (x) => {
        if (x.phase === 'done') process.stderr.write(`  ${formatRebuildProgress(x)}\n`);
      },
    });
  process.stdout.write(
    `${JSON.stringify({ archive: path, events: r.events, appends: r.appends, projectionsRebuilt: allProjections.length })}\n`,
  );
});
