import type { Projection } from '../engine/projection';
import { controlProjection } from './control/control-projection';
import { riskEventsProjection } from './control/risk-events-projection';
import { ocoHeatProjection } from './oco-heat/oco-heat-projection';
import { ordersBookProjection } from './orders-book/orders-book-projection';
import { decisionsProjection } from './pipeline/decisions-projection';
import { signalsProjection } from './pipeline/signals-projection';
import { streamHeadsProjection } from './stream-heads';

/** Every projection of the application: the runner runs them, the rebuild command finds them by name. */
export const allProjections: readonly Projection[] = [
  streamHeadsProjection,
  ordersBookProjection,
  ocoHeatProjection,
  signalsProjection,
  decisionsProjection,
  riskEventsProjection,
  controlProjection,
];
