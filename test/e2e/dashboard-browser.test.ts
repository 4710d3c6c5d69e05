import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { eventually, gql } from '../support/api-client';
import { type ApiDay, startApiDay } from '../support/api-day';

/**
 * The dashboard in headless Chromium during a replayed day: positions and the heat gauge update
 * live, the kill switch asks for a reason and a confirmation, and the book goes flat. The test
 * installs nothing: without /usr/bin/chromium (.ci/run installs it) it is skipped, visibly.
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

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    day = await startApiDay({ instruments: 3 });
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
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await day?.stop();
  }, 180_000);

  const attr = (selector: string, name: string) => page.getAttribute(selector, name);

  test('shows the book live, and its kill switch asks, confirms and flattens the book', async () => {
    const base = day.url.replace(/\/graphql$/, '');
    await page.goto(`${base}/dashboard#token=${day.admin}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    expect(page.url()).not.toContain(day.admin); // the token leaves the address bar
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
  }, 120_000);

  test('GraphiQL loads from the server itself, with the example operations', async () => {
    const base = day.url.replace(/\/graphql$/, '');
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${base}/graphiql#token=${day.admin}`);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    await page.waitForSelector('text=query State', { timeout: 10_000 });
    await page.click('.graphiql-execute-button');
    await page.waitForSelector(`.graphiql-response :text("${day.handle.runId}")`, { timeout: 10_000 });
    expect(requests.filter((u) => !u.startsWith(base) && !u.startsWith('data:'))).toEqual([]);
    await page.screenshot({ path: join(OUT, 'graphiql.png') });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
