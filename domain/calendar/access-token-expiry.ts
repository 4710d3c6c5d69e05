import { IST_ZONE, parseInstant, toUtcIso, type UtcInstant } from './ist-time';

/** Kite's access tokens lapse at about 06:00 IST the morning after they are issued. */
export const ACCESS_TOKEN_EXPIRY_IST = { hour: 6, minute: 0 } as const;

/**
 * When an access token issued at `issuedAt` stops working: the first 06:00 IST strictly after it
 * (a token issued at 05:59 lapses a minute later; one issued at 06:00 lasts until the next
 * morning). Kite may end it sooner (a logout, a new login elsewhere): its `TokenException` is
 * the other sign of expiry.
 */
export function accessTokenExpiry(issuedAt: UtcInstant): UtcInstant {
  const ist = parseInstant(issuedAt).setZone(IST_ZONE);
  let expiry = ist.set({ ...ACCESS_TOKEN_EXPIRY_IST, second: 0, millisecond: 0 });
  if (expiry <= ist) expiry = expiry.plus({ days: 1 });
  return toUtcIso(expiry);
}
