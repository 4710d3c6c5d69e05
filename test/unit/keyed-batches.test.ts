import { KeyedBatches } from '../../commands/eventstore/keyed-batches';

const turn = () => new Promise((r) => setImmediate(r));

test("a key's items of one turn, and those arriving while its batch runs, go together in order; keys run in parallel", async () => {
  const batches: [string, number[]][] = [];
  const release: (() => void)[] = [];
  const kb = new KeyedBatches<number>(
    (key, items) =>
      new Promise<void>((resolve) => {
        batches.push([key, [...items]]);
        release.push(resolve);
      }),
  );
  const done = [kb.submit('a', 1), kb.submit('a', 2), kb.submit('b', 10)];
  expect(batches).toEqual([]); // nothing before the turn ends
  await turn();
  expect(batches).toEqual([
    ['a', [1, 2]],
    ['b', [10]],
  ]);
  done.push(kb.submit('a', 3), kb.submit('a', 4));
  await turn();
  expect(batches).toHaveLength(2); // a's next batch waits for its running one
  release.shift()!();
  await turn();
  expect(batches[2]).toEqual(['a', [3, 4]]);
  for (const r of release.splice(0)) r();
  await Promise.all(done);
});

test("a failed batch rejects its own items only; the key's next batch still runs", async () => {
  const kb = new KeyedBatches<number>(async (_, items) => {
    if (items.includes(-1)) throw new Error('bad batch');
  });
  const bad = kb.submit('a', -1);
  await expect(bad).rejects.toThrow('bad batch');
  await expect(kb.submit('a', 5)).resolves.toBeUndefined();
});
