import { z } from 'zod';
import { ConfigError } from '../config';

/** The trader's Kite credentials from the environment (secrets: never log this object). */
export interface TraderKiteEnv {
  readonly apiKey: string | undefined;
  readonly apiSecret: string | undefined;
  readonly accessToken: string | undefined;
}

const schema = z.object({
  KITE_API_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be the Kite app's API key (letters and digits)")
    .optional(),
  KITE_API_SECRET: z
    .string()
    .regex(/^\S{6,128}$/, "must be the Kite app's API secret (no spaces)")
    .optional(),
  KITE_ACCESS_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9_-]{6,256}$/, 'must be an access token (letters and digits)')
    .optional(),
});

/** Validated at start; every bad variable is named (its value never is). */
export function traderKiteEnv(env: NodeJS.ProcessEnv = process.env): TraderKiteEnv {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return {
    apiKey: parsed.data.KITE_API_KEY,
    apiSecret: parsed.data.KITE_API_SECRET,
    accessToken: parsed.data.KITE_ACCESS_TOKEN,
  };
}
