/**
 * Where an OCO group is.
 * NEW       nothing recorded
 * ENTERING  entries placed, nothing filled yet
 * ACTIVE    a position is open (an entry filled, partly or fully) and protected: by resting stop and
 *           target orders (single instrument) or by the net-premium check (basket)
 * EXITING   a stop or target was hit, or flatten / EOD / a failed entry or protection: every
 *           working leg is being cancelled and what is open exited at market
 * CLOSED    nothing working, every leg flat
 */
export type GroupPhase = 'NEW' | 'ENTERING' | 'ACTIVE' | 'EXITING' | 'CLOSED';

export const GROUP_PHASES: readonly GroupPhase[] = ['NEW', 'ENTERING', 'ACTIVE', 'EXITING', 'CLOSED'];
