import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { paperVerdict, readLedger, recordLedgerDay } from '../../app/trader/burnin-ledger';

const gates = (ok: boolean) => ({ 'signals >= 50': ok, 'flat after 15:25 IST': true });

describe("the trader's burn-in ledger (its reports' gates, day after day)", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps each day once (a day reported again replaces its gates), in trading order', async () => {
    await recordLedgerDay(dir, { tradingDay: '2026-12-07', namespace: 'n2', mode: 'PAPER', gates: gates(true) });
    await recordLedgerDay(dir, { tradingDay: '2026-12-04', namespace: 'n1', mode: 'PAPER', gates: gates(false) });
    await recordLedgerDay(dir, { tradingDay: '2026-12-04', namespace: 'n1', mode: 'PAPER', gates: gates(true) });
    const { days, unreadable } = await readLedger(dir);
    expect(days.map((d) => [d.tradingDay, d.gates['signals >= 50']])).toEqual([
      ['2026-12-04', true],
      ['2026-12-07', true],
    ]);
    expect(unreadable).toEqual([]);
  });

  it('is GO only after three consecutive PAPER days pass every gate; a LIVE day is not burn-in', async () => {
    await recordLedgerDay(dir, { tradingDay: '2026-12-01', namespace: 'a', mode: 'PAPER', gates: gates(true) });
    await recordLedgerDay(dir, { tradingDay: '2026-12-02', namespace: 'b', mode: 'LIVE', gates: gates(true) });
    await recordLedgerDay(dir, { tradingDay: '2026-12-03', namespace: 'c', mode: 'PAPER', gates: gates(true) });
    let v = paperVerdict((await readLedger(dir)).days);
    expect(v.paperDays).toBe(2);
    expect(v.verdict.go).toBe(false);
    await recordLedgerDay(dir, { tradingDay: '2026-12-04', namespace: 'd', mode: 'PAPER', gates: gates(false) });
    await recordLedgerDay(dir, { tradingDay: '2026-12-07', namespace: 'e', mode: 'PAPER', gates: gates(true) });
    v = paperVerdict((await readLedger(dir)).days);
    expect(v.verdict.go).toBe(false);
    expect(v.verdict.failing).toEqual([{ tradingDay: '2026-12-04', gates: ['signals >= 50'] }]);
    await recordLedgerDay(dir, { tradingDay: '2026-12-08', namespace: 'f', mode: 'PAPER', gates: gates(true) });
    await recordLedgerDay(dir, { tradingDay: '2026-12-09', namespace: 'g', mode: 'PAPER', gates: gates(true) });
    v = paperVerdict((await readLedger(dir)).days);
    expect(v.verdict.go).toBe(true);
    expect(v.verdict.longestRun).toEqual({ from: '2026-12-07', to: '2026-12-09', days: 3 });
  });

  it('names a gates file it cannot read, and reads the rest', async () => {
    await recordLedgerDay(dir, { tradingDay: '2026-12-01', namespace: 'a', mode: 'PAPER', gates: gates(true) });
    writeFileSync(join(dir, '2026-12-02.gates.json'), '{"tradingDay": 3', 'utf8');
    writeFileSync(join(dir, '2026-12-03.gates.json'), '{"tradingDay": "2026-12-03"}', 'utf8');
    const { days, unreadable } = await readLedger(dir);
    expect(days.map((d) => d.tradingDay)).toEqual(['2026-12-01']);
    expect(unreadable).toEqual(['2026-12-02.gates.json', '2026-12-03.gates.json']);
  });
});
