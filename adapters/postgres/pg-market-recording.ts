import type { Pool } from 'pg';
import type { DecisionQuote, RecordedUniverse } from '../../commands/ports/market-recorder';
import type { Bar } from '../../domain/market/bar';
import {
  decodeHistory,
  decodeTicks,
  decodeUniverse,
  type RecordedPaperBook,
  type TapeEntry,
  type TapeKind,
} from '../../domain/market/market-tape';

/** One recorded day of one namespace, as PgMarketRecorder wrote it. */
export interface MarketRecording {
  readonly namespace: string;
  readonly tradingDay: string;
  readonly configHash: string;
  readonly universe: RecordedUniverse;
  /** The feed's deliveries in their order. */
  readonly tape: readonly TapeEntry[];
  readonly bars: number;
  readonly decisionQuotes: readonly DecisionQuote[];
}

/** The namespaces that recorded market data on a day, oldest first. */
export async function recordedNamespaces(pool: Pool, tradingDay: string): Promise<string[]> {
  const r = await pool.query<{ namespace: string }>(
    'SELECT namespace FROM market_sessions WHERE trading_day = $1 ORDER BY recorded_at, namespace',
    [tradingDay],
  );
  return r.rows.map((x) => x.namespace);
}

/** A day's recording, or null when the namespace recorded nothing that day. */
export async function readMarketRecording(
  pool: Pool,
  namespace: string,
  tradingDay: string,
): Promise<MarketRecording | null> {
  const s = await pool.query<{ config_hash: string; universe: RecordedUniverse }>(
    'SELECT config_hash, universe FROM market_sessions WHERE namespace = $1 AND trading_day = $2',
    [namespace, tradingDay],
  );
  if (s.rows.length === 0) return null;
  const bars = new Map<string, Bar>();
  const b = await pool.query<{
    instrument_key: string;
    start_ms: string;
    o: string;
    h: string;
    l: string;
    c: string;
    v: string;
  }>(
    `SELECT instrument_key, (extract(epoch FROM minute_start) * 1000)::bigint AS start_ms,
            open AS o, high AS h, low AS l, close AS c, volume AS v
       FROM market_bars WHERE namespace = $1 AND trading_day = $2`,
    [namespace, tradingDay],
  );
  for (const r of b.rows)
    bars.set(`${r.instrument_key}@${r.start_ms}`, {
      key: r.instrument_key,
      start: new Date(Number(r.start_ms)).toISOString(),
      open: Number(r.o),
      high: Number(r.h),
      low: Number(r.l),
      close: Number(r.c),
      volume: Number(r.v),
    });
  const t = await pool.query<{ at_ms: string; kind: TapeKind | 'ticks-unfilled'; payload: string }>(
    'SELECT at_ms, kind, payload FROM market_tape WHERE namespace = $1 AND trading_day = $2 ORDER BY at_ms, ord',
    [namespace, tradingDay],
  );
  const tape: TapeEntry[] = t.rows.map((r): TapeEntry => {
    const atMs = Number(r.at_ms);
    switch (r.kind) {
      case 'ticks':
        return { kind: 'ticks', atMs, ticks: decodeTicks(r.payload) };
      case 'ticks-unfilled':
        return { kind: 'ticks', atMs, ticks: decodeTicks(r.payload), unfilled: true };
      case 'bars':
        return {
          kind: 'bars',
          atMs,
          bars: (JSON.parse(r.payload) as [string, number][]).map(([key, start]) => {
            const bar = bars.get(`${key}@${start}`);
            if (!bar)
              throw new Error(`the tape names a bar ${key}@${new Date(start).toISOString()} not in market_bars`);
            return bar;
          }),
        };
      case 'history':
        return { kind: 'history', atMs, ...decodeHistory(r.payload) };
      case 'universe':
        return { kind: 'universe', atMs, universe: decodeUniverse(r.payload) };
      case 'scan':
        return { kind: r.kind, atMs };
      case 'recovery': {
        if (r.payload === '') return { kind: 'recovery', atMs };
        const { paperBook } = JSON.parse(r.payload) as { paperBook: RecordedPaperBook };
        return { kind: 'recovery', atMs, paperBook };
      }
      case 'start':
        return { kind: 'start', atMs, fresh: (JSON.parse(r.payload) as { fresh: boolean }).fresh };
      default: {
        const never: never = r.kind;
        throw new Error(`unknown tape entry kind ${String(never)}`);
      }
    }
  });
  const q = await pool.query<{
    plan_id: string;
    instrument_key: string;
    decided_ms: string;
    last: string | null;
    bid: string | null;
    ask: string | null;
    quote_ms: string | null;
    quote_modelled: boolean | null;
  }>(
    `SELECT plan_id, instrument_key, (extract(epoch FROM decided_at) * 1000)::bigint AS decided_ms, last, bid, ask,
            (extract(epoch FROM quote_at) * 1000)::bigint AS quote_ms, quote_modelled
       FROM market_decision_quotes WHERE namespace = $1 AND trading_day = $2 ORDER BY decided_at, plan_id`,
    [namespace, tradingDay],
  );
  return {
    namespace,
    tradingDay,
    configHash: s.rows[0]!.config_hash,
    universe: s.rows[0]!.universe,
    tape,
    bars: bars.size,
    decisionQuotes: q.rows.map((r) => ({
      planId: r.plan_id,
      instrumentKey: r.instrument_key,
      atMs: Number(r.decided_ms),
      ...(r.last === null
        ? {}
        : {
            quote: {
              last: Number(r.last),
              ...(r.bid === null ? {} : { bid: Number(r.bid) }),
              ...(r.ask === null ? {} : { ask: Number(r.ask) }),
              tickMs: Number(r.quote_ms),
              modelled: r.quote_modelled === true,
            },
          }),
    })),
  };
}
