import * as echarts from 'echarts';
import type { DayReport } from './day-report';

/**
 * The report's charts, drawn by Apache ECharts' server-side SVG renderer (no browser, no DOM, no
 * script in the page): each chart is an inline <svg>.
 */
function svg(option: echarts.EChartsCoreOption, width = 560, height = 240): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, textStyle: { fontFamily: 'sans-serif' }, ...option });
  const out = chart.renderToSVGString();
  chart.dispose();
  return out;
}

/** HH:mm IST of an ISO instant. */
export function istHhmm(isoUtc: string): string {
  const ms = Date.parse(isoUtc) + 330 * 60_000;
  return new Date(ms).toISOString().slice(11, 16);
}

const grid = { left: 64, right: 16, top: 36, bottom: 32 };
const title = (text: string) => ({ text, left: 8, top: 4, textStyle: { fontSize: 13 } });

/** P&L (realised + unrealised) through the day, rupees. */
export function pnlChart(d: DayReport): string {
  return svg({
    title: title('P&L through the day (Rs, realised + unrealised)'),
    grid,
    xAxis: { type: 'category', data: d.pnlCurve.map((p) => istHhmm(p.at)), boundaryGap: false },
    yAxis: { type: 'value', scale: true },
    series: [
      { type: 'line', showSymbol: false, data: d.pnlCurve.map((p) => Number(p.total)), areaStyle: { opacity: 0.15 } },
    ],
  });
}

/** Portfolio heat against its cap through the day, rupees. */
export function heatChart(d: DayReport): string {
  const cap = d.heat.find((h) => h.cap !== null)?.cap ?? null;
  return svg({
    title: title('Heat (open risk) against its cap (Rs)'),
    grid,
    legend: { right: 8, top: 4, data: ['heat', 'cap'] },
    xAxis: { type: 'category', data: d.heat.map((h) => istHhmm(h.at)), boundaryGap: false },
    yAxis: { type: 'value' },
    series: [
      { name: 'heat', type: 'line', step: 'end', showSymbol: false, data: d.heat.map((h) => Number(h.heat)) },
      {
        name: 'cap',
        type: 'line',
        showSymbol: false,
        lineStyle: { type: 'dashed', color: '#c23531' },
        itemStyle: { color: '#c23531' },
        data: d.heat.map((h) => ((h.cap ?? cap) === null ? null : Number(h.cap ?? cap))),
      },
    ],
  });
}

/** Every closed trade's MAE against its MFE (rupees), coloured by outcome. */
export function maeMfeChart(d: DayReport): string {
  const points = d.lifecycles.filter((l) => l.mae !== null && l.mfe !== null && l.realised !== null);
  const of = (win: boolean) =>
    points
      .filter((l) => Number(l.realised) > 0 === win)
      .map((l) => [Math.abs(Number(l.mae)), Number(l.mfe), `${l.strategy} ${l.instrument}`]);
  return svg({
    title: title('MAE / MFE of every trade (Rs)'),
    grid,
    legend: { right: 8, top: 4, data: ['winner', 'loser'] },
    xAxis: { type: 'value', name: 'MAE', nameLocation: 'middle', nameGap: 20 },
    yAxis: { type: 'value', name: 'MFE', nameLocation: 'middle', nameGap: 48 },
    series: [
      { name: 'winner', type: 'scatter', data: of(true), itemStyle: { color: '#2f9e44' } },
      { name: 'loser', type: 'scatter', data: of(false), itemStyle: { color: '#c92a2a' } },
    ],
  });
}

/** Realised P&L by strategy (or any label -> rupees). */
export function pnlByChart(label: string, byKey: Readonly<Record<string, string>>): string {
  const keys = Object.keys(byKey);
  return svg(
    {
      title: title(label),
      grid: { ...grid, left: 150, right: 72 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: keys },
      series: [
        {
          type: 'bar',
          data: keys.map((k) => {
            const v = Number(byKey[k]);
            return { value: v, itemStyle: { color: v >= 0 ? '#2f9e44' : '#c92a2a' } };
          }),
          label: { show: true, position: 'right', formatter: '{c}' },
        },
      ],
    },
    560,
    Math.max(240, 70 + 22 * keys.length),
  );
}

/** Risk events and decision block reasons over the day, in 15-minute buckets, stacked by code. */
export function riskChart(d: DayReport): string {
  const bucket = (at: string) => {
    const [h, m] = istHhmm(at).split(':').map(Number) as [number, number];
    const b = Math.floor(m / 15) * 15;
    return `${String(h).padStart(2, '0')}:${String(b).padStart(2, '0')}`;
  };
  const counts = new Map<string, Map<string, number>>();
  const add = (code: string, at: string) => {
    const row = counts.get(code) ?? new Map<string, number>();
    row.set(bucket(at), (row.get(bucket(at)) ?? 0) + 1);
    counts.set(code, row);
  };
  for (const dec of d.decisions) for (const r of dec.reasons) add(`blocked ${r.code}`, dec.at);
  for (const e of d.riskEvents) if (e.kind !== 'DECISION_BLOCKED') add(`${e.kind} ${e.code}`, e.at);
  const buckets: string[] = [];
  for (let t = 9 * 60 + 15; t < 15 * 60 + 30; t += 15)
    buckets.push(`${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`);
  const codes = [...counts.keys()].sort();
  return svg(
    {
      title: title('Risk events and block reasons over time (per 15 min)'),
      grid: { ...grid, top: 76 },
      legend: { left: 8, right: 8, top: 24, type: 'plain', itemHeight: 8, textStyle: { fontSize: 10 }, data: codes },
      xAxis: { type: 'category', data: buckets },
      yAxis: { type: 'value', minInterval: 1 },
      series: codes.map((c) => ({
        name: c,
        type: 'bar',
        stack: 'all',
        data: buckets.map((b) => counts.get(c)?.get(b) ?? 0),
      })),
    },
    560,
    280,
  );
}

/** Over the burn-in: each day's realised P&L and whether it passed every gate. */
export function daysChart(days: readonly DayReport[]): string {
  return svg(
    {
      title: title('Realised P&L per day (Rs); green: every gate passed'),
      grid,
      xAxis: { type: 'category', data: days.map((d) => d.tradingDay) },
      yAxis: { type: 'value' },
      series: [
        {
          type: 'bar',
          data: days.map((d) => ({
            value: Number(d.summary.realisedPnlRupees),
            itemStyle: { color: d.passed ? '#2f9e44' : '#868e96' },
          })),
        },
      ],
    },
    900,
    260,
  );
}
