import type { ReadAllOptions, ReadAllResult } from '../../commands/ports/event-store';
import { PageReader } from '../../projections/engine/page-reader';

/** A store of `n` pages; each read is recorded and resolves when the test lets it. */
function fakeStore(pages: number, failAt?: string) {
  const reads: (string | null)[] = [];
  return {
    reads,
    async readAll(o: ReadAllOptions = {}): Promise<ReadAllResult> {
      const from = o.from ?? null;
      reads.push(from);
      if (from === failAt) throw new Error(`read from ${from} failed`);
      const k = from === null ? 0 : Number(from.slice(1));
      return { events: [], checkpoint: `p${k + 1}`, isEnd: k + 1 >= pages };
    },
  };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('page reader', () => {
  it('reads the next page ahead while the caller works, and stops at the end', async () => {
    const store = fakeStore(3);
    const reader = new PageReader(store, { filter: undefined, pageSize: 10, now: () => 0 });
    const first = await reader.read(null);
    await flush();
    expect(store.reads).toEqual([null, 'p1']); // p1 requested before we asked for it
    const second = await reader.read(first.to);
    const third = await reader.read(second.to);
    await flush();
    expect(third).toMatchObject({ from: 'p2', to: 'p3', isEnd: true });
    expect(store.reads).toEqual([null, 'p1', 'p2']); // no read past the end, none twice
  });

  it('drops the page read ahead when asked for another checkpoint', async () => {
    const store = fakeStore(5);
    const reader = new PageReader(store, { filter: undefined, pageSize: 10, now: () => 0 });
    await reader.read(null);
    const again = await reader.read(null); // e.g. the checkpoint moved back to where it was
    expect(again.from).toBeNull();
    expect(store.reads.filter((r) => r === null)).toHaveLength(2);
  });

  it('a failed read ahead is not an unhandled rejection, and surfaces when used', async () => {
    const store = fakeStore(5, 'p1');
    const reader = new PageReader(store, { filter: undefined, pageSize: 10, now: () => 0 });
    await reader.read(null);
    await flush();
    await expect(reader.read('p1')).rejects.toThrow('read from p1 failed');
  });

  it('records the doorbell mark and time taken before each read', async () => {
    let mark = 7;
    const reader = new PageReader(fakeStore(1), {
      filter: undefined,
      pageSize: 10,
      now: () => 123,
      mark: () => mark++,
    });
    expect(await reader.read(null)).toMatchObject({ mark: 7, startedAt: 123 });
  });
});
