import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(__dirname, '../..');
const yaml = (p: string) => parse(readFileSync(join(root, p), 'utf8'));

interface Service {
  image: string;
  environment?: Record<string, string | number>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  command?: string[];
}

/**
 * Issue 13: docker-compose.yml runs the whole deployment on EventStoreDB. No Docker engine runs
 * here, so its structure is checked: the services, what each is wired to, the mounts of the
 * alert rules and the Grafana board. (`promtool check rules` runs on the rules in .ci/run.)
 */
describe('docker-compose.yml: the whole deployment on EventStoreDB', () => {
  const compose = yaml('docker-compose.yml') as { services: Record<string, Service>; volumes: Record<string, unknown> };
  const s = compose.services;

  it('has the trader, EventStoreDB, PostgreSQL, Redis, Prometheus and Grafana, each with a health check', () => {
    expect(Object.keys(s).sort()).toEqual(['eventstoredb', 'grafana', 'postgres', 'prometheus', 'redis', 'trader']);
    const unchecked = Object.entries(s).filter(([, service]) => !(service.healthcheck?.test.length ?? 0));
    expect(unchecked.map(([name]) => name)).toEqual([]);
  });

  it('EventStoreDB is KurrentDB, one insecure node, reachable from this machine only', () => {
    const es = s.eventstoredb!;
    expect(es.image).toMatch(/kurrent(platform)?\/kurrentdb:/);
    expect(String(es.environment?.KURRENTDB_CLUSTER_SIZE)).toBe('1');
    expect(String(es.environment?.KURRENTDB_INSECURE)).toBe('true');
    for (const service of Object.values(s)) for (const p of service.ports ?? []) expect(p).toMatch(/^127\.0\.0\.1:/);
  });

  it('the trader runs on EventStoreDB, with PostgreSQL for the read models and Redis, once they are healthy', () => {
    const t = s.trader!;
    const env = t.environment!;
    expect(env.EVENT_STORE).toBe('eventstoredb');
    expect(env.EVENTSTORE_URL).toBe('kurrentdb://eventstoredb:2113?tls=false');
    expect(String(env.DATABASE_URL)).toMatch(/^postgres:\/\/trader:.*@postgres:5432\/trader$/);
    expect(env.REDIS_URL).toBe('redis://redis:6379');
    expect(t.command?.join(' ')).toContain('npm start');
    expect(Object.keys(t.depends_on ?? {}).sort()).toEqual(['eventstoredb', 'postgres', 'redis']);
    for (const d of Object.values(t.depends_on ?? {})) expect(d.condition).toBe('service_healthy');
  });

  it('Prometheus loads the alert rules and scrapes the trader; Grafana gets the datasource and the board', () => {
    expect(s.prometheus!.volumes).toContain('./deploy/prometheus:/etc/prometheus:ro');
    const prom = yaml('deploy/prometheus/prometheus.yml') as {
      rule_files: string[];
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    expect(prom.rule_files).toContain('/etc/prometheus/alerts.yml');
    const trader = prom.scrape_configs.find((c) => c.job_name === 'trader');
    expect(trader?.static_configs.flatMap((c) => c.targets)).toEqual(['trader:4000']);
    const rules = yaml('deploy/prometheus/alerts.yml') as { groups: { rules: { alert: string }[] }[] };
    expect(rules.groups.flatMap((g) => g.rules).length).toBeGreaterThan(3);

    expect(s.grafana!.volumes).toEqual(
      expect.arrayContaining([
        './deploy/grafana/provisioning:/etc/grafana/provisioning:ro',
        './deploy/grafana/dashboards:/etc/grafana/dashboards:ro',
      ]),
    );
    const ds = yaml('deploy/grafana/provisioning/datasources/prometheus.yml') as { datasources: { url: string }[] };
    expect(ds.datasources[0]?.url).toBe('http://prometheus:9090');
  });

  it('every named volume a service mounts is declared', () => {
    const named = Object.values(s)
      .flatMap((x) => x.volumes ?? [])
      .map((v) => v.split(':')[0]!)
      .filter((v) => !v.startsWith('.') && !v.startsWith('/'));
    expect(named.filter((v) => !(v in compose.volumes))).toEqual([]);
    expect(named.length).toBeGreaterThan(5);
  });
});
