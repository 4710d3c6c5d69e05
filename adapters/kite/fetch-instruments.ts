import { BrokerError } from '../../commands/ports/broker';
import { type KiteInstrumentsCsvResult, parseKiteInstrumentsCsv } from '../../domain/instruments/kite-instruments-csv';
import type { KiteCredentials } from './kite-connect-api';

/**
 * Kite's instruments dump (GET /instruments), read as text and parsed to paise exactly (the
 * official client's getInstruments gives float prices). The access token goes in the header only;
 * a refused token (HTTP 403) is a BrokerError with code TokenException.
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
  // 403: Kite's TokenException (the token expired or was revoked): FATAL, as the client's calls classify it.
  if (res.status === 403)
    throw new BrokerError('FATAL', 'TokenException', 'instruments dump: HTTP 403 (the access token was refused)');
  if (!res.ok) throw new Error(`instruments dump: HTTP ${res.status}`);
  return parseKiteInstrumentsCsv(await res.text());
}
