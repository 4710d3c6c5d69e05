import { decodePgCheckpoint } from '../../adapters/postgres/pg-checkpoint';
import type { Checkpoint } from '../../commands/ports/event-store';

/** Orders two PostgreSQL checkpoints (`tx/pos`): by transaction id, then position. */
export function comparePgCheckpoints(a: Checkpoint, b: Checkpoint): number {
  const x = decodePgCheckpoint(a);
  const y = decodePgCheckpoint(b);
  const tx = BigInt(x.tx) - BigInt(y.tx);
  if (tx !== 0n) return tx < 0n ? -1 : 1;
  const pos = BigInt(x.pos) - BigInt(y.pos);
  return pos === 0n ? 0 : pos < 0n ? -1 : 1;
}
