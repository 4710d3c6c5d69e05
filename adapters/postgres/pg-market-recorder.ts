import type { Pool } from 'pg';
import type { DecisionQuote, MarketRecorder, RecordedUniverse } from '../../commands/ports/market-recorder';
import type { Bar } from '../../domain/market/bar';
import {
  encodeHistory,
  encodeTicks,
  encodeUniverse,
  type RecordedPaperBook,
  type ScannedUniverse,
  type TapeEntry,
} from '../../domain/market/market-tape';
import type { Tick } from '../../domain/market/tick';

export interface PgMarketRecorderOptions {
  readonly namespace: string;
  /** The IST trading day, YYYY-MM-DD. */
  readonly tradingDay: string;
  /** Wall ms between background flushes (default 1000). */
  readonly flushEveryMs?: number;
  /** Tape entries buffered before a flush starts at once (default 2000). */
  readonly maxBuffered?: number;
  /** A background flush failed: its rows stay buffered and go with the next flush. */
  readonly onError?: (err: unknown) => void;
}

interface Pending {
  session: { configHash: string; universe: RecordedUniverse } | null;
  tape: { ord: number; entry: TapeEntry }[];
  decisions: DecisionQuote[];
}

const empty = (): Pending => ({ session: null, tape: [], decisions: [] });

/**
 * The market-data recorder on PostgreSQL (migration 0012): calls only buffer; a flush (every
 * `flushEveryMs` of wall time, when `maxBuffered` entries wait, and on `flush()`) encodes them and
 * writes them in one transaction, flushes one at a time. What a flush committed survives a kill -9;
 * every insert is ON CONFLICT DO NOTHING on its natural key, so a restarted process recording
 * the same instant, minute or decision again adds no row.
 */
export class PgMarketRecorder implements MarketRecorder {
  private pending = empty();
  private readonly ordAt = { atMs: Number.NaN, next: 0 };
  private writing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pool: Pool,
    private readonly o: PgMarketRecorderOptions,
  ) {
    this.timer = setInterval(() => this.flushInBackground(), o.flushEveryMs ?? 1000);
    this.timer.unref();
  }

  begin(session: {
    configHash: string;
    universe: RecordedUniverse;
    start?: { readonly atMs: number; readonly fresh: boolean };
  }): void {
    this.pending.session = { configHash: session.configHash, universe: session.universe };
    if (session.start) this.push({ kind: 'start', atMs: session.start.atMs, fresh: session.start.fresh });
  }

  /** The market time of the day's last tape entry written so far (by any process), or null for none. */
  async lastRecordedMs(): Promise<number | null> {
    const r = await this.pool.query<{ ms: string | null }>(
      'SELECT max(at_ms) AS ms FROM market_tape WHERE namespace = $1 AND trading_day = $2',
      [this.o.namespace, this.o.tradingDay],
    );
    return r.rows[0]?.ms == null ? null : Number(r.rows[0].ms);
  }

  ticks(atMs: number, batch: readonly Tick[], o?: { readonly unfilled?: boolean }): void {
    if (batch.length === 0) return;
    this.push({ kind: 'ticks', atMs, ticks: batch, ...(o?.unfilled ? { unfilled: true } : {}) });
  }

  bar(atMs: number, bar: Bar): void {
    const last = this.pending.tape[this.pending.tape.length - 1]?.entry;
    if (last?.kind === 'bars' && last.atMs === atMs) (last.bars as Bar[]).push(bar);
    else this.push({ kind: 'bars', atMs, bars: [bar] });
  }

  history(atMs: number, key: string, bars: readonly Bar[]): void {
    this.push({ kind: 'history', atMs, key, bars });
  }

  universe(atMs: number, universe: ScannedUniverse): void {
    this.push({ kind: 'universe', atMs, universe });
  }

  scan(atMs: number): void {
    this.push({ kind: 'scan', atMs });
  }

  recovery(atMs: number, paperBook?: RecordedPaperBook): void {
    this.push({ kind: 'recovery', atMs, ...(paperBook ? { paperBook } : {}) });
  }

  decision(used: DecisionQuote): void {
    this.pending.decisions.push(used);
  }

  flush(): Promise<void> {
    const taken = this.pending;
    this.pending = empty();
    // one flush at a time, each after the one before (failed or not: its rows were put back)
    this.writing = this.writing
      .catch(() => undefined)
      .then(() =>
        this.write(taken).catch((err) => {
          this.requeue(taken);
          throw err;
        }),
      );
    return this.writing;
  }

  /** Flushes what is left and stops the background timer. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private push(entry: TapeEntry): void {
    this.pending.tape.push({ ord: this.ordOf(entry.atMs), entry });
    this.maybeFlush();
  }

  private ordOf(atMs: number): number {
    if (this.ordAt.atMs !== atMs) {
      this.ordAt.atMs = atMs;
      this.ordAt.next = 0;
    }
    return this.ordAt.next++;
  }

  private maybeFlush(): void {
    if (this.pending.tape.length >= (this.o.maxBuffered ?? 2000)) this.flushInBackground();
  }

  private flushInBackground(): void {
    if (this.pending.tape.length === 0 && this.pending.decisions.length === 0 && !this.pending.session) return;
    this.flush().catch((err) => this.o.onError?.(err));
  }

  private requeue(taken: Pending): void {
    this.pending = {
      session: this.pending.session ?? taken.session,
      tape: [...taken.tape, ...this.pending.tape],
      decisions: [...taken.decisions, ...this.pending.decisions],
    };
  }

  private async write(p: Pending): Promise<void> {
    if (!p.session && p.tape.length === 0 && p.decisions.length === 0) return;
    const { namespace: ns, tradingDay: day } = this.o;
    const bars = p.tape.flatMap(({ entry: e }) => (e.kind === 'bars' ? e.bars : []));
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      if (p.session)
        await client.query(
          `INSERT INTO market_sessions (namespace, trading_day, config_hash, universe) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING`,
          [ns, day, p.session.configHash, JSON.stringify(p.session.universe)],
        );
      if (p.tape.length > 0)
        await client.query(
          `INSERT INTO market_tape (namespace, trading_day, at_ms, ord, kind, payload)
           SELECT $1, $2, * FROM unnest($3::bigint[], $4::int[], $5::text[], $6::text[]) ON CONFLICT DO NOTHING`,
          [
            ns,
            day,
            p.tape.map((e) => e.entry.atMs),
            p.tape.map((e) => e.ord),
            p.tape.map((e) => kindOf(e.entry)),
            p.tape.map((e) => payloadOf(e.entry)),
          ],
        );
      if (bars.length > 0)
        await client.query(
          `INSERT INTO market_bars (namespace, trading_day, instrument_key, minute_start, open, high, low, close, volume)
           SELECT $1, $2, * FROM unnest($3::text[], $4::timestamptz[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[])
           ON CONFLICT DO NOTHING`,
          [
            ns,
            day,
            bars.map((b) => b.key),
            bars.map((b) => b.start),
            bars.map((b) => b.open),
            bars.map((b) => b.high),
            bars.map((b) => b.low),
            bars.map((b) => b.close),
            bars.map((b) => b.volume),
          ],
        );
      if (p.decisions.length > 0) {
        const q = p.decisions;
        const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
        await client.query(
          `INSERT INTO market_decision_quotes
             (namespace, trading_day, plan_id, instrument_key, decided_at, last, bid, ask, quote_at, quote_modelled)
           SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::timestamptz[], $6::bigint[], $7::bigint[],
                                         $8::bigint[], $9::timestamptz[], $10::boolean[])
           ON CONFLICT DO NOTHING`,
          [
            ns,
            day,
            q.map((d) => d.planId),
            q.map((d) => d.instrumentKey),
            q.map((d) => iso(d.atMs)),
            q.map((d) => d.quote?.last ?? null),
            q.map((d) => d.quote?.bid ?? null),
            q.map((d) => d.quote?.ask ?? null),
            q.map((d) => iso(d.quote?.tickMs)),
            q.map((d) => (d.quote ? d.quote.modelled : null)),
          ],
        );
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}

/** A tape entry's kind column (a batch the paper broker did not see is 'ticks-unfilled'). */
function kindOf(e: TapeEntry): string {
  return e.kind === 'ticks' && e.unfilled ? 'ticks-unfilled' : e.kind;
}

/** A tape entry's payload column (the bars themselves go to market_bars; a history keeps its own bars). */
function payloadOf(e: TapeEntry): string {
  switch (e.kind) {
    case 'ticks':
      return encodeTicks(e.ticks);
    case 'bars':
      return JSON.stringify(e.bars.map((b) => [b.key, Date.parse(b.start)]));
    case 'history':
      return encodeHistory(e.key, e.bars);
    case 'universe':
      return encodeUniverse(e.universe);
    case 'scan':
      return '';
    case 'recovery': // the paper account as recovered (exact paise, integers in JSON); none on a LIVE day
      return e.paperBook ? JSON.stringify({ paperBook: e.paperBook }) : '';
    case 'start':
      return JSON.stringify({ fresh: e.fresh });
    default: {
      const never: never = e;
      throw new Error(`unknown tape entry ${JSON.stringify(never)}`);
    }
  }
}
