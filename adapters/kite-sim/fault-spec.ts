import { z } from 'zod';

const count = z.number().int().min(1).default(1);
const ms = z.number().int().min(0);
/** Session time at which a fault from a file is armed (`HH:MM` or `HH:MM:SS`, IST); absent: at once. */
const at = z
  .string()
  .regex(/^\d{2}:\d{2}(:\d{2})?$/)
  .optional();
/** Which REST paths a counted HTTP fault strikes (prefixes, e.g. "/orders"); absent: order calls only. */
const paths = z.array(z.string().startsWith('/')).optional();

/**
 * The faults the simulator can inject, each logged when armed and each time it strikes:
 * - ticker_drop: every ticker socket is cut at once (no close frame);
 * - ticker_stall: the ticker sends nothing (no ticks, heartbeats or order updates) for `ms`;
 * - http_429 / http_5xx: the next `count` REST calls on `paths` are answered 429 / `status`;
 * - timeout_before: the next `count` placements hang and their connection is cut after `holdMs`,
 *   nothing placed; timeout_after: the order is placed, then the answer hangs and is cut the same way;
 * - lose_updates / delay_updates: the next `count` WebSocket order updates are dropped / sent `ms` late;
 * - lose_postbacks / delay_postbacks: the same for postbacks;
 * - reject_orders: the next `count` orders are recorded REJECTED (an RMS rejection) with `message`;
 * - widen_spread: every modelled and played touch becomes `factor` times wider (1 restores it);
 * - expire_tokens: every access token expires (TokenException, HTTP 403) and the ticker is cut.
 */
export const FaultSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ticker_drop'), at }),
  z.object({ kind: z.literal('ticker_stall'), ms, at }),
  z.object({ kind: z.literal('http_429'), count, paths, at }),
  z.object({
    kind: z.literal('http_5xx'),
    count,
    status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).default(503),
    paths,
    at,
  }),
  z.object({ kind: z.literal('timeout_before'), count, holdMs: ms.default(30_000), at }),
  z.object({ kind: z.literal('timeout_after'), count, holdMs: ms.default(30_000), at }),
  z.object({ kind: z.literal('lose_updates'), count, at }),
  z.object({ kind: z.literal('delay_updates'), count, ms, at }),
  z.object({ kind: z.literal('lose_postbacks'), count, at }),
  z.object({ kind: z.literal('delay_postbacks'), count, ms, at }),
  z.object({
    kind: z.literal('reject_orders'),
    count,
    message: z.string().default('RMS:Margin Exceeds, Required:1000000.00, Available:0.00 (simulated rejection)'),
    at,
  }),
  z.object({ kind: z.literal('widen_spread'), factor: z.number().min(1).max(1000), at }),
  z.object({ kind: z.literal('expire_tokens'), at }),
]);

export type FaultSpec = z.infer<typeof FaultSpecSchema>;
export type FaultKind = FaultSpec['kind'];

/** One fault, or a list (a faults file holds a list). Throws with every problem named. */
export function parseFaultSpecs(raw: unknown): FaultSpec[] {
  const list = Array.isArray(raw) ? raw : [raw];
  const parsed = z.array(FaultSpecSchema).safeParse(list);
  if (!parsed.success) {
    throw new Error(
      `bad fault spec: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}
