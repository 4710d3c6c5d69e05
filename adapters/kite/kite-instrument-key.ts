import { BrokerError } from '../../commands/ports/broker';
import type { Exchange } from '../../domain/instruments/instrument';

/** Exchanges we send orders to (domain Exchange). Kite also knows CDS, BCD and MCX; we do not trade them. */
const ORDER_EXCHANGES = ['NSE', 'NFO', 'BSE', 'BFO'] as const satisfies readonly Exchange[];

export interface KiteInstrumentRef {
  readonly exchange: Exchange;
  readonly tradingsymbol: string;
}

/** Our instrument key as Kite writes it: `EXCHANGE:SYMBOL` (any exchange Kite reports, also CDS/MCX). */
export function instrumentKeyFromKite(exchange: string, tradingsymbol: string): string {
  return `${exchange}:${tradingsymbol}`;
}

/** `NSE:SBIN` -> { exchange: 'NSE', tradingsymbol: 'SBIN' }; refuses exchanges we do not trade. */
export function splitInstrumentKey(key: string): KiteInstrumentRef {
  const at = key.indexOf(':');
  const exchange = key.slice(0, at);
  const tradingsymbol = key.slice(at + 1);
  if (at <= 0 || tradingsymbol === '' || /\s/.test(tradingsymbol)) {
    throw new BrokerError('NON_RETRYABLE', 'OrderValidation', `instrument '${key}' is not EXCHANGE:SYMBOL`);
  }
  if (!(ORDER_EXCHANGES as readonly string[]).includes(exchange)) {
    throw new BrokerError(
      'NON_RETRYABLE',
      'OrderValidation',
      `exchange '${exchange}' is not one we trade (${ORDER_EXCHANGES.join(', ')})`,
    );
  }
  return { exchange: exchange as Exchange, tradingsymbol };
}

/**
 * Whether a tradingsymbol names an option: Kite's NFO/BFO option symbols end in CE or PE, futures
 * in FUT (NIFTY25SEP24800CE, NIFTY2590924800PE, NIFTY25SEPFUT).
 */
export function isOptionSymbol(ref: KiteInstrumentRef): boolean {
  return (ref.exchange === 'NFO' || ref.exchange === 'BFO') && /(CE|PE)$/.test(ref.tradingsymbol);
}
