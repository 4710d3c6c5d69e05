import { KeyedMutex } from '../../commands/eventstore/keyed-mutex';

describe('KeyedMutex', () => {
  it('runs tasks of one key one at a time in call order, and keys concurrently', async () => {
    const m = new KeyedMutex();
    const log: string[] = [];
    const task = (name: string, ms: number) => () =>
      new Promise<string>((r) =>
        setTimeout(() => {
          log.push(name);
          r(name);
        }, ms),
      );
    const results = await Promise.all([
      m.run('a', task('a1', 30)),
      m.run('a', task('a2', 1)),
      m.run('b', task('b1', 5)),
    ]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log).toEqual(['b1', 'a1', 'a2']);
  });

  it('releases the key when a task fails', async () => {
    const m = new KeyedMutex();
    await expect(m.run('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(m.run('k', async () => 7)).resolves.toBe(7);
  });
});
