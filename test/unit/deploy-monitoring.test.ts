import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTraderMetrics } from '../../app/metrics/trader-metrics';

const root = join(__dirname, '../..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');

/** The metric names the trader exports (histograms also as their _bucket/_count/_sum series). */
function exported(): Set<string> {
  const metrics = createTraderMetrics({
    namespace: 'test',
    counters: () => {
      throw new Error('not scraped in this test');
    },
    pipeline: () => ({ signals: 0, decisions: 0, approved: 0, scans: 0, ticks: 0 }),
    runtime: () => {
      throw new Error('not scraped in this test');
    },
    db: null as never,
  });
  const names = new Set<string>();
  for (const m of metrics.registry.getMetricsAsArray()) {
    names.add(m.name);
    if (String(m.type) === 'histogram') for (const s of ['_bucket', '_count', '_sum']) names.add(m.name + s);
  }
  metrics.registry.clear();
  return names;
}

const referenced = (text: string) => [...new Set(text.match(/\btrader_[a-z0-9_]+/g) ?? [])];

describe('deployment monitoring refers only to metrics the trader exports', () => {
  const names = exported();

  it('exports the metrics SPEC.md names', () => {
    for (const n of ['trader_is_leader', 'trader_portfolio_heat_rupees', 'trader_kill_switch_total']) {
      expect(names).toContain(n);
    }
  });

  it.each([
    ['the alert rules', 'deploy/prometheus/alerts.yml'],
    ['the Grafana board', 'deploy/grafana/dashboards/trader.json'],
  ])('%s', (_what, file) => {
    const refs = referenced(read(file));
    expect(refs.length).toBeGreaterThan(5);
    expect(refs.filter((r) => !names.has(r))).toEqual([]);
  });

  it('the Grafana board is provisioned from the folder docker-compose mounts', () => {
    const board = JSON.parse(read('deploy/grafana/dashboards/trader.json'));
    expect(board.uid).toBe('kite-trader');
    expect(board.panels.length).toBeGreaterThan(8);
    expect(read('deploy/grafana/provisioning/dashboards/trader.yml')).toContain('path: /etc/grafana/dashboards');
    expect(read('docker-compose.yml')).toContain('./deploy/grafana/dashboards:/etc/grafana/dashboards:ro');
  });
});
