import { killNineLiveDrill, killNinePaperDrill } from './drills/kill-nine';
import { redisOutageDrill } from './drills/redis-outage';
import { rejectionStormDrill } from './drills/rejection-storm';
import { tickerDropDrill } from './drills/ticker-drop';
import { tokenExpiryDrill } from './drills/token-expiry';
import { twoInstancesDrill } from './drills/two-instances';
import { wideSpreadDrill } from './drills/wide-spread';
import type { LiveDrill } from './live-drill';

/** Every drill of `npm run drill:live`, in the order they run (the longest first). */
export const LIVE_DRILLS: readonly LiveDrill[] = [
  killNinePaperDrill,
  killNineLiveDrill,
  tickerDropDrill,
  redisOutageDrill,
  rejectionStormDrill,
  wideSpreadDrill,
  twoInstancesDrill,
  tokenExpiryDrill,
];
