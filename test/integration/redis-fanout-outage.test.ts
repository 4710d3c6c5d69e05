import { execFileSync } from 'node:child_process';
import { createApiPubSub } from '../../app/server/api-pub-sub';

/** A private Redis of this test (never the machine's): started, stopped and started again on its own port. */
const PORT = Number(process.env.FAULT_REDIS_PORT ?? 6392);
const URL = `redis://127.0.0.1:${PORT}`;
const hasRedis = (() => {
  try {
    execFileSync('redis-server', ['--version']);
    return true;
  } catch {
    return false;
  }
})();
if (!hasRedis) console.warn('[redis-fanout-outage] no redis-server on PATH: the outage test is SKIPPED');
const describeWithRedis = hasRedis ? describe : describe.skip;

function startRedis(): void {
  execFileSync('redis-server', [
    '--daemonize',
    'yes',
    '--bind',
    '127.0.0.1',
    '--port',
    String(PORT),
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
}
function stopRedis(): void {
  try {
    execFileSync('redis-cli', ['-p', String(PORT), 'shutdown', 'nosave']);
  } catch {
    // already down
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Everything one subscriber receives on a topic, as it arrives. */
function collect(iterable: AsyncIterable<unknown>): unknown[] {
  const got: unknown[] = [];
  void (async () => {
    for await (const x of iterable) got.push(x);
  })();
  return got;
}

describeWithRedis('subscription fan-out when Redis goes away and comes back', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
    stopRedis();
    startRedis();
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
    stopRedis();
  });

  it('degrades to this instance (readiness says why), never throws, and fans out across instances again once Redis is back', async () => {
    await until('redis', async () => {
      try {
        execFileSync('redis-cli', ['-p', String(PORT), 'ping']);
        return true;
      } catch {
        return false;
      }
    });
    const a = await createApiPubSub(URL);
    const b = await createApiPubSub(URL); // another API instance on the same Redis
    try {
      const here = collect(a.pubSub.subscribe('EVENTS') as AsyncIterable<unknown>);
      const there = collect(b.pubSub.subscribe('EVENTS') as AsyncIterable<unknown>);
      await sleep(100);
      a.pubSub.publish('EVENTS', { n: 1 });
      await until('the first event on both instances', () => here.length === 1 && there.length === 1);
      expect(a.degraded()).toBeNull();

      stopRedis();
      await until('the outage noticed', () => a.degraded() !== null);
      expect(a.degraded()).toMatch(/Redis unreachable/);
      for (let n = 2; n <= 4; n++) a.pubSub.publish('EVENTS', { n });
      await sleep(300); // ioredis retries: none of this may reject unhandled or throw
      expect(here).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]); // this instance's subscribers still served
      expect(there).toEqual([{ n: 1 }]); // the other instance cannot be reached without Redis

      startRedis();
      await until('the fan-out back on Redis', () => a.degraded() === null && b.degraded() === null, 15_000);
      a.pubSub.publish('EVENTS', { n: 5 });
      await until('the event after the outage on both instances', () => here.length === 5 && there.length === 2);
      expect(there).toEqual([{ n: 1 }, { n: 5 }]);
      expect(unhandled).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  }, 40_000);
});
