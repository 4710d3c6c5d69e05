import { type KiteInstrumentsCsvResult, parseKiteInstrumentsCsv } from '../../domain/instruments/kite-instruments-csv';
import type { KiteCredentials } from './kite-connect-api';

/**
 * Kite's instruments dump (GET /instruments), read as text and parsed to paise exactly (the
 * official client's getInstruments gives float prices). The access token goes in the header only.
 */
export async function fetchKiteInstruments(
  credentials: KiteCredentials,
  root: string,
  timeoutMs = 60_000,
): Promise<KiteInstrumentsCsvResult> {
  const res = await fetch(new URL('/instruments', root), {
    headers: {
      'X-Kite-Version': '3',
      Authorization: `token ${credentials.apiKey}:${credentials.accessToken}`,
    },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(`instruments dump: HTTP ${res.status}`);
  return parseKiteInstrumentsCsv(await res.text());
}
