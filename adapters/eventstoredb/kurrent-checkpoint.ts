import type { Position } from '@kurrent/kurrentdb-client';
import type { Checkpoint } from '../../commands/ports/event-store';
import { InvalidArgumentError } from '../../commands/ports/event-store-errors';

/**
 * An EventStoreDB position in $all, written `esdb:commit/prepare` (both unsigned 64-bit). The
 * prefix tells it from PostgreSQL's `tx/pos`: a read-model database that followed another store is
 * then refused by its checkpoints (projection-runner.ts), never read as positions of this one.
 */
const FORM = /^esdb:(\d{1,20})\/(\d{1,20})$/;
const MAX_U64 = (1n << 64n) - 1n;

export function encodeKurrentCheckpoint(p: Position): Checkpoint {
  return `esdb:${p.commit}/${p.prepare}`;
}

/** null/undefined is the very start of $all (null); anything else must be `esdb:commit/prepare`. */
export function decodeKurrentCheckpoint(cp: Checkpoint | null | undefined): Position | null {
  if (cp === null || cp === undefined) return null;
  const m = typeof cp === 'string' ? FORM.exec(cp) : null;
  const commit = m ? BigInt(m[1]!) : -1n;
  const prepare = m ? BigInt(m[2]!) : -1n;
  if (commit < 0n || prepare < 0n || commit > MAX_U64 || prepare > MAX_U64)
    throw new InvalidArgumentError(
      `malformed checkpoint ${describe(cp)}: an EventStoreDB checkpoint is 'esdb:commit/prepare' (unsigned 64-bit integers)`,
    );
  return { commit, prepare };
}

/** Order of two positions in $all: by commit, then prepare. */
export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** True when `p` lies strictly after `from` (everything lies after the start, null). */
export function isAfter(p: Position, from: Position | null): boolean {
  return from === null || comparePositions(p, from) > 0;
}

function describe(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}
