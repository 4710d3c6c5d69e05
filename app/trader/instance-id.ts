import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './write-file-atomic';

/**
 * The instance's ID in the leader lock, kept with its data (`DATA_DIR/trader/instance-id`): a
 * restarted trader takes its own lock back at once. Two live processes on one data directory
 * would share the ID and both believe they hold the lock, so the directory is claimed too
 * (`instance.pid`): a claim by another process still alive is refused with a clear error; one
 * left by a dead process (kill -9) is taken over.
 */
export function claimInstanceId(dir: string, pid: number = process.pid): string {
  const pidPath = join(dir, 'instance.pid');
  if (existsSync(pidPath)) {
    const other = Number(readFileSync(pidPath, 'utf8').trim());
    if (Number.isSafeInteger(other) && other > 0 && other !== pid && alive(other))
      throw new Error(
        `another trader (pid ${other}) runs on ${dir}: give each instance its own DATA_DIR (they share the book through the database)`,
      );
  }
  writeFileAtomic(pidPath, `${pid}\n`);
  const path = join(dir, 'instance-id');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const id = randomUUID();
  writeFileAtomic(path, `${id}\n`);
  return id;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}
