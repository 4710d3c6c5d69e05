import { z } from 'zod';
import type { BrokerPosition } from '../../commands/ports/broker';
import type { MarketEntry } from './paper-market';
import type { PaperOrderRecord } from './paper-order-record';
import type { PaperTradeRecord } from './paper-positions';

/**
 * The paper broker's whole book as plain JSON: what a crash drill restarts against and what a
 * paper account persists between runs. Positions are derived from the trades; they are written
 * for readers and checked against the trades on restore.
 */
export interface PaperBookSnapshot {
  readonly format: 'paper-broker-book';
  readonly version: 1;
  readonly takenAt: string;
  readonly idPrefix: string;
  /** The sequence number the next order / trade gets. */
  readonly nextOrderSeq: number;
  readonly nextTradeSeq: number;
  /** In placement order. */
  readonly orders: readonly PaperOrderRecord[];
  /** In fill order. */
  readonly trades: readonly PaperTradeRecord[];
  readonly positions: readonly BrokerPosition[];
  /** The last tick seen per instrument, with the liquidity already used from it. */
  readonly market: readonly { readonly key: string; readonly entry: MarketEntry }[];
}

const whole = z.number().int().safe();
const count = whole.min(0);
const paise = whole;
const side = z.enum(['BUY', 'SELL']);
const product = z.enum(['MIS', 'NRML', 'CNC']);
const isoTime = z.string().refine((s) => s.endsWith('Z') && !Number.isNaN(Date.parse(s)), 'an ISO-8601 UTC time');

const order = z.object({
  seq: whole.min(1),
  brokerOrderId: z.string().min(1),
  clientOrderId: z.string().nullable(),
  instrument: z.string().min(1),
  side,
  product,
  validity: z.enum(['DAY', 'IOC']),
  placedAt: isoTime,
  orderType: z.enum(['MARKET', 'LIMIT', 'SL', 'SL-M']),
  quantity: whole.min(1),
  price: paise.nullable(),
  triggerPrice: paise.nullable(),
  marketProtection: z.number().nullable(),
  protectionPrice: paise.nullable(),
  filledQuantity: count,
  filledValue: paise,
  cancelledQuantity: count,
  liveAtMs: whole.nullable(),
  cancelAtMs: whole.nullable(),
  triggered: z.boolean(),
  aggressive: z.boolean(),
  final: z.enum(['COMPLETE', 'CANCELLED', 'REJECTED']).nullable(),
  statusMessage: z.string().nullable(),
  updatedAt: isoTime,
});

const trade = z.object({
  tradeId: z.string().min(1),
  brokerOrderId: z.string().min(1),
  instrument: z.string().min(1),
  side,
  quantity: whole.min(1),
  price: paise.min(1),
  filledAt: isoTime,
  product,
});

const position = z.object({
  instrument: z.string(),
  product,
  quantity: whole,
  averagePrice: paise.nullable(),
  buyQuantity: count,
  sellQuantity: count,
});

const tick = z.object({
  key: z.string(),
  ts: whole,
  last: paise,
  cumVolume: count,
  bid: paise.optional(),
  ask: paise.optional(),
  bidQty: count.optional(),
  askQty: count.optional(),
  oi: count.optional(),
});

const snapshotSchema = z.object({
  format: z.literal('paper-broker-book'),
  version: z.literal(1),
  takenAt: isoTime,
  idPrefix: z.string().regex(/^[A-Za-z0-9]{1,12}$/),
  nextOrderSeq: whole.min(1),
  nextTradeSeq: whole.min(1),
  orders: z.array(order),
  trades: z.array(trade),
  positions: z.array(position),
  market: z.array(z.object({ key: z.string(), entry: z.object({ tick, boughtUnits: count, soldUnits: count }) })),
});

/** Reads a snapshot (e.g. parsed from a file); throws saying what is wrong when it is not one. */
export function parsePaperBookSnapshot(raw: unknown): PaperBookSnapshot {
  const r = snapshotSchema.safeParse(raw);
  if (!r.success) {
    const where = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`not a paper broker book snapshot: ${where}`);
  }
  return r.data;
}
