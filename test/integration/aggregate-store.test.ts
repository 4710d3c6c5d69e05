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

  it('lets a refusal through and writes nothing', async () => {
    const s = uniqueStream('agg');
    const a = new AggregateStore(pg.store, counter);
    await expect(a.handle(s, { kind: 'add', n: -1 }, ctx('neg'))).rejects.toMatchObject({ code: 'BAD_N' });
    expect(await pg.store.streamVersion(s)).toBe(-1);
  });
});
