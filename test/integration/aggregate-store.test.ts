import { AggregateStore } from '../../commands/eventstore/aggregate-store';
import type { CommandContext } from '../../commands/eventstore/envelope';
import { type Decider, DomainRefusal } from '../../domain/events/decider';
import { uniqueStream } from '../support/events';
import { usePgStore } from '../support/pg-store-fixture';

type Cmd = { kind: 'add'; n: number };
type Ev = { type: 'Added'; data: { n: number } };
const counter: Decider<Cmd, Ev, { total: number }> = {
  initialState: () => ({ total: 0 }),
  decide: (c, s) => {
    if (c.n <= 0) throw new DomainRefusal('BAD_N', 'n must be positive');
    if (s.total + c.n > 1000) throw new DomainRefusal('CAP', 'total would exceed 1000');
    return [{ type: 'Added', data: { n: c.n } }];
  },
  evolve: (s, e) => ({ total: s.total + e.data.n }),
};

const ctx = (commandId: string): CommandContext => ({
  commandId,
  correlationId: 'c',
  causationId: null,
  configHash: 'h',
  occurredAt: '2025-09-04T04:00:00.000Z',
  tradingDay: '2025-09-04',
});

describe('AggregateStore', () => {
  const pg = usePgStore();

  it('applies concurrent commands from separate instances once each, retrying on conflicts', async () => {
    const s = uniqueStream('agg');
    const handlers = Array.from({ length: 4 }, () => new AggregateStore(pg.store, counter));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => handlers[i % 4]!.handle(s, { kind: 'add', n: 1 }, ctx(`cmd-${i}`))),
    );
    const fresh = await new AggregateStore(pg.store, counter).load(s);
    expect(fresh).toEqual({ state: { total: 20 }, version: 19 });
  });

  it('appends nothing for a command it has already stored, even from a stale cache', async () => {
    const s = uniqueStream('agg');
    const a = new AggregateStore(pg.store, counter);
    const b = new AggregateStore(pg.store, counter);
    await b.load(s); // b caches the empty stream
    await a.handle(s, { kind: 'add', n: 5 }, ctx('same'));
    const again = await b.handle(s, { kind: 'add', n: 5 }, ctx('same'));
    expect(again.state.total).toBe(5);
    expect(await pg.store.readStream(s)).toHaveLength(1);
  });

  it('decideThen: two streams decided and appended in one appendMulti, a command meanwhile waits for the lock and sees the result', async () => {
    const [x, y] = [uniqueStream('agg'), uniqueStream('agg')];
    const a = new AggregateStore(pg.store, counter);
    let meanwhile: Promise<unknown> = Promise.resolve();
    const total = await a.decideThen(
      x,
      [{ kind: 'add', n: 2 }],
      ctx('two'),
      async (dx) => {
        meanwhile = a.handle(x, { kind: 'add', n: 3 }, ctx('three')); // waits for the lock
        const dy = await a.decision(y, [{ kind: 'add', n: 7 }], ctx('seven'));
        const r = await pg.store.appendMulti([dx.write!, dy.write!]);
        dx.settle(r[0]!);
        dy.settle(r[1]!);
        return dx.state.total + dy.state.total;
      },
      { presumeNew: true },
    );
    await meanwhile;
    expect(total).toBe(9);
    expect(await a.load(x)).toEqual({ state: { total: 5 }, version: 1 });
    expect(await new AggregateStore(pg.store, counter).load(y)).toEqual({ state: { total: 7 }, version: 0 });
  });

  it('decideThen: a stream presumed new that is not is refused at the append, and read afresh after settle(null)', async () => {
    const s = uniqueStream('agg');
    await new AggregateStore(pg.store, counter).handle(s, { kind: 'add', n: 4 }, ctx('other'));
    const a = new AggregateStore(pg.store, counter);
    const refused = await a.decideThen(
      s,
      [{ kind: 'add', n: 1 }],
      ctx('mine'),
      async (d) => {
        expect(d.version).toBe(-1); // presumed, unread
        const err = await pg.store.appendMulti([d.write!]).catch((e) => e);
        d.settle(null);
        return err;
      },
      { presumeNew: true },
    );
    expect(refused).toMatchObject({ code: 'WRONG_EXPECTED_VERSION' });
    expect(await a.load(s)).toEqual({ state: { total: 4 }, version: 0 });
  });

  it('lets a refusal through and writes nothing', async () => {
    const s = uniqueStream('agg');
    const a = new AggregateStore(pg.store, counter);
    await expect(a.handle(s, { kind: 'add', n: -1 }, ctx('neg'))).rejects.toMatchObject({ code: 'BAD_N' });
    expect(await pg.store.streamVersion(s)).toBe(-1);
  });
});
