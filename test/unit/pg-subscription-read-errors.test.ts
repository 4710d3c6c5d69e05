import { PgSubscription } from '../../adapters/postgres/pg-subscription';
import { Doorbell } from '../../commands/eventstore/doorbell';
import type { ReadAllResult, RecordedEvent } from '../../commands/ports/event-store';

const event = (n: number) => ({ type: 'Happened', data: { n } }) as unknown as RecordedEvent;

describe('a live PostgreSQL subscription and a failed read', () => {
  it('reports the error and reads again from the same checkpoint: the feed does not end', async () => {
    const pages: Array<ReadAllResult | Error> = [
      { events: [event(1)], checkpoint: '1/1', isEnd: true },
      new Error('Connection terminated unexpectedly'),
      new Error('the database system is starting up'),
      { events: [event(2)], checkpoint: '2/1', isEnd: true },
    ];
    const froms: Array<string | null> = [];
    const reader = {
      async readAllAndHorizon(o: { from: string | null }) {
        froms.push(o.from);
        const next = pages.shift() ?? { events: [], checkpoint: o.from, isEnd: true };
        if (next instanceof Error) throw next;
        return { result: next, pending: false };
      },
    };
    const wake = new Doorbell();
    const got: number[] = [];
    const errors: string[] = [];
    let stopped = false;
    const sub = new PgSubscription(
      reader,
      wake,
      {
        handler: (events) => {
          for (const e of events) got.push((e.data as { n: number }).n);
        },
        onError: (err) => errors.push(String(err)),
      },
      10,
      () => {
        stopped = true;
      },
    );
    for (let i = 0; i < 200 && got.length < 2; i++) {
      wake.ring();
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(got).toEqual([1, 2]);
    expect(errors).toHaveLength(2);
    expect(stopped).toBe(false);
    expect(froms.slice(1, 4)).toEqual(['1/1', '1/1', '1/1']);
    await sub.stop();
    expect(stopped).toBe(true);
  });
});
