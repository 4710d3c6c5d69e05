import { decideOco } from '../../domain/oco/oco-decide';
import { ocoStateFrom } from '../../domain/oco/oco-decider';
import type { OcoEvent } from '../../domain/oco/oco-events';
import { evolveOco } from '../../domain/oco/oco-evolve';
import { initialOcoState } from '../../domain/oco/oco-state';
import { standingIntents } from '../../domain/oco/standing-intents';
import { cancelled, fill, observe, open, singlePlan } from './oco-fixtures';

const plan = singlePlan();
const ENTRY = 'g1-0-ENTRY-1';

/** Decides each command in turn and returns every event recorded: what the stream holds after a crash. */
function recorded(...commands: Parameters<typeof decideOco>[0][]): OcoEvent[] {
  let s = initialOcoState();
  const out: OcoEvent[] = [];
  for (const c of commands) {
    const events = decideOco(c, s);
    s = events.reduce(evolveOco, s);
    out.push(...events);
  }
  return out;
}

describe('OCO recovery: the group rebuilt from its events', () => {
  it('replaying the stream gives the same state as deciding live', () => {
    const commands = [
      open(plan),
      observe(fill(ENTRY, 't1', 40, 80_000, 40, 100)),
      observe(fill(ENTRY, 't2', 60, 80_000, 100, 100)),
    ];
    const live = commands.reduce((s, c) => decideOco(c, s).reduce(evolveOco, s), initialOcoState());
    expect(ocoStateFrom(recorded(...commands))).toEqual(live);
  });

  it('re-issues what the group still wants: working legs placed, resized legs at their size', () => {
    const s = ocoStateFrom(
      recorded(
        open(plan),
        observe(fill(ENTRY, 't1', 40, 80_000, 40, 100)),
        observe(fill(ENTRY, 't2', 30, 80_000, 70, 100)),
      ),
    );
    expect(
      standingIntents(s).map((i) => `${i.type} ${i.clientOrderId}${i.type === 'ModifyOrder' ? ` ${i.qty}` : ''}`),
    ).toEqual([
      `PlaceOrder ${ENTRY}`,
      'PlaceOrder g1-0-STOP-1',
      'ModifyOrder g1-0-STOP-1 70',
      'PlaceOrder g1-0-TARGET1-1',
      'ModifyOrder g1-0-TARGET1-1 70',
    ]);
  });

  it('a cancel recorded before a crash is re-issued; an ended leg is left alone', () => {
    const s = ocoStateFrom(
      recorded(
        open(plan),
        observe(fill(ENTRY, 't1', 100, 80_000, 100, 100)),
        observe(fill('g1-0-TARGET1-1', 'x1', 100, 82_000, 100, 100)),
      ),
    );
    expect(standingIntents(s)).toEqual([
      { type: 'PlaceOrder', legIndex: 0, ...s.legs[1]!.ticket },
      { type: 'CancelOrder', groupId: 'g1', clientOrderId: 'g1-0-STOP-1', attempt: 1, reason: 'recovery' },
    ]);
    const closed = ocoStateFrom(recorded(open(plan), observe(cancelled(ENTRY))));
    expect(closed.phase).toBe('CLOSED');
    expect(standingIntents(closed)).toEqual([]);
  });
});
