import { ManualClock } from '../../adapters/clock/manual-clock';
import { PaperBroker, type PaperBrokerDeps } from '../../adapters/paper-broker/paper-broker';
import type { PaperBrokerOptions } from '../../adapters/paper-broker/paper-broker-options';
import type { BrokerOrder, PlaceOrderRequest } from '../../commands/ports/broker';
import { builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import { createOptionContract } from '../../domain/instruments/contract-factory';
import { instrumentKey } from '../../domain/instruments/instrument';
import type { InstrumentMaster } from '../../domain/instruments/instrument-master';
import { NIFTY } from '../../domain/instruments/underlyings';
import type { Paise } from '../../domain/money/paise';
import type { MarketQuote } from '../contract/broker.contract';

/** Shared set-up of the paper broker tests (not a test file itself). */

/** 2 Mar 2026, 09:30 IST. */
export const START_MS = Date.parse('2026-03-02T04:00:00.000Z');
export const SBIN = 'NSE:SBIN';
export const NIFTY_CE_INSTRUMENT = createOptionContract(NIFTY, {
  expiry: '2026-03-31',
  expiryKind: 'MONTHLY',
  strike: 2_400_000,
  right: 'CE',
});
export const NIFTY_CE = instrumentKey(NIFTY_CE_INSTRUMENT);

export function paperMaster(): InstrumentMaster {
  return builtinInstrumentMaster().with([NIFTY_CE_INSTRUMENT]);
}

export interface PaperHarness {
  readonly clock: ManualClock;
  readonly broker: PaperBroker;
  /** Every update delivered, in order. */
  readonly updates: BrokerOrder[];
  /** One second later, this quote arrives as a tick. */
  quote(q: MarketQuote): Promise<void>;
}

export function paperHarness(
  options: Partial<PaperBrokerOptions> = {},
  deps: Partial<Omit<PaperBrokerDeps, 'options'>> = {},
): PaperHarness {
  const clock = deps.clock instanceof ManualClock ? deps.clock : new ManualClock(START_MS);
  const broker = new PaperBroker({ clock, instruments: paperMaster(), ...deps, options });
  return withBroker(clock, broker);
}

/** A harness around an existing broker (e.g. one restored from a snapshot) and its clock. */
export function withBroker(clock: ManualClock, broker: PaperBroker): PaperHarness {
  const updates: BrokerOrder[] = [];
  broker.onOrderUpdate((o) => updates.push(o));
  return {
    clock,
    broker,
    updates,
    quote: async ({ instrument, ...prices }) => {
      await clock.advanceBy(1_000);
      broker.onTick({ key: instrument, ts: clock.nowMs(), cumVolume: 0, ...prices });
    },
  };
}

/** A quote on SBIN around `last` (bid and ask `spread` either side), optionally with quantities. */
export function sbin(last: Paise, spread = 5, qty?: number): MarketQuote {
  return {
    instrument: SBIN,
    last,
    bid: last - spread,
    ask: last + spread,
    ...(qty === undefined ? {} : { bidQty: qty, askQty: qty }),
  };
}

let seq = 0;
/** A valid LIMIT BUY of 10 SBIN at Rs 790.00, with a fresh tag; `over` changes any field. */
export function order(over: Partial<PlaceOrderRequest> = {}): PlaceOrderRequest {
  seq += 1;
  return {
    clientOrderId: `T${String(seq).padStart(6, '0')}`,
    instrument: SBIN,
    side: 'BUY',
    quantity: 10,
    orderType: 'LIMIT',
    product: 'MIS',
    validity: 'DAY',
    price: 79_000,
    ...over,
  };
}
