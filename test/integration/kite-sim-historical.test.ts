import { readFileSync } from 'node:fs';
import { KiteConnect } from 'kiteconnect';
import { ManualClock } from '../../adapters/clock/manual-clock';
import { createKiteHistoryApi, KiteHistory } from '../../adapters/kite/kite-history';
import { KiteSim, type SimAddress } from '../../adapters/kite-sim/kite-sim';
import { barsFromTicks } from '../../domain/market/bar-builder';
import { sessionBounds } from '../../domain/market/session-times';
import type { Tick } from '../../domain/market/tick';
import { paperMaster } from '../unit/paper-broker-harness';

/**
 * The simulator's historical candles (GET /instruments/historical/:token/:interval): Kite's
 * envelope and candle rows (as Kite's own sample), only what its market has played (never past its
 * clock), the official client and the trader's KiteHistory reading them back to the paise, Kite's
 * intervals and `oi`, clear refusals of bad input, and 3 requests a second.
 */
const DAY = '2026-03-02';
const OPEN = sessionBounds(DAY).openMs; // 09:15 IST
const FIXTURE = `${__dirname}/../../../shared/fixtures/kite/historical_minute.json`;

let sim: KiteSim;
let clock: ManualClock;
let address: SimAddress;
let auth: string;
let token: { sbin: number; nifty: number };
const played: Tick[] = [];

/** SBIN and NIFTY 50 each second from 09:15:00 to 09:21:29; SBIN's price walks, its volume grows. */
async function play(untilMs: number): Promise<void> {
  for (let ms = clock.nowMs(); ms < untilMs; ms += 1_000) {
    await clock.advanceTo(ms);
    const n = (ms - OPEN) / 1_000;
    const ticks: Tick[] = [
      { key: 'NSE:SBIN', ts: ms, last: 80_000 + ((n * 7) % 41) * 5 - 100, cumVolume: 100 * n + 50 },
      { key: 'NSE:NIFTY 50', ts: ms, last: 2_400_000 + ((n * 13) % 17) * 5, cumVolume: 0 },
    ];
    played.push(...ticks);
    sim.applyTicks(ticks);
  }
  await clock.advanceTo(untilMs);
}

const url = (path: string) => `${address.restRoot}${path}`;
const get = async (path: string) => {
  const res = await fetch(url(path), { headers: { authorization: auth, 'X-Kite-Version': '3' } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const q = (from: string, to: string, extra = '') =>
  `?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}${extra}`;
/** Waits for the start of a wall-clock second (the rate gate counts calendar seconds). */
const nextSecond = () => new Promise((r) => setTimeout(r, 1_000 - (Date.now() % 1_000) + 5));

beforeAll(async () => {
  clock = new ManualClock(OPEN);
  sim = new KiteSim({
    instruments: paperMaster().all(),
    clock,
    tradingDay: DAY,
    session: sessionBounds(DAY),
    speed: 1,
  });
  address = await sim.listen(0);
  auth = `token ${sim.sessions.apiKey}:${sim.sessions.issue()}`;
  token = {
    sbin: sim.instruments.byKey('NSE:SBIN')!.token,
    nifty: sim.instruments.byKey('NSE:NIFTY 50')!.token,
  };
  await play(OPEN + 6 * 60_000 + 30_000); // to 09:21:30
});

afterAll(async () => {
  await sim.close();
});

describe('the simulator’s historical candles', () => {
  beforeEach(nextSecond);

  it('answers in Kite’s envelope and rows, up to its clock and no further (the running minute as it stands)', async () => {
    const r = await get(`/instruments/historical/${token.sbin}/minute${q(`${DAY} 09:15:00`, `${DAY} 15:30:00`)}`);
    expect(r.status).toBe(200);
    const sample = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { status: string; data: { candles: unknown[][] } };
    expect(Object.keys(r.body).sort()).toEqual(Object.keys(sample).sort());
    expect(r.body.status).toBe('success');
    const candles = (r.body.data as { candles: unknown[][] }).candles;
    // 09:15 .. 09:21: the 09:21 candle is still forming (played to 09:21:29), nothing after the clock
    expect(candles.map((c) => c[0])).toEqual(
      ['15', '16', '17', '18', '19', '20', '21'].map((m) => `${DAY}T09:${m}:00+0530`),
    );
    // each row has the sample's shape: text then five numbers
    for (const row of candles) expect(row.map((v) => typeof v)).toEqual(sample.data.candles[0]!.map((v) => typeof v));
    const expected = barsFromTicks(played.filter((t) => t.key === 'NSE:SBIN'));
    expect(candles).toEqual(
      expected.map((b) => [expect.any(String), b.open / 100, b.high / 100, b.low / 100, b.close / 100, b.volume]),
    );
  });

  it('is read back to the paise by the official client and by the trader’s KiteHistory', async () => {
    const kc = new KiteConnect({ api_key: sim.sessions.apiKey, root: address.restRoot } as ConstructorParameters<
      typeof KiteConnect
    >[0]);
    kc.setAccessToken(auth.split(':')[1]!);
    const official = (await kc.getHistoricalData(
      token.sbin,
      'minute',
      `${DAY} 09:16:00`,
      `${DAY} 09:18:00`,
    )) as unknown as {
      date: Date;
      close: number;
    }[];
    expect(official.map((c) => c.date.toISOString())).toEqual([
      '2026-03-02T03:46:00.000Z',
      '2026-03-02T03:47:00.000Z',
      '2026-03-02T03:48:00.000Z',
    ]);

    await nextSecond();
    const history = new KiteHistory(
      createKiteHistoryApi({ apiKey: sim.sessions.apiKey, accessToken: auth.split(':')[1]! }, address.restRoot),
    );
    const bars = await history.minuteBars({ token: token.sbin, key: 'NSE:SBIN' }, OPEN, OPEN + 5 * 60_000);
    const expected = barsFromTicks(played.filter((t) => t.key === 'NSE:SBIN')).slice(0, 6);
    expect(bars).toEqual(expected);
    expect(bars.map((b) => b.close)).toEqual(official.length > 0 ? expected.map((b) => b.close) : []);
    const index = await history.minuteBars({ token: token.nifty, key: 'NSE:NIFTY 50' }, OPEN, OPEN + 60_000);
    expect(index.map((b) => b.volume)).toEqual([0, 0]); // an index trades no volume
  });

  it('serves Kite’s longer intervals from the minute candles (aligned to the open) and the open interest with oi=1', async () => {
    const five = await get(`/instruments/historical/${token.sbin}/5minute${q(`${DAY} 09:15:00`, `${DAY} 10:00:00`)}`);
    const rows = (five.body.data as { candles: unknown[][] }).candles;
    const minute = barsFromTicks(played.filter((t) => t.key === 'NSE:SBIN'));
    const first = minute.slice(0, 5);
    expect(rows.map((r) => r[0])).toEqual([`${DAY}T09:15:00+0530`, `${DAY}T09:20:00+0530`]);
    expect(rows[0]).toEqual([
      `${DAY}T09:15:00+0530`,
      first[0]!.open / 100,
      Math.max(...first.map((b) => b.high)) / 100,
      Math.min(...first.map((b) => b.low)) / 100,
      first[4]!.close / 100,
      first.reduce((s, b) => s + b.volume, 0),
    ]);
    const withOi = await get(
      `/instruments/historical/${token.sbin}/minute${q(`${DAY} 09:15:00`, `${DAY} 09:15:00`, '&oi=1')}`,
    );
    const m = minute[0]!;
    expect((withOi.body.data as { candles: unknown[][] }).candles).toEqual([
      [`${DAY}T09:15:00+0530`, m.open / 100, m.high / 100, m.low / 100, m.close / 100, m.volume, 0],
    ]);
  });

  it('refuses bad input with an InputException that says what is wrong', async () => {
    const cases: [string, RegExp][] = [
      [`/instruments/historical/${token.sbin}/2minute${q(`${DAY} 09:15:00`, `${DAY} 09:20:00`)}`, /invalid interval/],
      [`/instruments/historical/${token.sbin}/minute${q('yesterday', `${DAY} 09:20:00`)}`, /invalid `from`/],
      [
        `/instruments/historical/${token.sbin}/minute?to=${encodeURIComponent(`${DAY} 09:20:00`)}`,
        /`from` is required/,
      ],
      [
        `/instruments/historical/${token.sbin}/minute${q(`${DAY} 09:20:00`, `${DAY} 09:15:00`)}`,
        /`from` is after `to`/,
      ],
    ];
    for (const [path, message] of cases) {
      await nextSecond();
      const r = await get(path);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({
        status: 'error',
        error_type: 'InputException',
        message: expect.stringMatching(message),
      });
    }
    await nextSecond();
    const unknown = await get(`/instruments/historical/12345/minute${q(`${DAY} 09:15:00`, `${DAY} 09:20:00`)}`);
    expect(unknown).toMatchObject({
      status: 400,
      body: { error_type: 'InputException', message: 'invalid token `12345`' },
    });
  });

  it('answers 429 beyond 3 requests in a second, and KiteHistory stays within the limit', async () => {
    const path = `/instruments/historical/${token.sbin}/minute${q(`${DAY} 09:15:00`, `${DAY} 09:16:00`)}`;
    const statuses = await Promise.all([1, 2, 3, 4].map(() => get(path).then((r) => r.status)));
    expect(statuses.sort()).toEqual([200, 200, 200, 429]);

    await nextSecond();
    const history = new KiteHistory(
      createKiteHistoryApi({ apiKey: sim.sessions.apiKey, accessToken: auth.split(':')[1]! }, address.restRoot),
      { attempts: 1 }, // no retry: a 429 would fail the read
    );
    const reads = await Promise.all(
      [1, 2, 3, 4, 5, 6, 7].map(() => history.minuteBars({ token: token.sbin, key: 'NSE:SBIN' }, OPEN, OPEN)),
    );
    expect(reads.map((b) => b.length)).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });
});
