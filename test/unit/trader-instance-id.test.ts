import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimInstanceId } from '../../app/trader/instance-id';

describe('claimInstanceId: one live trader per data directory, its lock ID kept', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'instance-id-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the ID across restarts, and takes over the claim of a dead process (kill -9)', async () => {
    const id = claimInstanceId(dir);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(claimInstanceId(dir)).toBe(id); // the same process again
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.once('exit', r));
    writeFileSync(join(dir, 'instance.pid'), `${dead.pid}\n`);
    expect(claimInstanceId(dir)).toBe(id);
    expect(readFileSync(join(dir, 'instance.pid'), 'utf8').trim()).toBe(String(process.pid));
  });

  it('refuses a directory another live process has claimed, and leaves its claim alone', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(join(dir, 'instance.pid'), `${other.pid}\n`);
      expect(() => claimInstanceId(dir)).toThrow(new RegExp(`another trader \\(pid ${other.pid}\\) runs on`));
      expect(readFileSync(join(dir, 'instance.pid'), 'utf8').trim()).toBe(String(other.pid));
    } finally {
      other.kill('SIGKILL');
    }
  });
});
