import { writeArchive } from '../backup/event-archive';
import { archivePath, runStoreCli } from './store-cli';

const USAGE = 'usage: npm run backup -- <archive.ndjson.gz>   (an existing file is never overwritten)';

/** `npm run backup -- <file>`: the whole event store, in its global order, to a checked archive. */
runStoreCli('backup', archivePath(USAGE), async ({ store }, path) => {
  const r = await writeArchive(store, path, (p) => process.stderr.write(`  … ${p.events} events written\n`));
  process.stdout.write(`${JSON.stringify({ archive: path, events: r.events, sha256: r.sha256 })}\n`);
});
