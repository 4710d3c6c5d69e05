const BARS = '▁▂▃▄▅▆▇█';

/**
 * A one-line chart of a series for the terminal: `width` columns, each the last value of its
 * slice of the series, scaled between the series' min and max.
 */
export function sparkline(values: readonly number[], width = 60): string {
  if (values.length === 0) return '';
  const cols = Math.min(width, values.length);
  const picked = Array.from({ length: cols }, (_, i) => values[Math.floor(((i + 1) * values.length) / cols) - 1]!);
  const lo = Math.min(...picked);
  const hi = Math.max(...picked);
  if (hi === lo) return BARS[0]!.repeat(cols);
  return picked.map((v) => BARS[Math.round(((v - lo) / (hi - lo)) * (BARS.length - 1))]).join('');
}
