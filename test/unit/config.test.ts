import { Writable } from 'node:stream';
import { createLogger, redactUrl } from '../../adapters/log/logger';
import { ConfigError, loadConfig } from '../../app/config';

describe('configuration', () => {
  it('runs on defaults with nothing set: PAPER on the embedded PostgreSQL store', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ databaseUrl: undefined, eventStore: 'postgres', port: 4000, logLevel: 'info' });
    expect(c.dataDir).toMatch(/data$/);
  });

  it('chooses EventStoreDB when EVENTSTORE_URL is given and refuses the choice without it', () => {
    expect(loadConfig({ EVENTSTORE_URL: 'kurrentdb://localhost:2113?tls=false' }).eventStore).toBe('eventstoredb');
    expect(() => loadConfig({ EVENT_STORE: 'eventstoredb' })).toThrow(/needs EVENTSTORE_URL/);
  });

  it('lists every invalid variable in one clear error', () => {
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', PORT: 'eighty', LOG_LEVEL: 'loud' });
      throw new Error('should have thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      expect(msg).toMatch(/DATABASE_URL: must be a postgres/);
      expect(msg).toMatch(/PORT/);
      expect(msg).toMatch(/LOG_LEVEL/);
    }
  });
});

describe('logger', () => {
  it('writes JSON lines and never a secret', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = createLogger({ destination: sink });
    log.info({ token: 'tok-123456', kite: { apiSecret: 's3cr3t', access_token: 'at-1' }, qty: 5 }, 'placed');
    const line = JSON.parse(lines.join(''));
    expect(line).toMatchObject({ msg: 'placed', qty: 5, level: 'info', token: '[redacted]' });
    expect(lines.join('')).not.toMatch(/tok-123456|s3cr3t|at-1/);
    expect(redactUrl('postgres://u:pw@h:5432/db')).toBe('postgres://u:***@h:5432/db');
  });
});
