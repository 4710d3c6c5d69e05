import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { UpcasterChain } from '../../domain/events/upcaster';
import { makeEvent, uniqueStream } from '../support/events';
import { createTestDb, type TestDb } from '../support/test-db';

describe('upcasters', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('reads an old event version as the newest shape on every read path, leaving the stored event as it was', async () => {
    const chain = new UpcasterChain([
      // v1 had the price in rupees as a float; v2 in integer paise; v3 adds the currency.
      {
        type: 'PriceSeen',
        fromVersion: 1,
        upcast: (d) => ({ paise: Math.round((d as { rupees: number }).rupees * 100) }),
      },
      { type: 'PriceSeen', fromVersion: 2, upcast: (d) => ({ ...(d as object), currency: 'INR' }) },
    ]);
    const writer = new PgEventStore(db.pool);
    const reader = new PgEventStore(db.pool, { upcasters: chain });
    const s = uniqueStream('up');
    await writer.appendToStream(s, [
      makeEvent('PriceSeen', { rupees: 812.35 }),
      { ...makeEvent('PriceSeen', { paise: 5 }), version: 2 },
    ]);
    const expected = [
      { version: 3, data: { paise: 81235, currency: 'INR' } },
      { version: 3, data: { paise: 5, currency: 'INR' } },
    ];
    expect((await reader.readStream(s)).map((e) => ({ version: e.version, data: e.data }))).toEqual(expected);
    // Readable in the global order once no older transaction on the server is still open.
    let all = (await reader.readAll({ filter: { streamPrefixes: [s] } })).events;
    for (let i = 0; i < 500 && all.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 10));
      all = (await reader.readAll({ filter: { streamPrefixes: [s] } })).events;
    }
    expect(all.map((e) => ({ version: e.version, data: e.data }))).toEqual(expected);
    const seen: unknown[] = [];
    const sub = reader.subscribeToAll({
      filter: { streamPrefixes: [s] },
      handler: (es) => void seen.push(...es.map((e) => e.data)),
    });
    const until = Date.now() + 5000;
    while (seen.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    await sub.stop();
    expect(seen).toEqual(expected.map((e) => e.data));
    expect((await writer.readStream(s))[0]).toMatchObject({ version: 1, data: { rupees: 812.35 } });
    const twice = { type: 'PriceSeen', fromVersion: 1, upcast: (d: unknown) => d };
    expect(() => new UpcasterChain([twice, twice])).toThrow(/two upcasters/);
    await writer.close();
    await reader.close();
  });
});
