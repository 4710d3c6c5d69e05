import type { AppConfig } from '../config';

/** What a login needs: the app's key and secret, and the key sealing the token at rest. */
export interface KiteLoginSettings {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly tokenKey: Buffer;
  readonly root: string;
}

export class KiteLoginConfigError extends Error {}

/** The login's settings, or an error naming every missing variable. */
export function kiteLoginSettings(env: AppConfig): KiteLoginSettings {
  const { apiKey, apiSecret, tokenKey } = env.kite;
  const missing = [
    ...(apiKey ? [] : ["KITE_API_KEY: not set (the Kite app's API key)"]),
    ...(apiSecret ? [] : ["KITE_API_SECRET: not set (the Kite app's API secret)"]),
    ...(tokenKey ? [] : ['KITE_TOKEN_KEY: not set (make one with `openssl rand -hex 32`)']),
  ];
  if (!apiKey || !apiSecret || !tokenKey)
    throw new KiteLoginConfigError(`invalid configuration:\n${missing.map((m) => `  ${m}`).join('\n')}`);
  return { apiKey, apiSecret, tokenKey, root: env.kiteRoot };
}
