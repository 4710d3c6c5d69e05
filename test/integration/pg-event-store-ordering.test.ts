import { Client } from 'pg';
import { makeEvent, uniqueStream } from '../support/events';
import { usePgStore } from '../support/pg-store-fixture';

/**
 * The trap DESIGN.md describes: a transaction that takes a low sequence number but commits
 * after one with a higher number. A reader ordered by the sequence alone would move past the
 * low number before it is visible and skip that event for good.
 */
describe('PostgreSQL global order under out-of-order commits', () => {
  const pg = usePgStore();

  it('never delivers a later commit before an earlier-started one, and never skips the slow one', async () => {
    const slow = new Client({ connectionString: pg.db.url });
    await slow.connect();
    const slowStream = uniqueStream('slow');
    const fastStream = uniqueStream('fast');
    const slowEvent = makeEvent('Slow');
    const seen: string[] = [];
    const sub = pg.store.subscribeToAll({
      handler: (events) => {
        seen.push(...events.map((e) => e.type));
      },
    });
    try {
      await slow.query('BEGIN');
      await slow.query('SELECT * FROM es_append_batch($1::text[], $2::text[], $3::int[], $4::json)', [
        [slowStream],
        ['any'],
        [1],
        JSON.stringify([
          { it: 1, o: 1, id: slowEvent.metadata.eventId, t: 'Slow', v: 1, d: {}, m: slowEvent.metadata, day: null },
        ]),
      ]);
      await pg.store.appendToStream(fastStream, [makeEvent('Fast')]);

      // The trap is set: the committed event has the higher sequence number.
      const { rows } = await pg.db.pool.query<{ stream_id: string; global_position: string }>(
        'SELECT stream_id, global_position FROM es_events ORDER BY global_position',
      );
      expect(rows.map((r) => r.stream_id)).toEqual([fastStream]);
      const { rows: own } = await slow.query<{ global_position: string }>(
        'SELECT global_position FROM es_events WHERE stream_id = $1',
        [slowStream],
      );
      expect(Number(own[0]!.global_position)).toBeLessThan(Number(rows[0]!.global_position));

      // While the slow transaction runs, nothing at or after it is readable, and the store knows it is waiting.
      expect((await pg.store.readAll()).events).toEqual([]);
      expect(await pg.store.hasEventsBeyondHorizon()).toBe(true);
      await new Promise((r) => setTimeout(r, 100));
      expect(seen).toEqual([]);

      await slow.query('COMMIT');
      const until = Date.now() + 5000;
      while (seen.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      expect(seen).toEqual(['Slow', 'Fast']);
      const all = await pg.store.readAll();
      expect(all.events.map((e) => e.type)).toEqual(['Slow', 'Fast']);
    } finally {
      await sub.stop();
      await slow.end();
    }
  });

  it('finds a trading day range through the day index without scanning other days', async () => {
    await pg.store.appendToStream(uniqueStream('day'), [
      makeEvent('D1', {}, { tradingDay: '2025-09-09' }),
      makeEvent('D2', {}, { tradingDay: '2025-09-10' }),
      makeEvent('D3', {}, { tradingDay: '2025-09-10' }),
    ]);
    // Readable in the global order once no older transaction on the server (another test file's) is open.
    let day = await pg.store.readAll({ filter: { tradingDay: '2025-09-10' } });
    for (let i = 0; i < 500 && day.events.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 10));
      day = await pg.store.readAll({ filter: { tradingDay: '2025-09-10' } });
    }
    expect(day.events.map((e) => e.type)).toEqual(['D2', 'D3']);
    const client = await pg.db.pool.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT * FROM es_events WHERE trading_day = '2025-09-10'
           AND (transaction_id, global_position) > ('0'::xid8, 0)
         ORDER BY transaction_id, global_position LIMIT 10`,
      );
      expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('es_events_trading_day');
    } finally {
      client.release();
    }
  });
});
