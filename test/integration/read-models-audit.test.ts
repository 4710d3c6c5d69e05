import { checkAuditChain } from '../../projections/queries/audit-chain-check';
import { auditChainByOrder, auditChainByPlan, auditChainByTrade } from '../../projections/queries/audit-chain-queries';
import { usePgStore } from '../support/pg-store-fixture';
import { type BookRig, CONFIG_HASH, DAY, makeBookRig, project, type RigOptions } from '../support/read-model-rig';
import { sbinPlan } from '../support/trading-rig';

describe('read models: the audit chain signal -> decision -> orders -> fills -> trade', () => {
  const pg = usePgStore();

  /** A signal, its approved decision and its group, run to the target. */
  async function tradedPlan(rig: BookRig, id: string, options: { signal?: boolean } = {}): Promise<void> {
    if (options.signal !== false) await rig.signal({ signalId: `sig-${id}` });
    await rig.decision({ planId: `plan-${id}`, signalId: `sig-${id}`, approved: true, risk: 5_050 });
    await rig.tick('SBIN', 80_000);
    await rig.openGroup(sbinPlan(id, 10));
    await rig.advance(1_000);
    await rig.tick('SBIN', 81_010);
  }

  async function dayOf(options: RigOptions = {}): Promise<BookRig> {
    return makeBookRig(pg.store, options);
  }

  it('is complete for a traded plan, found by plan, client order, trade or broker trade ID, with the config hash on every link', async () => {
    const rig = await dayOf();
    await tradedPlan(rig, 'c1');
    await rig.signal({ signalId: 'sig-b' });
    await rig.decision({
      planId: 'plan-b',
      signalId: 'sig-b',
      approved: false,
      reasons: [{ code: 'SPREAD_TOO_WIDE', message: 'too wide' }],
    });
    await project(pg.store, pg.db.pool);

    const chain = await auditChainByPlan(pg.db.pool, rig.ns, 'plan-c1');
    expect(chain).not.toBeNull();
    expect(chain?.gaps).toEqual([]);
    expect(chain?.configHashes).toEqual([CONFIG_HASH]);
    expect(chain?.signal?.signalId).toBe('sig-c1');
    expect(chain?.decision).toMatchObject({ approved: true, signalId: 'sig-c1' });
    expect(chain?.group).toMatchObject({ groupId: 'c1', phase: 'CLOSED', closeReason: 'TARGET_HIT' });
    expect(chain?.orders.map((o) => [o.order.legRole, o.order.status, o.fills.map((f) => f.qty)])).toEqual([
      ['ENTRY', 'FILLED', [10]],
      ['STOP', 'CANCELLED', []],
      ['TARGET1', 'FILLED', [10]],
    ]);
    expect(chain?.trade).toMatchObject({ tradeId: 'c1', realised: 9_950, configHash: CONFIG_HASH });

    const entry = chain!.orders[0]!;
    expect(await auditChainByOrder(pg.db.pool, rig.ns, entry.order.clientOrderId)).toEqual(chain);
    expect(await auditChainByTrade(pg.db.pool, rig.ns, 'c1')).toEqual(chain);
    expect(await auditChainByTrade(pg.db.pool, rig.ns, entry.fills[0]!.tradeId)).toEqual(chain);
    expect(await auditChainByPlan(pg.db.pool, rig.ns, 'plan-none')).toBeNull();
    expect(await auditChainByOrder(pg.db.pool, rig.ns, 'no-such-order')).toBeNull();

    const blocked = await auditChainByPlan(pg.db.pool, rig.ns, 'plan-b');
    expect(blocked).toMatchObject({ group: null, orders: [], trade: null, gaps: [] });
    expect(blocked?.decision?.reasons.map((r) => r.code)).toEqual(['SPREAD_TOO_WIDE']);

    expect(await checkAuditChain(pg.db.pool, { namespace: rig.ns, tradingDay: DAY })).toEqual({
      complete: true,
      problems: [],
    });
  });

  it('is incomplete when a decision has no signal, an approved plan no group, or a group no decision', async () => {
    const rig = await dayOf();
    await tradedPlan(rig, 'nosig', { signal: false });
    await rig.signal({ signalId: 'sig-lost' });
    await rig.decision({ planId: 'plan-lost', signalId: 'sig-lost', approved: true });
    await rig.tick('SBIN', 80_000);
    await rig.openGroup(sbinPlan('orphan', 10)); // no decision for plan-orphan
    await project(pg.store, pg.db.pool);

    const check = await checkAuditChain(pg.db.pool, { namespace: rig.ns });
    expect(check.complete).toBe(false);
    expect(check.problems.map((p) => [p.kind, p.planId, p.ref])).toEqual([
      ['DECISION_WITHOUT_GROUP', 'plan-lost', null],
      ['DECISION_WITHOUT_SIGNAL', 'plan-nosig', 'sig-nosig'],
      ['GROUP_WITHOUT_DECISION', 'plan-orphan', 'orphan'],
    ]);
    expect((await auditChainByPlan(pg.db.pool, rig.ns, 'plan-nosig'))?.gaps).toEqual([
      'signal sig-nosig of the decision is missing',
    ]);
    expect((await auditChainByPlan(pg.db.pool, rig.ns, 'plan-lost'))?.gaps).toEqual([
      'no OCO group for the approved plan',
    ]);
    expect((await auditChainByPlan(pg.db.pool, rig.ns, 'plan-orphan'))?.gaps).toEqual(['no decision for the plan']);
  });

  it('is incomplete when the engine ran without a config hash', async () => {
    const rig = await dayOf({ configHash: null });
    await tradedPlan(rig, 'nohash');
    await project(pg.store, pg.db.pool);
    const check = await checkAuditChain(pg.db.pool, { namespace: rig.ns, tradingDay: DAY });
    expect(check.complete).toBe(false);
    expect(new Set(check.problems.map((p) => p.kind))).toEqual(new Set(['MISSING_CONFIG_HASH']));
    expect(check.problems.map((p) => p.detail).sort()).toEqual([
      'OCO group without a config hash',
      'decision without a config hash',
      'fill without a config hash',
      'fill without a config hash',
      'order without a config hash',
      'order without a config hash',
      'order without a config hash',
      'signal without a config hash',
      'trade without a config hash',
    ]);
    const chain = await auditChainByPlan(pg.db.pool, rig.ns, 'plan-nohash');
    expect(chain?.configHashes).toEqual([]);
    expect(chain?.gaps).toContain('trade nohash has no config hash');
  });

  it('is incomplete when a read-model link is missing: an order of a fill, a fill of an order, a trade of a closed group', async () => {
    const rig = await dayOf();
    await tradedPlan(rig, 'm1');
    await tradedPlan(rig, 'm2');
    await tradedPlan(rig, 'm3');
    await project(pg.store, pg.db.pool);
    expect((await checkAuditChain(pg.db.pool, { namespace: rig.ns })).complete).toBe(true);

    await pg.db.pool.query(`DELETE FROM rm_orders WHERE namespace = $1 AND group_id = 'm1' AND leg_role = 'ENTRY'`, [
      rig.ns,
    ]);
    await pg.db.pool.query(`DELETE FROM rm_fills WHERE namespace = $1 AND group_id = 'm2' AND leg_role = 'TARGET1'`, [
      rig.ns,
    ]);
    await pg.db.pool.query(`DELETE FROM rm_trades WHERE namespace = $1 AND trade_id = 'm3'`, [rig.ns]);
    const check = await checkAuditChain(pg.db.pool, { namespace: rig.ns });
    expect(check.problems.map((p) => [p.kind, p.planId ?? p.ref?.split('/')[0]?.slice(0, 6)])).toEqual([
      ['CLOSED_GROUP_WITHOUT_TRADE', 'plan-m3'],
      ['FILL_WITHOUT_ORDER', expect.any(String)],
      ['ORDER_FILLS_MISSING', expect.any(String)],
    ]);
    expect((await auditChainByPlan(pg.db.pool, rig.ns, 'plan-m2'))?.gaps).toEqual([
      expect.stringMatching(/^order \S+ filled 10 but its fills add up to 0$/),
    ]);
    expect((await auditChainByPlan(pg.db.pool, rig.ns, 'plan-m3'))?.gaps).toEqual(['closed group m3 has no trade']);
  });
});
