import type { GateThresholds } from '../../domain/burnin/gate-thresholds';
import type { BurninVerdict } from '../../domain/burnin/verdict';
import type { DayReport } from './day-report';
import { daysChart, heatChart, istHhmm, maeMfeChart, pnlByChart, pnlChart, riskChart } from './report-charts';

/** What the report page shows (report.json holds the same). */
export interface BurninReport {
  readonly title: string;
  /** What the days are (default: a burn-in's, each its own paper run). */
  readonly about?: string;
  readonly configHash: string;
  readonly configFile: string;
  readonly thresholds: GateThresholds;
  readonly days: readonly DayReport[];
  readonly verdict: BurninVerdict;
  /** Days that could not be run, with why (the burn-in then exits 2). */
  readonly errors: readonly { readonly tradingDay: string; readonly error: string }[];
}

const esc = (s: string | number | null | undefined) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function table(head: readonly string[], rows: readonly (readonly (string | number | null)[])[], cls = ''): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table class="${cls}"><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}

const mark = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

function sumBy(days: readonly DayReport[], pick: (d: DayReport) => Readonly<Record<string, string>>) {
  const out = new Map<string, number>();
  for (const d of days)
    for (const [k, v] of Object.entries(pick(d))) out.set(k, (out.get(k) ?? 0) + Math.round(Number(v) * 100));
  return Object.fromEntries([...out].map(([k, v]) => [k, (v / 100).toFixed(2)]));
}

function daySection(d: DayReport): string {
  const s = d.summary;
  const gates = Object.entries(s.gates).map(([g, ok]) => [mark(ok), g]);
  const complete = d.lifecycles.filter((l) => l.phase === 'CLOSED').length;
  return `
<section class="day" id="day-${esc(d.tradingDay)}">
<h2>${esc(d.tradingDay)} <span class="${d.passed ? 'pass' : 'fail'}">${d.passed ? 'every gate passed' : 'gates failed'}</span></h2>
<p class="src">${esc(d.source)}<br>run <code>${esc(d.runId)}</code>, config <code>${esc(d.configHash.slice(0, 16))}</code>${
    d.quotesModelled ? '; <b>quotes modelled</b> from the last price (execution model for data without quotes)' : ''
  }${d.modelPriced.length > 0 ? `; <b>model prices</b> for ${d.modelPriced.length} derivatives` : ''}</p>
<div class="kpis">${[
    ['signals', s.signals],
    ['decisions', `${s.decisions} (approved ${s.approved})`],
    ['orders / fills', `${s.ordersPlaced} / ${s.fills}`],
    ['OCO lifecycles complete', `${complete} of ${d.lifecycles.length}`],
    ['realised P&L (Rs)', s.realisedPnlRupees],
    ['max heat / cap (Rs)', `${s.maxHeatRupees} / ${s.heatCapRupees ?? '-'}`],
  ]
    .map(([k, v]) => `<div><span>${esc(k)}</span><b>${esc(v)}</b></div>`)
    .join('')}</div>
${table(['', 'gate'], gates, 'gates')}
<div class="charts">
<figure>${pnlChart(d)}</figure>
<figure>${heatChart(d)}</figure>
<figure>${maeMfeChart(d)}</figure>
<figure>${pnlByChart('Realised P&L by strategy (Rs)', d.pnlByStrategy)}</figure>
<figure>${pnlByChart('Realised P&L by instrument (Rs)', d.pnlByInstrument)}</figure>
<figure>${riskChart(d)}</figure>
</div>
<details><summary>Signals (${d.signals.length})</summary>
${table(
  ['time IST', 'strategy', 'instrument', 'side', 'entry', 'stop', 'targets', 'rank', 'labels'],
  d.signals.map((x) => [
    istHhmm(x.at),
    x.strategy,
    x.instrument,
    x.side,
    x.entry,
    x.stop,
    x.targets.join(' / '),
    x.rank,
    [x.quoteModelled ? 'quote modelled' : '', x.modelPriced ? 'model price' : ''].filter(Boolean).join(', '),
  ]),
)}</details>
<details open><summary>Decisions (${d.decisions.length}), with every reason</summary>
${table(
  ['time IST', 'strategy', 'instrument', 'verdict', 'qty', 'reasons'],
  d.decisions.map((x) => [
    istHhmm(x.at),
    x.strategy,
    x.instrument,
    x.approved ? 'approved' : 'blocked',
    x.quantity,
    x.reasons.map((r) => `${r.code}: ${r.message}`).join(' | '),
  ]),
)}</details>
<details open><summary>OCO lifecycles (${d.lifecycles.length})</summary>
${table(
  ['opened IST', 'closed IST', 'strategy', 'instrument', 'side', 'phase', 'close', 'P&L (Rs)', 'MFE', 'MAE'],
  d.lifecycles.map((l) => [
    istHhmm(l.openedAt),
    l.closedAt ? istHhmm(l.closedAt) : '',
    l.strategy,
    l.instrument,
    l.side,
    l.phase,
    l.closeReason,
    l.realised,
    l.mfe,
    l.mae,
  ]),
)}</details>
<details><summary>Fills (${d.fills.length})</summary>
${table(
  ['time IST', 'instrument', 'role', 'side', 'qty', 'price (Rs)', 'quote', 'price source'],
  d.fills.map((f) => [
    istHhmm(f.at),
    f.instrument,
    f.role,
    f.side,
    f.qty,
    f.price,
    f.quote === 'MODELLED' ? 'modelled' : 'market',
    f.modelPriced ? 'model price' : 'recorded',
  ]),
)}</details>
</section>`;
}

/** Several days: the overview table, P&L per day and by strategy over them (one day's own section has the rest). */
function overviewCharts(days: readonly DayReport[], overview: string): string {
  return `${overview}
<figure>${daysChart(days)}</figure>
<figure>${pnlByChart(
    'Realised P&L by strategy over the burn-in (Rs)',
    sumBy(days, (d) => d.pnlByStrategy),
  )}</figure>`;
}

/** The burn-in report: one self-contained page (inline SVG charts and CSS; no script, nothing fetched). */
export function burninReportHtml(r: BurninReport): string {
  const t = r.thresholds;
  const v = r.verdict;
  const overview = table(
    ['day', 'signals', 'decisions', 'approved', 'orders', 'OCO complete', 'P&L (Rs)', 'gates'],
    r.days.map((d) => [
      d.tradingDay,
      d.summary.signals,
      d.summary.decisions,
      d.summary.approved,
      d.summary.ordersPlaced,
      d.summary.ocoLifecyclesCompleted,
      d.summary.realisedPnlRupees,
      d.passed
        ? 'PASS'
        : `FAIL: ${Object.entries(d.summary.gates)
            .filter(([, ok]) => !ok)
            .map(([g]) => g)
            .join('; ')}`,
    ]),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(r.title)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#212529;max-width:1240px}
h1{font-size:22px}h2{font-size:18px;border-top:2px solid #dee2e6;padding-top:16px}
table{border-collapse:collapse;margin:8px 0;font-size:12px}td,th{border:1px solid #dee2e6;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f1f3f5}.pass{color:#2f9e44}.fail{color:#c92a2a}.src{color:#495057;font-size:12px}
.kpis{display:flex;gap:12px;flex-wrap:wrap}.kpis div{border:1px solid #dee2e6;border-radius:6px;padding:6px 10px}
.kpis span{display:block;font-size:11px;color:#868e96}.charts{display:flex;flex-wrap:wrap;gap:8px}figure{margin:0}
.verdict{font-size:20px;padding:12px;border-radius:6px}.go{background:#d3f9d8}.nogo{background:#ffe3e3}
</style></head><body>
<h1>${esc(r.title)}</h1>
<p>${r.about ? esc(r.about) : `${r.days.length} trading day(s), each its own paper run.`} Configuration <code>${esc(r.configFile)}</code>,
hash <code>${esc(r.configHash)}</code>. Gate thresholds applied: signals &gt;= ${t.minSignals}, decisions approved &gt;=
${t.minApprovedDecisions}, complete OCO lifecycles &gt;= ${t.minCompleteOcoLifecycles} (the seed plan's are 50, 3, 1); the
other gates have no threshold.</p>
${r.errors.length > 0 ? `<p class="fail">Days not run: ${r.errors.map((e) => `${esc(e.tradingDay)}: ${esc(e.error)}`).join('; ')}</p>` : ''}
${r.days.length > 1 ? overviewCharts(r.days, overview) : ''}
${r.days.map(daySection).join('\n')}
<section id="verdict"><h2>Verdict</h2>
<p class="verdict ${v.go ? 'go' : 'nogo'}"><b>${v.go ? 'GO' : 'NO-GO'}</b>: ${
    v.go
      ? `${v.longestRun!.days} consecutive days passed every gate (${esc(v.longestRun!.from)} to ${esc(v.longestRun!.to)}); ${v.needed} are needed.`
      : `${v.needed} consecutive days passing every gate are needed; the longest run is ${v.longestRun ? `${v.longestRun.days} (${esc(v.longestRun.from)} to ${esc(v.longestRun.to)})` : '0'}.`
  }</p>
${
  v.failing.length > 0
    ? table(
        ['failing day', 'gates failed'],
        v.failing.map((f) => [f.tradingDay, f.gates.join('; ')]),
      )
    : ''
}
</section>
</body></html>
`;
}
