import type { Checkpoint } from '../../commands/ports/event-store';
import { InvalidArgumentError } from '../../commands/ports/event-store-errors';

/** A PostgreSQL global position: (transaction id, sequence position), written `tx/pos`. */
export interface PgPosition {
  readonly tx: string;
  readonly pos: string;
}

export const PG_START: PgPosition = { tx: '0', pos: '0' };
const FORM = /^(\d{1,20})\/(\d{1,19})$/;

export function encodePgCheckpoint(tx: string, pos: string): Checkpoint {
  return `${tx}/${pos}`;
}

export function decodePgCheckpoint(cp: Checkpoint | null | undefined): PgPosition {
  if (cp === null || cp === undefined) return PG_START;
  const m = typeof cp === 'string' ? FORM.exec(cp) : null;
  if (!m)
    throw new InvalidArgumentError(`malformed checkpoint ${JSON.stringify(cp)}: a PostgreSQL checkpoint is 'tx/pos'`);
  return { tx: m[1]!, pos: m[2]! };
}

/** Orders two PostgreSQL checkpoints (`tx/pos`): by transaction id, then position. */
export function comparePgCheckpoints(a: Checkpoint, b: Checkpoint): number {
  const x = decodePgCheckpoint(a);
  const y = decodePgCheckpoint(b);
  const tx = BigInt(x.tx) - BigInt(y.tx);
  if (tx !== 0n) return tx < 0n ? -1 : 1;
  const pos = BigInt(x.pos) - BigInt(y.pos);
  return pos === 0n ? 0 : pos < 0n ? -1 : 1;
}
