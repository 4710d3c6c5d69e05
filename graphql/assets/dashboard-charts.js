/* The dashboard's two time charts, drawn by Observable Plot (SVG; served from the project's own
 * node_modules at /vendor/plot.js, with d3 at /vendor/d3.js): the day's P&L curve and its heat
 * timeline with the heat cap. Times are shown in IST whatever the browser's zone: the API's
 * +05:30 wall clock is plotted on a UTC scale. */
(() => {
  const { Plot } = window;
  const SESSION = ['09:15', '15:30'];

  /** "2025-09-04T10:01:59.000+05:30" -> a Date whose UTC fields are that IST wall clock. */
  const istWall = (iso) => new Date(`${iso.slice(0, 19)}Z`);
  const rupeeTick = (v) =>
    `${v < 0 ? '−' : ''}₹${Math.abs(Number(v)).toLocaleString('en-IN', { maximumFractionDigits: 0 })}`;

  /** The trading session of `day` (09:15-15:30 IST), widened to the points when they fall outside it. */
  function timeDomain(day, times) {
    const [open, close] = SESSION.map((hm) => new Date(`${day}T${hm}:00Z`));
    const lo = Math.min(open.getTime(), ...times.map((t) => t.getTime()));
    const hi = Math.max(close.getTime(), ...times.map((t) => t.getTime()));
    return [new Date(lo), new Date(hi)];
  }

  function frame(el, { day, times, yLabel, marks, legend }) {
    const width = Math.max(320, Math.floor(el.clientWidth || 560));
    const chart = Plot.plot({
      width,
      height: 240,
      marginLeft: 72,
      marginBottom: 40,
      style: { background: 'transparent', color: '#d8dee4', fontSize: '11px' },
      x: {
        type: 'utc',
        domain: timeDomain(day, times),
        label: 'Time (IST) →',
        labelAnchor: 'right',
        labelOffset: 34,
        tickFormat: '%H:%M',
        ticks: 7,
        grid: true,
      },
      y: { label: yLabel, tickFormat: rupeeTick, grid: true, nice: true, zero: true },
      color: legend ? { legend: true, ...legend } : undefined,
      marks,
    });
    el.replaceChildren(chart);
    el.dataset.points = String(times.length);
    return chart;
  }

  /** The P&L curve: total (realised + marked open positions) and realised, in ₹, over the session. */
  function pnlChart(el, day, points) {
    const rows = points.flatMap((p) => {
      const at = istWall(p.at);
      const out = [{ at, series: 'Realised', value: Number(p.realised) }];
      if (p.total !== null) out.push({ at, series: 'Total (with open positions)', value: Number(p.total) });
      return out;
    });
    return frame(el, {
      day,
      times: points.map((p) => istWall(p.at)),
      yLabel: '↑ P&L (₹)',
      legend: { domain: ['Total (with open positions)', 'Realised'], range: ['#58a6ff', '#3fb950'] },
      marks: [
        Plot.ruleY([0], { stroke: '#8b96a3', strokeDasharray: '4 3' }),
        Plot.line(rows, {
          x: 'at',
          y: 'value',
          stroke: 'series',
          curve: 'step-after',
          strokeWidth: 1.8,
          className: 'pnl-line',
        }),
      ],
    });
  }

  /**
   * Heat (the open risk to the stops) over the session, the cap in force drawn as a line across it
   * (from the points, or `currentCap` before there are any).
   */
  function heatChart(el, day, points, currentCap) {
    const rows = points.map((p) => ({
      at: istWall(p.at),
      heat: Number(p.heat),
      cap: p.heatCap === null ? null : Number(p.heatCap),
    }));
    const [start, end] = timeDomain(
      day,
      rows.map((r) => r.at),
    );
    const capped = rows.filter((r) => r.cap !== null);
    const lastCap = capped.length > 0 ? capped[capped.length - 1].cap : currentCap;
    const capLine =
      lastCap === null || lastCap === undefined
        ? []
        : [...(capped.length > 0 ? capped : [{ at: start, cap: lastCap }]), { at: end, cap: lastCap }];
    return frame(el, {
      day,
      times: rows.map((r) => r.at),
      yLabel: '↑ Heat: open risk (₹)',
      legend: { domain: ['Heat', 'Heat cap'], range: ['#d29922', '#f85149'] },
      marks: [
        // y1/y2, not y: points at one instant are successive states, not a stack
        Plot.areaY(rows, { x: 'at', y1: 0, y2: 'heat', curve: 'step-after', fill: '#d29922', fillOpacity: 0.15 }),
        Plot.line(rows, {
          x: 'at',
          y: 'heat',
          curve: 'step-after',
          stroke: '#d29922',
          strokeWidth: 1.8,
          className: 'heat-line',
        }),
        Plot.line(capLine, {
          x: 'at',
          y: 'cap',
          curve: 'step-after',
          stroke: '#f85149',
          strokeWidth: 1.5,
          strokeDasharray: '6 3',
          className: 'heat-cap',
        }),
        Plot.text(capLine.slice(-1), {
          x: 'at',
          y: 'cap',
          text: (r) => `cap ${rupeeTick(r.cap)}`,
          dy: -8,
          textAnchor: 'end',
          fill: '#f85149',
          className: 'heat-cap-label',
        }),
      ],
    });
  }

  // Drawn again at the new width when the window is resized (from the points last drawn).
  const drawn = new Map();
  const remembered =
    (draw) =>
    (el, ...args) => {
      drawn.set(el, () => draw(el, ...args));
      return draw(el, ...args);
    };
  let resizing = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizing);
    resizing = setTimeout(() => {
      for (const redraw of drawn.values()) redraw();
    }, 200);
  });

  window.TraderCharts = { pnlChart: remembered(pnlChart), heatChart: remembered(heatChart), istWall };
})();
