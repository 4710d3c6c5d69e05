import { type Instrument, instrumentKey } from '../../domain/instruments/instrument';

/** One instrument as the simulator publishes it: its key and the 32-bit token its ticker streams. */
export interface SimInstrument {
  readonly key: string;
  readonly instrument: Instrument;
  /** Kite's instrument_token: exchange_token * 256 + segment code. */
  readonly token: number;
  readonly exchangeToken: number;
}

/** Kite's segment codes, the low byte of a token (the ticker reads prices by it; 9 is an index). */
export function segmentCode(i: Instrument): number {
  if (i.kind === 'INDEX') return 9;
  switch (i.exchange) {
    case 'NSE':
      return 1;
    case 'NFO':
      return 2;
    case 'BSE':
      return 4;
    case 'BFO':
      return 5;
    default: {
      const never: never = i.exchange;
      throw new Error(`no segment code for exchange ${String(never)}`);
    }
  }
}

const TOKEN_LIMIT = 2 ** 32;
/** First exchange token given to an instrument whose own token does not fit a ticker packet. */
const FIRST_SIM_EXCHANGE_TOKEN = 0x200000;

/**
 * The simulator's instrument list. Kite's own tokens (the built-in stocks and indices) are kept;
 * the synthetic chains' tokens (2^40 and above) cannot travel in a 4-byte ticker packet, so those
 * instruments get a token of their own here, in list order, with their segment in the low byte.
 */
export class SimInstruments {
  private readonly byKeyMap = new Map<string, SimInstrument>();
  private readonly byTokenMap = new Map<number, SimInstrument>();

  constructor(instruments: readonly Instrument[]) {
    let next = FIRST_SIM_EXCHANGE_TOKEN;
    for (const instrument of instruments) {
      const key = instrumentKey(instrument);
      if (this.byKeyMap.has(key)) continue;
      const own = instrument.token < TOKEN_LIMIT && (instrument.token & 0xff) === segmentCode(instrument);
      const exchangeToken = own ? Math.floor(instrument.token / 256) : next++;
      const token = own ? instrument.token : exchangeToken * 256 + segmentCode(instrument);
      if (this.byTokenMap.has(token)) throw new Error(`instrument token ${token} of ${key} is taken`);
      const s: SimInstrument = { key, instrument, token, exchangeToken };
      this.byKeyMap.set(key, s);
      this.byTokenMap.set(token, s);
    }
  }

  list(): SimInstrument[] {
    return [...this.byKeyMap.values()];
  }

  byKey(key: string): SimInstrument | undefined {
    return this.byKeyMap.get(key);
  }

  byToken(token: number): SimInstrument | undefined {
    return this.byTokenMap.get(token);
  }
}
