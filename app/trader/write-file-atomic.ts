import { renameSync, writeFileSync } from 'node:fs';

/** Writes a file whole or not at all (a crash mid-write leaves the previous one). */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
