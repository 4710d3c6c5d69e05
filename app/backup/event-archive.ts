import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { EventStore, RecordedEvent } from '../../commands/ports/event-store';
import type { EventEnvelope } from '../../domain/events/envelope';

/**
 * An event archive: the whole store, in its global order, as gzipped NDJSON. A header line, one
 * line per event, and a trailer with the count and a SHA-256 of the event lines, so that a
 * truncated or altered archive is refused before anything is restored. The event store is the
 * source of truth: restoring the archive into an empty store and rebuilding the projections gives
 * back the same book.
 */
export const ARCHIVE_FORMAT = 'kite-trader-event-archive';

interface EventLine {
  readonly s: string;
  readonly n: number;
  readonly t: string;
  readonly v: number;
  readonly d: unknown;
  readonly m: EventEnvelope['metadata'];
}

export class ArchiveError extends Error {}

export interface ArchiveProgress {
  readonly events: number;
}

/**
 * Writes every event of the store to `path` (never over an existing file; written to
 * `path.partial` first and renamed when complete, so a failed backup leaves no archive that looks
 * whole). Resolves with the count and the digest.
 */
export async function writeArchive(
  store: Pick<EventStore, 'readAll'>,
  path: string,
  onProgress?: (p: ArchiveProgress) => void,
): Promise<{ events: number; sha256: string }> {
  if (existsSync(path)) throw new ArchiveError(`${path} exists: an archive is never written over a file`);
  const partial = `${path}.partial`;
  const hash = createHash('sha256');
  let events = 0;
  async function* lines(): AsyncGenerator<string> {
    yield `${JSON.stringify({ format: ARCHIVE_FORMAT, version: 1, createdAt: new Date().toISOString() })}\n`;
    let from: string | null = null;
    for (;;) {
      const page = await store.readAll({ from, maxCount: 5_000 });
      for (const e of page.events) {
        const line = `${JSON.stringify(eventLine(e))}\n`;
        hash.update(line);
        events += 1;
        yield line;
      }
      onProgress?.({ events });
      from = page.checkpoint;
      if (page.isEnd) break;
    }
    yield `${JSON.stringify({ end: true, events, sha256: hash.copy().digest('hex') })}\n`;
  }
  try {
    await pipeline(Readable.from(lines()), createGzip(), createWriteStream(partial));
    renameSync(partial, path);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  return { events, sha256: hash.digest('hex') };
}

function eventLine(e: RecordedEvent): EventLine {
  return { s: e.streamId, n: e.streamVersion, t: e.type, v: e.version, d: e.data, m: e.metadata };
}

/** The archive's events in order; throws ArchiveError on a bad header, line, trailer or digest. */
async function* readArchive(path: string): AsyncGenerator<EventLine> {
  const lines = createInterface({
    input: createReadStream(path).pipe(createGunzip()),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const hash = createHash('sha256');
  let lineNo = 0;
  let events = 0;
  let trailer: { events: number; sha256: string } | null = null;
  try {
    for await (const line of lines) {
      lineNo += 1;
      if (trailer) throw new ArchiveError(`line ${lineNo}: data after the archive's end`);
      let value: Record<string, unknown>;
      try {
        value = JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new ArchiveError(`line ${lineNo} is not JSON`);
      }
      if (lineNo === 1) {
        if (value.format !== ARCHIVE_FORMAT || value.version !== 1)
          throw new ArchiveError(`not a ${ARCHIVE_FORMAT} (version 1): the first line is ${line.slice(0, 80)}`);
        continue;
      }
      if (value.end === true) {
        trailer = { events: Number(value.events), sha256: String(value.sha256) };
        continue;
      }
      if (typeof value.s !== 'string' || typeof value.t !== 'string' || !Number.isInteger(value.n))
        throw new ArchiveError(`line ${lineNo} is not an event`);
      hash.update(`${line}\n`);
      events += 1;
      yield value as unknown as EventLine;
    }
  } catch (err) {
    if (err instanceof ArchiveError) throw err;
    throw new ArchiveError(`the archive cannot be read (${(err as Error).message})`);
  }
  if (!trailer) throw new ArchiveError(`the archive ends after ${events} events without its trailer: it is truncated`);
  if (trailer.events !== events)
    throw new ArchiveError(`the trailer counts ${trailer.events} events, the archive holds ${events}`);
  const digest = hash.digest('hex');
  if (digest !== trailer.sha256)
    throw new ArchiveError(
      `the events' SHA-256 is ${digest}, the trailer says ${trailer.sha256}: the archive was altered`,
    );
}

/** Reads the whole archive and checks it; resolves with its event count. */
export async function verifyArchive(path: string): Promise<number> {
  let n = 0;
  for await (const _ of readArchive(path)) n += 1;
  return n;
}

/**
 * Restores an archive into an empty store, in the archive's global order: each run of one
 * stream's consecutive events is one append at its exact expected version. The archive is
 * checked whole before the first append; a store that holds any event is refused.
 */
export async function restoreArchive(
  store: Pick<EventStore, 'readAll' | 'appendToStream'>,
  path: string,
  onProgress?: (p: ArchiveProgress) => void,
): Promise<{ events: number; appends: number }> {
  const total = await verifyArchive(path);
  if ((await store.readAll({ from: null, maxCount: 1 })).events.length > 0)
    throw new ArchiveError('the store already holds events: restore into an empty one');
  let run: EventLine[] = [];
  let events = 0;
  let appends = 0;
  const flush = async () => {
    const first = run[0];
    if (!first) return;
    await store.appendToStream(
      first.s,
      run.map((e) => ({ type: e.t, version: e.v, data: e.d, metadata: e.m })),
      { expectedVersion: first.n === 0 ? 'no_stream' : first.n - 1 },
    );
    events += run.length;
    appends += 1;
    run = [];
    if (appends % 200 === 0) onProgress?.({ events });
  };
  for await (const e of readArchive(path)) {
    const last = run[run.length - 1];
    if (last && (last.s !== e.s || run.length >= 500)) await flush();
    run.push(e);
  }
  await flush();
  onProgress?.({ events });
  if (events !== total) throw new ArchiveError(`restored ${events} of ${total} events`);
  return { events, appends };
}
