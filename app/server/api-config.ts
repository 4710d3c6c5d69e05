import { z } from 'zod';
import { type ApiLimits, DEFAULT_LIMITS } from '../../graphql/api-deps';

/** The API's own settings from the environment (the rest, PORT, ADMIN_TOKEN, REDIS_URL, is in app/config.ts). */
const schema = z.object({
  API_HOST: z.string().min(1).default('127.0.0.1'),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter((o) => o !== ''),
    )
    .refine((list) => list.every((o) => o === '*' || /^https?:\/\/[^/\s]+$/.test(o)), {
      message: 'must be a comma-separated list of origins such as https://desk.example.com (no path), or *',
    }),
  API_MUTATIONS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_LIMITS.mutationsPerMinute),
  API_MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(DEFAULT_LIMITS.maxDepth),
  API_MAX_COST: z.coerce.number().int().min(10).max(10_000_000).default(DEFAULT_LIMITS.maxCost),
});

export interface ApiConfig {
  readonly host: string;
  readonly corsOrigins: readonly string[];
  readonly limits: ApiLimits;
}

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid API configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    host: c.API_HOST,
    corsOrigins: c.CORS_ORIGINS,
    limits: {
      ...DEFAULT_LIMITS,
      mutationsPerMinute: c.API_MUTATIONS_PER_MINUTE,
      mutationBurst: Math.min(DEFAULT_LIMITS.mutationBurst, c.API_MUTATIONS_PER_MINUTE),
      maxDepth: c.API_MAX_DEPTH,
      maxCost: c.API_MAX_COST,
    },
  };
}
