import fc from 'fast-check';
import type { Instrument } from '../../domain/instruments/instrument';
import {
  type AdmissionBook,
  type BookLimits,
  emptyBook,
  heatOf,
  openCount,
  reduceRisk,
  release,
  reserve,
} from '../../domain/risk/admission-book';
import { admit } from '../../domain/risk/admit';
import { assessPlan } from '../../domain/risk/assess-plan';
import { defaultRiskConfig, heatCap } from '../../domain/risk/risk-config';
import { controlViewOf, type RiskContext } from '../../domain/risk/risk-context';
import type { TradePlan } from '../../domain/risk/trade-plan';
import { initialState } from '../../domain/session/session-state';

const limits: BookLimits = { heatCap: 1_000, maxOpenPositions: 3, maxPositionsPerInstrument: 2 };

function reserved(book: AdmissionBook, planId: string, instrumentKey: string, risk: number): AdmissionBook {
  const r = reserve(book, { planId, instrumentKey, risk });
  if (!r.ok) throw new Error(r.reasons.map((x) => x.message).join('; '));
  return r.book;
}

describe('admission book', () => {
  it('reserves up to the heat cap exactly, then refuses with the numbers', () => {
    const book = reserved(emptyBook(limits), 'a', 'NSE:A', 600);
    expect(reserve(book, { planId: 'b', instrumentKey: 'NSE:B', risk: 400 }).ok).toBe(true);
    const over = reserve(book, { planId: 'b', instrumentKey: 'NSE:B', risk: 401 });
    expect(over).toEqual({
      ok: false,
      reasons: [{ code: 'HEAT_CAP', message: 'open heat Rs 6.00 + Rs 4.01 would exceed the heat cap Rs 10.00' }],
    });
  });

  it('refuses a plan already reserved, and a non-positive risk', () => {
    const book = reserved(emptyBook(limits), 'a', 'NSE:A', 100);
    const again = reserve(book, { planId: 'a', instrumentKey: 'NSE:A', risk: 100 });
    expect(!again.ok && again.reasons.map((r) => r.code)).toEqual(['DUPLICATE_PLAN']);
    const zero = reserve(book, { planId: 'z', instrumentKey: 'NSE:Z', risk: 0 });
    expect(!zero.ok && zero.reasons.map((r) => r.code)).toEqual(['PLAN_INVALID']);
  });

  it('enforces position counts overall and per instrument, reporting both', () => {
    let book = reserved(emptyBook(limits), 'a', 'NSE:A', 1);
    book = reserved(book, 'b', 'NSE:A', 1);
    const third = reserve(book, { planId: 'c', instrumentKey: 'NSE:A', risk: 1 });
    expect(!third.ok && third.reasons.map((r) => r.code)).toEqual(['MAX_POSITIONS_PER_INSTRUMENT']);
    book = reserved(book, 'c', 'NSE:C', 1);
    const fourth = reserve(book, { planId: 'd', instrumentKey: 'NSE:A', risk: 1 });
    expect(!fourth.ok && fourth.reasons.map((r) => r.code)).toEqual([
      'MAX_OPEN_POSITIONS',
      'MAX_POSITIONS_PER_INSTRUMENT',
    ]);
  });

  it('release frees heat and a slot; releasing an absent plan changes nothing', () => {
    const book = reserved(reserved(emptyBook(limits), 'a', 'NSE:A', 600), 'b', 'NSE:B', 400);
    const after = release(book, 'a');
    expect(heatOf(after)).toBe(400);
    expect(openCount(after)).toBe(1);
    expect(release(after, 'nope')).toBe(after);
  });

  it('reduceRisk lowers a reservation but never raises it', () => {
    const book = reserved(emptyBook(limits), 'a', 'NSE:A', 600);
    const lower = reduceRisk(book, 'a', 0); // stop moved to break-even
    expect(lower.ok && heatOf(lower.book)).toBe(0);
    expect(lower.ok && openCount(lower.book)).toBe(1);
    const higher = reduceRisk(book, 'a', 601);
    expect(!higher.ok && higher.reasons.map((r) => r.code)).toEqual(['PLAN_INVALID']);
    const unknown = reduceRisk(book, 'x', 1);
    expect(!unknown.ok && unknown.reasons.map((r) => r.code)).toEqual(['UNKNOWN_RESERVATION']);
  });
});

describe('atomic admission: two concurrent plans, room for one', () => {
  const sbin: Instrument = {
    token: 1,
    exchange: 'NSE',
    segment: 'NSE',
    symbol: 'SBIN',
    kind: 'EQ',
    lotSize: 1,
    tickSize: 5,
    freezeQty: 100_000,
  };
  const infy: Instrument = { ...sbin, token: 2, symbol: 'INFY' };
  const config = defaultRiskConfig(100_000_000);
  const now = Date.UTC(2026, 2, 2, 5, 0, 0);
  const ctx = (book: AdmissionBook): RiskContext => ({
    config,
    control: controlViewOf(initialState()),
    phase: 'OPEN',
    nowMs: now,
    market: { lastTickAtMs: now, bid: 79_995, ask: 80_000 },
    dailyPnl: { realised: 0, unrealised: 0 },
    book,
  });
  // Heat already at Rs 7,500 of Rs 10,000: each plan wants the full Rs 2,500 per-trade risk.
  const start = reserved(
    emptyBook({ heatCap: heatCap(config), maxOpenPositions: 5, maxPositionsPerInstrument: 1 }),
    'old',
    'NSE:X',
    750_000,
  );
  const p1: TradePlan = { planId: 'p1', instrument: sbin, side: 'BUY', entry: 80_000, stop: 79_600, requestedQty: 625 };
  const p2: TradePlan = { ...p1, planId: 'p2', instrument: infy };

  it('both pass when assessed against the same stale book (why assessment alone is not enough)', () => {
    expect(assessPlan(p1, ctx(start)).approved).toBe(true);
    expect(assessPlan(p2, ctx(start)).approved).toBe(true);
  });

  it('admitted one after the other under the lock, the second is re-sized to nothing and blocked by heat', () => {
    const first = admit(p1, ctx(start));
    expect(first.decision).toMatchObject({ approved: true, quantity: 625 });
    expect(heatOf(first.book)).toBe(1_000_000);
    const second = admit(p2, ctx(first.book));
    expect(second.decision.approved ? [] : second.decision.reasons.map((r) => r.code)).toEqual(['HEAT_CAP']);
    expect(second.book).toBe(first.book);
  });

  it('reserve refuses the second approval computed on the stale book', () => {
    const first = admit(p1, ctx(start));
    const staleApproval = assessPlan(p2, ctx(start));
    if (!staleApproval.approved) throw new Error('expected approval');
    const r = reserve(first.book, { planId: 'p2', instrumentKey: 'NSE:INFY', risk: staleApproval.risk });
    expect(!r.ok && r.reasons.map((x) => x.code)).toEqual(['HEAT_CAP']);
  });

  it('admitting the same plan twice is blocked as a duplicate', () => {
    const first = admit(p1, ctx(start));
    const again = admit(p1, ctx(first.book));
    expect(again.decision.approved ? [] : again.decision.reasons.map((r) => r.code)).toEqual(['DUPLICATE_PLAN']);
  });
});

type Op =
  | { kind: 'reserve'; id: number; instrument: number; risk: number }
  | { kind: 'release'; id: number }
  | { kind: 'reduce'; id: number; by: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('reserve' as const),
      id: fc.nat(30),
      instrument: fc.nat(5),
      risk: fc.integer({ min: -5, max: 700 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const), id: fc.nat(30) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('reduce' as const),
      id: fc.nat(30),
      by: fc.integer({ min: -50, max: 300 }),
    }),
  },
);

describe('heat law', () => {
  it('for any sequence of reservations, releases and reductions, admitted heat and counts never exceed the limits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3_000 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(opArb, { maxLength: 80 }),
        (cap, maxOpen, maxPer, ops) => {
          let book = emptyBook({ heatCap: cap, maxOpenPositions: maxOpen, maxPositionsPerInstrument: maxPer });
          for (const op of ops) {
            const planId = `p${op.id}`;
            if (op.kind === 'reserve') {
              const key = `NSE:I${op.instrument}`;
              const fits =
                op.risk > 0 &&
                heatOf(book) + op.risk <= cap &&
                openCount(book) < maxOpen &&
                openCount(book, key) < maxPer &&
                !book.reservations.some((x) => x.planId === planId);
              const r = reserve(book, { planId, instrumentKey: key, risk: op.risk });
              expect(r.ok).toBe(fits); // accepted exactly when it fits
              if (r.ok) book = r.book;
            } else if (op.kind === 'release') {
              book = release(book, planId);
            } else {
              const current = book.reservations.find((x) => x.planId === planId)?.risk ?? 0;
              const r = reduceRisk(book, planId, current - op.by);
              if (r.ok) book = r.book;
            }
            expect(heatOf(book)).toBeLessThanOrEqual(cap);
            expect(openCount(book)).toBeLessThanOrEqual(maxOpen);
            for (let i = 0; i < 6; i++) expect(openCount(book, `NSE:I${i}`)).toBeLessThanOrEqual(maxPer);
            expect(new Set(book.reservations.map((x) => x.planId)).size).toBe(book.reservations.length);
          }
        },
      ),
    );
  });

  it('plans admitted through the risk manager never take heat above the cap', () => {
    let approvals = 0;
    const config = { ...defaultRiskConfig(10_000_000), maxOpenPositions: 50, maxPositionsPerInstrument: 50 };
    const now = 1_000_000;
    const inst: Instrument = {
      token: 1,
      exchange: 'NSE',
      segment: 'NSE',
      symbol: 'X',
      kind: 'EQ',
      lotSize: 1,
      tickSize: 5,
      freezeQty: 1_000_000,
    };
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            lotSize: fc.constantFrom(1, 25, 65),
            stopTicks: fc.integer({ min: 1, max: 400 }),
            requestedQty: fc.option(fc.integer({ min: 1, max: 5_000 }), { nil: undefined }),
            closeOne: fc.boolean(),
          }),
          { maxLength: 40 },
        ),
        (plans) => {
          let book = emptyBook({ heatCap: heatCap(config), maxOpenPositions: 50, maxPositionsPerInstrument: 50 });
          plans.forEach((p, i) => {
            const plan: TradePlan = {
              planId: `p${i}`,
              instrument: { ...inst, lotSize: p.lotSize, symbol: `S${i}` },
              side: 'BUY',
              entry: 50_000,
              stop: 50_000 - 5 * p.stopTicks,
              requestedQty: p.requestedQty,
            };
            const ctx: RiskContext = {
              config,
              control: controlViewOf(initialState()),
              phase: 'OPEN',
              nowMs: now,
              market: { lastTickAtMs: now, bid: 49_995, ask: 50_000 },
              dailyPnl: { realised: 0, unrealised: 0 },
              book,
            };
            const { decision, book: next } = admit(plan, ctx);
            if (decision.approved) {
              approvals++;
              expect(decision.risk).toBeLessThanOrEqual(decision.caps.perTrade);
              expect(decision.quantity % p.lotSize).toBe(0);
            }
            book = next;
            if (p.closeOne && book.reservations[0]) book = release(book, book.reservations[0].planId);
            expect(heatOf(book)).toBeLessThanOrEqual(heatCap(config));
          });
        },
      ),
    );
    expect(approvals).toBeGreaterThan(100); // the law is not vacuous
  });
});
