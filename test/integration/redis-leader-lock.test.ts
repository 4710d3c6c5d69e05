import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisLeaderLock } from '../../adapters/redis/redis-leader-lock';

/**
 * The leader lock on the machine's real Redis: one leader at a time, handed over on release or
 * after a crashed leader's TTL, and lost at once when it cannot be confirmed.
 */
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const clients: Redis[] = [];
const locks: RedisLeaderLock[] = [];
const TTL = 400;
const REFRESH = 100;

function client(): Redis {
  const r = new Redis(url, { maxRetriesPerRequest: 1 });
  r.on('error', () => undefined);
  clients.push(r);
  return r;
}

function lock(key: string, redis = client()): RedisLeaderLock {
  const l = new RedisLeaderLock(redis, { key, ttlMs: TTL, refreshMs: REFRESH });
  locks.push(l);
  return l;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, ms: number): Promise<number> {
  const started = Date.now();
  while (!cond()) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await sleep(10);
  }
  return Date.now() - started;
}

afterEach(async () => {
  for (const l of locks.splice(0)) await l.stop().catch(() => undefined);
  for (const c of clients.splice(0)) c.disconnect();
});

test('one leader at a time; a release hands the lock over within a refresh', async () => {
  const key = `test:leader:${randomUUID()}`;
  const a = lock(key);
  const b = lock(key);
  await a.start();
  await b.start();
  expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
  expect(await b.holder()).toBe(a.instanceId);
  await sleep(3 * REFRESH);
  expect([a.isLeader(), b.isLeader()]).toEqual([true, false]); // refreshed, still A's
  await a.stop();
  expect(a.isLeader()).toBe(false);
  await until(() => b.isLeader(), 2 * REFRESH + 100);
  expect(await a.holder()).toBe(b.instanceId);
});

test('a crashed leader (no refresh, no release) is replaced once its TTL runs out, not before', async () => {
  const key = `test:leader:${randomUUID()}`;
  const crashing = client();
  const a = lock(key, crashing);
  const b = lock(key);
  await a.start();
  await b.start();
  crashing.disconnect(); // the process is gone: nothing refreshes, nothing releases
  expect(await until(() => !a.isLeader(), 2 * REFRESH + 100)).toBeGreaterThanOrEqual(0); // it cannot confirm: out at once
  const waited = await until(() => b.isLeader(), TTL + 3 * REFRESH);
  expect(waited).toBeGreaterThan(TTL / 2 - REFRESH); // the key lived out (most of) its TTL first
});

test('a leader that finds another holder in the key stops leading at once, and says so', async () => {
  const key = `test:leader:${randomUUID()}`;
  const a = lock(key);
  const changes: boolean[] = [];
  a.onChange((leader) => changes.push(leader));
  await a.start();
  await client().set(key, 'someone-else', 'PX', TTL); // e.g. the key expired and another instance took it
  await until(() => !a.isLeader(), 2 * REFRESH + 100);
  expect(changes).toEqual([true, false]);
  expect(await a.holder()).toBe('someone-else');
  await a.stop();
  expect(await a.holder()).toBe('someone-else'); // a non-holder's release deletes nothing
});

test('a refresh that hangs past the TTL ends leadership although no error came back', async () => {
  const key = `test:leader:${randomUUID()}`;
  const a = lock(key);
  await a.start();
  expect(a.isLeader()).toBe(true);
  const admin = client();
  await admin.call('CLIENT', 'PAUSE', String(TTL + 300), 'WRITE'); // every write waits, none fails
  const lost = await until(() => !a.isLeader(), TTL + 200);
  expect(lost).toBeLessThan(TTL + 200);
  await until(() => a.isLeader(), TTL + 1_000); // the pause ends, the lock is confirmed again
});

test('the holder is read whether Redis gives the value as a string or as bytes', async () => {
  const key = `test:leader:${randomUUID()}`;
  await client().set(key, Buffer.from('instance-é', 'utf8'), 'PX', TTL);
  expect(await lock(key).holder()).toBe('instance-é');
});
