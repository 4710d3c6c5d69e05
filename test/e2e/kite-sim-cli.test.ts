import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KiteSimArgsError, parseKiteSimArgs } from '../../app/cli/kite-sim-args';
import { type SimProcess, startSimProcess } from '../support/kite-sim-process';

/** `npm run kite:sim` as a process: a recorded day from two files, faults from a file, logged on stderr. */
let sim: SimProcess;
const FILES = join(__dirname, '..', '..', '..', 'shared', 'fixtures', 'market', 'nse_1min_2017-09');

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kite-sim-faults-'));
  const faults = join(dir, 'faults.json');
  writeFileSync(
    faults,
    JSON.stringify([
      { kind: 'http_429', count: 1, paths: ['/user/profile'] },
      { kind: 'widen_spread', factor: 4 },
    ]),
  );
  sim = await startSimProcess([
    '--day',
    join(FILES, 'SBIN_1min.csv'),
    join(FILES, 'NIFTY_1min.csv'),
    '--date',
    '2017-09-26',
    '--speed',
    '120',
    '--from',
    '11:00',
    '--faults',
    faults,
  ]);
}, 60_000);

afterAll(async () => {
  await sim?.stop();
});

describe('npm run kite:sim', () => {
  it('plays both recorded files from --from at --speed, applies the faults file and logs what each fault did', async () => {
    const info = (await (await fetch(`${sim.restRoot}/sim`)).json()) as Record<string, unknown>;
    expect(info).toMatchObject({
      simulator: 'kite-sim',
      rest_root: sim.restRoot,
      ticker_root: sim.tickerRoot,
      clock_route: '/sim/clock',
    });
    const clock = info.clock as { now_ist: string; trading_day: string; speed: number };
    expect(clock).toMatchObject({ trading_day: '2017-09-26', speed: 120 });
    expect(clock.now_ist >= '2017-09-26 11:00:00' && clock.now_ist < '2017-09-26 11:10:00').toBe(true);

    const { access_token } = (await (await fetch(`${sim.restRoot}/sim/access-token`, { method: 'POST' })).json()) as {
      access_token: string;
    };
    const auth = { authorization: `token kitesim:${access_token}` };
    const first = await fetch(`${sim.restRoot}/user/profile`, { headers: auth });
    expect(first.status).toBe(429);
    expect(await first.json()).toMatchObject({
      status: 'error',
      error_type: 'NetworkException',
      message: 'Too many requests',
    });
    expect((await fetch(`${sim.restRoot}/user/profile`, { headers: auth })).status).toBe(200);

    const q = (await (await fetch(`${sim.restRoot}/quote?i=NSE:SBIN&i=NSE:NIFTY%2050`, { headers: auth })).json()) as {
      data: Record<string, { last_price: number; depth: { buy: { price: number }[]; sell: { price: number }[] } }>;
    };
    const sbin = q.data['NSE:SBIN'];
    expect(sbin?.last_price).toBeGreaterThan(200);
    expect(((sbin?.depth.sell[0]?.price ?? 0) - (sbin?.depth.buy[0]?.price ?? 0)) * 100).toBeCloseTo(8 * 5, 5);
    expect(q.data['NSE:NIFTY 50']?.last_price).toBeGreaterThan(9000);

    const log = sim
      .stderr()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { fault?: string; event?: string; what?: string });
    expect(log.filter((l) => l.fault === 'http_429').map((l) => l.event)).toEqual(['armed', 'struck']);
    expect(log.find((l) => l.fault === 'widen_spread')?.what).toMatch(/4 times wider/);
  });

  it('refuses bad arguments with the usage', () => {
    expect(() => parseKiteSimArgs(['--speed', '0'])).toThrow(KiteSimArgsError);
    expect(() => parseKiteSimArgs(['--day', 'a.csv', '--seed', '3'])).toThrow(/either --day or --seed/);
    expect(() => parseKiteSimArgs(['--bogus'])).toThrow(/usage: npm run kite:sim/);
    expect(parseKiteSimArgs(['--day', 'a.csv', 'b.csv', '--port', '0'])).toMatchObject({
      dayFiles: ['a.csv', 'b.csv'],
      port: 0,
    });
  });
});
