import { EXCHANGES, type Exchange, type Instrument, instrumentKey } from './instrument';
import { InstrumentError, UnknownInstrumentError } from './instrument-errors';

/** Splits `EXCHANGE:SYMBOL` (the symbol may contain spaces: 'NSE:NIFTY 50'). */
export function parseInstrumentKey(key: string): { readonly exchange: Exchange; readonly symbol: string } {
  const at = typeof key === 'string' ? key.indexOf(':') : -1;
  const exchange = at > 0 ? key.slice(0, at).trim().toUpperCase() : '';
  const symbol =
    at > 0
      ? key
          .slice(at + 1)
          .trim()
          .toUpperCase()
      : '';
  if (!EXCHANGES.includes(exchange as Exchange) || symbol === '') {
    throw new UnknownInstrumentError(
      `'${key}' is not an instrument key: expected EXCHANGE:SYMBOL with EXCHANGE one of ${EXCHANGES.join(', ')} (e.g. NSE:SBIN)`,
    );
  }
  return { exchange: exchange as Exchange, symbol };
}

/**
 * The instruments the system may trade or watch, found by key (`NSE:SBIN`, case-insensitive)
 * or by Kite token. Immutable: `with` returns a new master. Keys and tokens are unique; a second
 * instrument with the same key or token is refused, never allowed to shadow the first.
 */
export class InstrumentMaster {
  private readonly byKey: ReadonlyMap<string, Instrument>;
  private readonly byTok: ReadonlyMap<number, Instrument>;

  private constructor(byKey: Map<string, Instrument>, byTok: Map<number, Instrument>) {
    this.byKey = byKey;
    this.byTok = byTok;
  }

  static of(instruments: Iterable<Instrument>): InstrumentMaster {
    return InstrumentMaster.empty().with(instruments);
  }

  static empty(): InstrumentMaster {
    return new InstrumentMaster(new Map(), new Map());
  }

  /** A master holding these instruments too. The same instrument added twice is fine. */
  with(instruments: Iterable<Instrument>): InstrumentMaster {
    const byKey = new Map(this.byKey);
    const byTok = new Map(this.byTok);
    for (const i of instruments) {
      const key = instrumentKey(i).toUpperCase();
      const sameKey = byKey.get(key);
      const sameTok = byTok.get(i.token);
      if (sameKey && !sameInstrument(sameKey, i)) {
        throw new InstrumentError(
          `two different instruments with the key ${key} (tokens ${sameKey.token} and ${i.token})`,
        );
      }
      if (sameTok && !sameInstrument(sameTok, i)) {
        throw new InstrumentError(
          `token ${i.token} is both ${instrumentKey(sameTok)} and ${instrumentKey(i)}: tokens must be unique`,
        );
      }
      byKey.set(key, i);
      byTok.set(i.token, i);
    }
    return new InstrumentMaster(byKey, byTok);
  }

  get size(): number {
    return this.byKey.size;
  }

  all(): readonly Instrument[] {
    return [...this.byKey.values()];
  }

  has(key: string): boolean {
    return this.find(key) !== undefined;
  }

  /** The instrument with this key, or undefined (a malformed key throws). */
  find(key: string): Instrument | undefined {
    // The hot path (every tick): a key already in canonical form is found without parsing it.
    const exact = this.byKey.get(key);
    if (exact !== undefined) return exact;
    const { exchange, symbol } = parseInstrumentKey(key);
    return this.byKey.get(`${exchange}:${symbol}`);
  }

  /** The instrument with this key; an UnknownInstrumentError saying so when there is none. */
  get(key: string): Instrument {
    const found = this.find(key);
    if (found) return found;
    const { symbol } = parseInstrumentKey(key);
    const elsewhere = this.all().filter((i) => i.symbol.toUpperCase() === symbol);
    const hint = elsewhere.length > 0 ? ` (did you mean ${elsewhere.map(instrumentKey).join(' or ')}?)` : '';
    throw new UnknownInstrumentError(
      `unknown instrument '${key}': not among the ${this.size} instruments loaded${hint}`,
    );
  }

  findByToken(token: number): Instrument | undefined {
    return this.byTok.get(token);
  }

  byToken(token: number): Instrument {
    const found = this.byTok.get(token);
    if (found) return found;
    throw new UnknownInstrumentError(
      `unknown instrument token ${token}: not among the ${this.size} instruments loaded`,
    );
  }
}

function sameInstrument(a: Instrument, b: Instrument): boolean {
  return JSON.stringify(a, Object.keys(a).sort()) === JSON.stringify(b, Object.keys(b).sort());
}
