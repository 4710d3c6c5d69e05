import type { TapeEntry } from '../../domain/market/market-tape';

/**
 * The scans of a trader's tape that the recording process may not have finished: the last scan of
 * each stretch that a later stretch followed (a `start` entry: the process was killed, or lost the
 * lock, and another began). A scan decides its plans one at a time, each decision stored and its
 * group opened before the next is decided; a process killed mid-scan (say, right after its first
 * entry went out) never stored the rest. The re-run decides all of them: those are not differences,
 * they are what the recording never got. Instants in epoch ms.
 */
export function unfinishedScans(tape: readonly TapeEntry[]): ReadonlySet<number> {
  const out = new Set<number>();
  let lastScan: number | null = null;
  for (const e of tape) {
    if (e.kind === 'scan') lastScan = e.atMs;
    else if (e.kind === 'start') {
      if (lastScan !== null) out.add(lastScan);
      lastScan = null;
    }
  }
  return out;
}
