import type { DaySummary } from './day-summary';

const row = (k: string, v: string | number) => `  ${k.padEnd(34)} ${v}`;

/** The day summary as people read it. */
export function formatSummary(s: DaySummary): string {
  const lines = [
    '',
    `Paper trading day ${s.tradingDay}  (run ${s.runId})`,
    `  ${s.source}`,
    '',
    row('signals', s.signals),
    row('decisions', `${s.decisions} (approved ${s.approved}, blocked ${s.blocked})`),
    ...s.topBlockReasons.slice(0, 5).map((r) => row(`  blocked: ${r.code}`, r.count)),
    row('OCO lifecycles completed', s.ocoLifecyclesCompleted),
    row('orders placed / fills / trades', `${s.ordersPlaced} / ${s.fills} / ${s.trades}`),
    row('realised P&L (Rs)', s.realisedPnlRupees),
    row('P&L through the day', s.charts.pnl || '-'),
    row('heat through the day', s.charts.heat || '-'),
    row('max heat / cap (Rs)', `${s.maxHeatRupees} / ${s.heatCapRupees ?? '-'}`),
    row(
      'risk events',
      Object.entries(s.riskEvents)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || 'none',
    ),
    row('events recorded', s.events),
    row('events hash', s.eventsHash.slice(0, 16)),
    row('wall time (s)', s.wallSeconds),
    '',
    '  burn-in gates',
    ...Object.entries(s.gates).map(([name, ok]) => `    ${ok ? 'PASS' : 'FAIL'}  ${name}`),
    ...(s.auditProblems.length > 0 ? ['', '  audit chain problems', ...s.auditProblems.map((p) => `    ${p}`)] : []),
    '',
  ];
  return lines.join('\n');
}
