import type { ReconcileReport } from '../../projections';

const count = new Intl.NumberFormat('en-US');

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** A reconciliation for a terminal: a verdict line per projection, then each table's differences. */
export function formatReconcileReport(r: ReconcileReport): string {
  const lines = [
    `${r.projection}: ${r.differences === 0 ? 'OK, no difference' : `${count.format(r.differences)} rows differ`} ` +
      `(${count.format(r.eventsRebuilt)} events rebuilt; live had ${count.format(r.liveEventsApplied)}` +
      `${r.liveCaughtUpBy > 0 ? `, ${count.format(r.liveCaughtUpBy)} behind` : ''}; ${(r.elapsedMs / 1000).toFixed(1)} s)`,
  ];
  for (const t of r.tables) {
    const { missing, extra, changed } = t.counts;
    lines.push(
      `  ${t.table}: ${count.format(t.liveRows)} live rows, ${count.format(t.rebuiltRows)} rebuilt` +
        (missing + extra + changed === 0 ? '' : `; missing ${missing}, extra ${extra}, changed ${changed}`),
    );
    for (const d of t.sample) {
      const what =
        d.kind === 'CHANGED'
          ? d.columns.map((c) => `${c.column}: live ${show(c.live)} / rebuilt ${show(c.rebuilt)}`).join('; ')
          : d.kind === 'MISSING'
            ? 'not in the live table'
            : 'only in the live table';
      lines.push(`    ${d.kind.padEnd(7)} ${JSON.stringify(d.key)} ${what}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
