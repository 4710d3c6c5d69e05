import { GroupCommit } from '../../adapters/postgres/group-commit';

const turn = () => new Promise((r) => setImmediate(r));

/** A commit function that records its groups and answers when told to. */
function recorder(answer: (item: number) => number | Error = (i) => i * 10) {
  const groups: number[][] = [];
  const pending: (() => void)[] = [];
  const commit = (items: readonly number[]) => {
    groups.push([...items]);
    return new Promise<(number | Error)[]>((resolve, reject) => {
      pending.push(() => {
        if (items.includes(-1) && items.length > 1) reject(new Error('the whole group failed'));
        else if (items.includes(-1)) reject(new Error('item -1 is bad'));
        else resolve(items.map(answer));
      });
    });
  };
  const finishAll = async () => {
    await turn();
    while (pending.length > 0) {
      pending.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { groups, commit, finishAll };
}

test('a lone request is committed at the end of its turn, alone', async () => {
  const r = recorder();
  const gc = new GroupCommit(r.commit, { maxInFlight: 1, maxItems: 10 });
  const p = gc.submit(1);
  expect(r.groups).toEqual([]);
  await turn();
  expect(r.groups).toEqual([[1]]);
  await r.finishAll();
  await expect(p).resolves.toBe(10);
});

test('requests of one turn go together, and so do those arriving while a commit is in flight; each gets its own result', async () => {
  const r = recorder();
  const gc = new GroupCommit(r.commit, { maxInFlight: 1, maxItems: 10 });
  const first = [1, 2, 3].map((i) => gc.submit(i));
  await turn();
  const later = [4, 5].map((i) => gc.submit(i));
  await turn();
  expect(r.groups).toEqual([[1, 2, 3]]);
  await r.finishAll();
  expect(r.groups).toEqual([
    [1, 2, 3],
    [4, 5],
  ]);
  await expect(Promise.all([...first, ...later])).resolves.toEqual([10, 20, 30, 40, 50]);
});

test('maxInFlight commits run at once, and a group holds at most maxItems', async () => {
  const r = recorder();
  const gc = new GroupCommit(r.commit, { maxInFlight: 2, maxItems: 3 });
  const all = Array.from({ length: 10 }, (_, i) => gc.submit(i + 1));
  await turn();
  expect(r.groups).toEqual([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  await r.finishAll();
  expect(r.groups).toEqual([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10]]);
  await expect(Promise.all(all)).resolves.toHaveLength(10);
});

test("an item's own error reaches only its caller", async () => {
  const r = recorder((i) => (i === 3 ? new Error('wrong version of 3') : i));
  const gc = new GroupCommit(r.commit, { maxInFlight: 1, maxItems: 10 });
  const all = Promise.allSettled([1, 2, 3, 4].map((i) => gc.submit(i)));
  await r.finishAll();
  const settled = await all;
  expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
  expect((settled[2] as PromiseRejectedResult).reason.message).toBe('wrong version of 3');
});

test('a group that fails as a whole is retried one by one, so the error reaches only its cause', async () => {
  const r = recorder();
  const gc = new GroupCommit(r.commit, { maxInFlight: 1, maxItems: 10 });
  const all = Promise.allSettled([1, 2, -1, 4].map((i) => gc.submit(i)));
  await r.finishAll();
  const settled = await all;
  expect(r.groups).toEqual([[1, 2, -1, 4], [1], [2], [-1], [4]]);
  expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : s.reason.message))).toEqual([
    10,
    20,
    'item -1 is bad',
    40,
  ]);
});

test('limits below 1 are refused', () => {
  expect(() => new GroupCommit(async () => [], { maxInFlight: 0, maxItems: 1 })).toThrow(RangeError);
});

test('requests with the same key never share a commit nor run at once, and keep their order', async () => {
  const r = recorder();
  const gc = new GroupCommit(r.commit, { maxInFlight: 2, maxItems: 10, keyOf: (i) => String(i % 10) });
  const all = [1, 2, 11, 3, 21, 12].map((i) => gc.submit(i));
  await turn();
  expect(r.groups).toEqual([[1, 2, 3]]); // 11, 21 and 12 wait for 1 and 2: no second commit may run
  await r.finishAll();
  expect(r.groups).toEqual([[1, 2, 3], [11, 12], [21]]);
  await expect(Promise.all(all)).resolves.toEqual([10, 20, 110, 30, 210, 120]);
});
