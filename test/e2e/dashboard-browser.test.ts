import { existsSync, mkdirSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { eventually, gql } from '../support/api-client';
import { type ApiDay, startApiDay } from '../support/api-day';

/**
 * The dashboard in headless Chromium during a replayed day: the P&L and heat charts with labelled
 * time and value axes, the latest ranking, positions and the heat gauge updating live, a dropped
 * WebSocket shown and reconnected, and the kill switch that asks for a reason and a confirmation
 * and flattens the book. The test installs nothing: without /usr/bin/chromium (.ci/run installs
 * it) it is skipped, visibly.
 */
const CHROMIUM = '/usr/bin/chromium';
const OUT = join(__dirname, '..', '..', 'test-output');
const maybe = existsSync(CHROMIUM) ? describe : describe.skip;
if (!existsSync(CHROMIUM))
  console.warn(`[dashboard-browser] skipped: ${CHROMIUM} is not installed (apt-get install -y chromium)`);

maybe('dashboard in headless Chromium', () => {
  let day: ApiDay;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  /** The server's side of every WebSocket (a test's way to drop them as a network would). */
  const sockets: Socket[] = [];
  /** Every URL the pages asked for: all of them the server's own (no CDN: the pages work offline). */
  const requests: string[] = [];
  const foreign = () => {
    const base = day.url.replace(/\/graphql$/, '');
    return requests.filter(
      (u) => !u.startsWith(base) && !u.startsWith(base.replace('http', 'ws')) && !u.startsWith('data:'),
    );
  };

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    day = await startApiDay({ instruments: 3 });
    day.api.server.httpServer.on('upgrade', (_req, socket: Socket) => sockets.push(socket));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('request', (r) => requests.push(r.url()));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await day?.stop();
  }, 180_000);

  const attr = (selector: string, name: string) => page.getAttribute(selector, name);

  const svgTexts = (chart: string, label: string) =>
    page.locator(`${chart} svg [aria-label="${label}"] text`).allTextContents();

  test('charts the P&L and the heat over the session with labelled axes, and shows the latest ranking', async () => {
    const base = day.url.replace(/\/graphql$/, '');
    await page.goto(`${base}/dashboard#token=${day.admin}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    expect(page.url()).not.toContain(day.admin); // the token leaves the address bar
    // the day trades: both series grow, then the tape is held for a steady picture
    await eventually(
      async () =>
        Number(await attr('#pnl-chart', 'data-points')) >= 3 &&
        Number(await attr('#heat-chart', 'data-points')) >= 3 &&
        Number(await attr('#ranks', 'data-count')) > 0,
      'points on both charts and a ranking',
      60_000,
    );
    await day.handle.replay.hold();
    try {
      // once the charts have caught up with the held tape
      const series = await eventually(
        async () => {
          const p = await gql<{ pnlCurve: { items: unknown[] }; heatTimeline: { items: { heat: string }[] } }>(
            day.url,
            '{ pnlCurve(first: 500) { items { seq } } heatTimeline(first: 500) { items { heat } } }',
            { token: day.admin },
          );
          const caughtUp =
            Number(await attr('#pnl-chart', 'data-points')) === p.data?.pnlCurve.items.length &&
            Number(await attr('#heat-chart', 'data-points')) === p.data?.heatTimeline.items.length;
          return caughtUp ? p.data : undefined;
        },
        'the charts to show every point',
        20_000,
      );
      // the clock the held tape stands at (an update pushed just before the hold may still be on its way)
      const when = await eventually(
        async () => {
          const first = await page.textContent('#clock');
          await new Promise((r) => setTimeout(r, 500));
          return first !== null && first === (await page.textContent('#clock')) ? first : undefined;
        },
        'the clock to stand still',
        10_000,
      );
      for (const chart of ['#pnl-chart', '#heat-chart']) {
        expect((await svgTexts(chart, 'x-axis label')).join(' ')).toMatch(/Time \(IST\)/);
        expect((await svgTexts(chart, 'y-axis label')).join(' ')).toMatch(/\(₹\)/);
        const xTicks = await svgTexts(chart, 'x-axis tick label');
        expect(xTicks.length).toBeGreaterThanOrEqual(4);
        for (const t of xTicks) expect(t).toMatch(/^(09|1[0-5]):[0-5]\d$/); // the NSE session, in IST
        const yTicks = await svgTexts(chart, 'y-axis tick label');
        expect(yTicks.length).toBeGreaterThanOrEqual(3);
        for (const t of yTicks) expect(t).toMatch(/^[−-]?₹[\d,]+$/);
      }
      // each curve is a drawn path through its points; the cap is a line across the session, labelled
      const pathPoints = async (selector: string) =>
        (await page.locator(selector).first().getAttribute('d'))?.split(/[LHV]/).length ?? 0;
      expect(await pathPoints('#pnl-chart .pnl-line path')).toBeGreaterThanOrEqual(3);
      expect(await pathPoints('#heat-chart .heat-line path')).toBeGreaterThanOrEqual(3);
      expect(await page.locator('#heat-chart .heat-cap path').count()).toBe(1);
      const cap = Number(await attr('#heat-gauge', 'data-cap'));
      expect(await page.textContent('#heat-chart .heat-cap-label')).toBe(`cap ₹${cap.toLocaleString('en-IN')}`);
      const capBox = await page.locator('#heat-chart .heat-cap path').boundingBox();
      const plotBox = await page.locator('#heat-chart svg [aria-label="x-axis tick"]').boundingBox();
      expect(capBox!.width).toBeGreaterThan(plotBox!.width * 0.8); // across the session, not a dot
      // the value axis fits the heat and the cap (points at one instant are not stacked)
      const highest = Math.max(cap, ...series.heatTimeline.items.map((p) => Number(p.heat)));
      const yTop = Math.max(
        ...(await svgTexts('#heat-chart', 'y-axis tick label')).map((t) => Number(t.replace(/[₹,]/g, ''))),
      );
      expect(yTop).toBeGreaterThanOrEqual(highest * 0.8);
      expect(yTop).toBeLessThan(highest * 1.5);
      // the ranking is the latest one: the API's, best first, with the five parts of each score
      const ranked = await gql<{ topRanked: { rank: number; rankedAt: string; instrumentKey: string }[] }>(
        day.url,
        '{ topRanked { rank rankedAt instrumentKey } }',
        { token: day.admin },
      );
      const top = ranked.data!.topRanked.slice(0, 10);
      await page.waitForSelector(`#ranks-when:text("ranked ${top[0]!.rankedAt.slice(11, 19)} IST")`, {
        timeout: 5_000,
      });
      expect(await page.locator('#ranks tbody tr').count()).toBe(top.length);
      expect(await page.locator('#ranks tbody tr').first().locator('td.attribution').allTextContents()).toEqual(
        expect.arrayContaining([expect.stringMatching(/^[01]\.\d\d$/)]),
      );
      expect(await page.locator('#ranks tbody tr td.attribution').count()).toBe(5 * top.length);
      expect(await page.textContent('#clock')).toBe(when);
      await page.screenshot({ path: join(OUT, 'dashboard-charts.png'), fullPage: true });
      expect(requests.some((u) => u.endsWith('/vendor/plot.js'))).toBe(true);
      // a narrower window: the charts are drawn again to fit it
      const width = async () => Number(await page.locator('#pnl-chart svg[viewBox]').getAttribute('width'));
      const wide = await width();
      await page.setViewportSize({ width: 1000, height: 1000 });
      await eventually(async () => (await width()) < wide, 'the charts drawn again at the new width', 5_000);
      await page.setViewportSize({ width: 1400, height: 1000 });
      expect(foreign()).toEqual([]);
    } finally {
      day.handle.replay.release();
    }
    expect(pageErrors).toEqual([]);
  }, 120_000);

  test('a dropped WebSocket shows itself, reconnects, and the live feed goes on', async () => {
    await page.waitForSelector('#live[data-status="live"]', { timeout: 10_000 });
    const connects = Number(await attr('#live', 'data-connects'));
    expect(sockets.length).toBeGreaterThan(0);
    for (const s of sockets.splice(0)) s.destroy(); // as a network drop: no close frame
    await page.waitForSelector('#live[data-status="offline"]', { timeout: 10_000 });
    expect(await page.textContent('#live')).toMatch(/disconnected/);
    await page.waitForSelector(`#live[data-status="live"][data-connects="${connects + 1}"]`, { timeout: 20_000 });
    const received = Number((await page.textContent('#events-count'))?.split(' ')[0]);
    await eventually(
      async () => Number((await page.textContent('#events-count'))?.split(' ')[0]) > received,
      'events after the reconnection',
      30_000,
    );
    expect(pageErrors).toEqual([]);
  }, 60_000);

  test('shows the book live, and its kill switch asks, confirms and flattens the book', async () => {
    // the dashboard opened by the first test, reconnected by the second
    await page.waitForSelector('#live.good', { timeout: 10_000 });
    // positions and the heat gauge follow the day as it trades
    const heats = new Set<string>();
    await eventually(
      async () => {
        heats.add((await attr('#heat-gauge', 'data-heat')) ?? '');
        const open = Number((await attr('#positions', 'data-open')) ?? 0);
        return open > 0 && [...heats].filter((h) => h !== '' && h !== '0').length >= 1 && heats.size >= 2;
      },
      'open positions and a moving heat gauge',
      60_000,
    );
    expect(await page.locator('#positions tbody tr').count()).toBeGreaterThan(0);
    expect(Number(await attr('#heat-gauge', 'data-cap'))).toBeGreaterThan(0);
    await page.screenshot({ path: join(OUT, 'dashboard-trading.png'), fullPage: true });
    // the kill switch: a reason, then a confirmation
    await page.click('#kill-button');
    await page.waitForSelector('#kill-dialog[open]');
    await page.click('#kill-next'); // no reason yet: the form refuses
    expect(await page.isVisible('#kill-confirm')).toBe(false);
    await page.fill('#kill-reason', 'browser test: flatten everything');
    await page.click('#kill-next');
    await page.waitForSelector('#kill-confirm-text:not([hidden])');
    // the day trades on at full speed: hold the tape while groups are open, confirm, let it run on
    const open = await day.holdWithOpenGroups({ filled: true });
    await page.click('#kill-confirm');
    await page.waitForSelector('#action-result:text("kill switch engaged in")', { timeout: 10_000 });
    day.handle.replay.release();
    await page.waitForSelector('#trading-state:text("HALTED")', { timeout: 10_000 });
    await page.waitForSelector('#kill-state:text("ENGAGED")');
    await page.waitForSelector('#positions[data-open="0"]', { timeout: 30_000 });
    expect(await page.textContent('#action-result')).toMatch(/kill switch engaged in/);
    // the groups' read model may trail the positions' by a moment
    const reasons = await eventually(async () => {
      const closed = await gql<{ ocoGroups: { items: { groupId: string; closeReason: string | null }[] } }>(
        day.url,
        '{ ocoGroups(phases: [CLOSED], first: 200) { items { groupId closeReason } } }',
        { token: day.admin },
      );
      const m = new Map(closed.data?.ocoGroups.items.map((g) => [g.groupId, g.closeReason]));
      return open.every((g) => m.has(g)) ? m : undefined;
    }, 'the flattened groups closed in the read model');
    for (const g of open) expect([g, reasons.get(g)]).toEqual([g, 'FLATTENED']);
    await page.screenshot({ path: join(OUT, 'dashboard-flat.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 240_000);

  test('GraphiQL: docs and completion from the schema with the #token, and examples that run as they are', async () => {
    const base = day.url.replace(/\/graphql$/, '');
    const answers = new Map<string, { data?: unknown; errors?: unknown[] }>();
    page.on('response', async (r) => {
      const op =
        r.request().postDataJSON()?.operationName ?? (r.request().postDataJSON()?.query ? '(anonymous)' : null);
      if (r.url() !== `${base}/graphql` || !op) return;
      const body = await r.json().catch(() => ({ errors: ['not JSON'] }));
      // An example asked twice (a run GraphiQL ignored, asked again) keeps its first real answer.
      if (!answers.get(op)?.data) answers.set(op, body);
    });
    await page.goto(`${base}/graphiql#token=${day.admin}`);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    await page.waitForSelector('text=query State', { timeout: 10_000 });
    expect(page.url()).not.toContain(day.admin);
    // the schema loaded (introspection with the token): the documentation explorer lists Query and its fields
    await page.click('button[aria-label="Show Documentation Explorer"]');
    await page.click('.graphiql-doc-explorer a.graphiql-doc-explorer-type-name:text-is("Query")');
    await page.waitForSelector('.graphiql-doc-explorer-title:text-is("Query")', { timeout: 10_000 });
    const fields = await page.locator('.graphiql-doc-explorer-field-name').allTextContents();
    expect(fields).toEqual(
      expect.arrayContaining(['state', 'positions', 'pnlCurve', 'heatTimeline', 'topRanked', 'replay', 'health']),
    );
    expect(answers.get('IntrospectionQuery')?.errors).toBeUndefined();
    await page.screenshot({ path: join(OUT, 'graphiql-docs.png') });
    // completion: a new tab, a few letters, and the schema's fields are offered
    await page.click('.graphiql-tab-add');
    await page.click('.graphiql-query-editor .CodeMirror');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('{ heat');
    await page.waitForSelector('.CodeMirror-hint:has-text("heatTimeline")', { timeout: 10_000 });
    await page.keyboard.press('Escape');
    await page.screenshot({ path: join(OUT, 'graphiql-completion.png') });
    // every example runs as it is: the queries and the mutation answer without errors, the subscription streams
    for (const op of ['State', 'Pipeline', 'Book', 'HealthAndReplay', 'Flatten']) {
      await page.click(`.graphiql-tab:has-text("${op}")`);
      await page.waitForSelector(`.graphiql-query-editor .CodeMirror-line:has-text("${op}")`);
      // GraphiQL ignores a run asked while it is still busy with the tab it just switched to: ask
      // again (as a person would) until the answer comes.
      let asked = 0;
      const answer = await eventually(
        async () => {
          const got = answers.get(op);
          if (got) return got;
          if (asked++ % 50 === 0) await page.click('.graphiql-execute-button');
          return undefined;
        },
        `the answer to ${op}`,
        30_000,
      );
      expect([op, answer.errors]).toEqual([op, undefined]);
      expect(answer.data).toBeTruthy();
    }
    expect((answers.get('State')!.data as { state: { namespace: string } }).state.namespace).toBe(day.handle.runId);
    await page.click('.graphiql-tab:has-text("Events")');
    await page.waitForSelector('.graphiql-query-editor .CodeMirror-line:has-text("subscription Events")');
    await page.click('.graphiql-execute-button');
    // The day may be over by now: pause and resume, in turn, make the events to see (each records
    // one; a second flatten of a flat book may record nothing). A run GraphiQL ignored while it was
    // switching tabs shows as its button still offering to execute: asked again then.
    let turn = 0;
    await eventually(
      async () => {
        const button = await page.getAttribute('.graphiql-execute-button', 'aria-label');
        if (button?.startsWith('Execute')) await page.click('.graphiql-execute-button');
        const mutation = turn++ % 2 === 0 ? 'pause' : 'resume';
        await gql(day.url, `mutation { ${mutation}(reason: "an event for GraphiQL") { action } }`, {
          token: day.admin,
        });
        return page.locator('.graphiql-response :text("streamId")').isVisible();
      },
      'an event in the subscription',
      30_000,
    );
    await page.click('.graphiql-execute-button'); // stop it
    expect(foreign()).toEqual([]);
    await page.screenshot({ path: join(OUT, 'graphiql.png') });
    expect(pageErrors).toEqual([]);
  }, 150_000);
});
