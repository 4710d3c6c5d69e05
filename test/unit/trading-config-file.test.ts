import { readFileSync } from 'node:fs';
import path from 'node:path';
import { configHash } from '../../domain/config/config-hash';
import { DEFAULT_TRADING_CONFIG } from '../../domain/config/default-trading-config';
import { parseTradingConfigText } from '../../domain/config/parse-trading-config';
import { tradingConfigProblems } from '../../domain/config/validate-trading-config';

const FILE = path.resolve(__dirname, '../../config/trading.json');
const README = path.resolve(__dirname, '../../config/README.md');
const text = readFileSync(FILE, 'utf8');

/** Every leaf path of a JSON value (`strategies.orb.params.targetsR`), arrays as one leaf. */
function leafPaths(v: unknown, prefix = ''): string[] {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return [prefix];
  return Object.entries(v).flatMap(([k, child]) => leafPaths(child, prefix === '' ? k : `${prefix}.${k}`));
}

describe('config/trading.json', () => {
  it('is the defaults, field for field, and is valid', () => {
    expect(JSON.parse(text)).toEqual(DEFAULT_TRADING_CONFIG);
    expect(tradingConfigProblems(DEFAULT_TRADING_CONFIG)).toEqual([]);
    expect(configHash(parseTradingConfigText(text, FILE))).toBe(configHash(DEFAULT_TRADING_CONFIG));
  });

  it('has the house risk caps and session times', () => {
    const c = DEFAULT_TRADING_CONFIG;
    expect(c.risk).toMatchObject({ perTradeRiskBps: 25, heatCapBps: 100, dailyLossBps: 100 });
    expect(Number.isSafeInteger(c.risk.capital)).toBe(true);
    expect(c.session).toMatchObject({ open: '09:15', tighten: '15:20', flatten: '15:25', close: '15:30' });
    expect(c.scan.intervalMs).toBe(5_000);
  });

  it('documents every field in config/README.md', () => {
    const readme = readFileSync(README, 'utf8');
    const undocumented = leafPaths(DEFAULT_TRADING_CONFIG).filter((p) => {
      const last = p.split('.').pop()!;
      return !readme.includes(`\`${last}\``) && !readme.includes(`\`${p}\``);
    });
    expect(undocumented).toEqual([]);
  });
});

describe('configHash', () => {
  it('changes when any parameter changes, and not with key order or whitespace', () => {
    const base = configHash(DEFAULT_TRADING_CONFIG);
    const orb = DEFAULT_TRADING_CONFIG.strategies.orb;
    const changed = {
      ...DEFAULT_TRADING_CONFIG,
      strategies: {
        ...DEFAULT_TRADING_CONFIG.strategies,
        orb: { ...orb, params: { ...orb.params, rangeMinutes: 30 } },
      },
    };
    expect(configHash(changed)).not.toBe(base);
    expect(configHash({ ...DEFAULT_TRADING_CONFIG, ranker: { ...DEFAULT_TRADING_CONFIG.ranker, topN: 5 } })).not.toBe(
      base,
    );
    const reordered = JSON.parse(JSON.stringify(DEFAULT_TRADING_CONFIG, Object.keys(DEFAULT_TRADING_CONFIG).reverse()));
    expect(configHash(parseTradingConfigText(JSON.stringify(JSON.parse(text)), 'compact'))).toBe(base);
    expect(configHash({ ...reordered, ...DEFAULT_TRADING_CONFIG })).toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
});
