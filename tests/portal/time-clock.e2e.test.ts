import { existsSync } from 'node:fs';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, demoPassword } from '../../server/db/seed-demo';
import { engines } from '../support/engines';
import { graphqlData } from '../support/graphql-client';
import { startTestServer, type TestServer } from '../support/test-server';
import { formatElapsed, workedMs } from '../../web/src/clock/worked-time';
import { launchChromium, signIn } from './browser';

dayjs.extend(utc);
dayjs.extend(timezone);

const portalBuild = new URL('../../web/dist/index.html', import.meta.url).pathname;

/** How soon a punch must show on a supervisor's board: the "within a second". */
const liveWithinMs = 1_000;

const hour = 3_600_000;

/** Hours of the span from `start` to `end` (epoch ms) that fall on the local day, in `zone`, that `now` is on. */
function todaysPart(start: number, end: number, zone: string, now: number): number {
  const midnight = dayjs(now).tz(zone).startOf('day').valueOf();
  return Math.max(0, end - Math.max(start, midnight)) / hour;
}

describe('the "On the clock" board in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let supervisor: Page;

  const punch = async (field: string, at = new Date()) => {
    const data = await graphqlData<any>(
      server.url,
      `mutation ($input: PunchInput!) { r: ${field}(input: $input) { __typename ... on Error { message } } }`,
      { input: { at: at.toISOString(), timeZone: 'America/Chicago' } },
      server.tokens.employee,
    );
    expect(data.r.__typename).toBe('Shift');
  };

  beforeAll(async () => {
    if (!existsSync(portalBuild)) throw new Error('The portal is not built: run `npm run build:web` first (npm test does).');
    [server, browser] = await Promise.all([startTestServer(engines[0]!), launchChromium()]);
    supervisor = await signIn(browser, server.url, demoAccounts.supervisor, demoPassword);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows a test client's punches on the supervisor's board within a second, with a running clock, and today's hours on the dashboard", async () => {
    await supervisor.getByRole('link', { name: 'On the clock' }).click();
    await supervisor.getByRole('heading', { name: 'On the clock', level: 1 }).waitFor();
    // The demo starts with Elena on the clock and Liam on a break; Grace works outside Sam's scope.
    await supervisor.locator('tr[data-employee="Elena Rossi"]').getByText('On the clock', { exact: true }).waitFor();
    await supervisor.locator('tr[data-employee="Liam O’Brien"]').getByText('On break', { exact: true }).waitFor();
    expect(await supervisor.locator('tr[data-employee="Grace Kim"]').count()).toBe(0);
    const row = supervisor.locator('tr[data-employee="Jordan Lee"]');
    expect(await row.count()).toBe(0);

    // Clocked in a minute ago on the phone: the row appears, and its clock runs.
    await punch('clockIn', new Date(Date.now() - 60_000));
    await row.getByText('On the clock', { exact: true }).waitFor({ timeout: liveWithinMs });
    const elapsed = row.getByLabel('Time worked by Jordan Lee');
    const first = await elapsed.textContent();
    expect(first).toMatch(/^0:0(0:5\d|1:\d\d)$/);
    await expect.poll(() => elapsed.textContent(), { timeout: 3_000 }).not.toBe(first);

    await punch('startBreak');
    await row.getByText('On break', { exact: true }).waitFor({ timeout: liveWithinMs });
    const onBreak = await elapsed.textContent();
    await punch('endBreak');
    await row.getByText('On the clock', { exact: true }).waitFor({ timeout: liveWithinMs });
    expect(await elapsed.textContent()).toMatch(/^0:0(0:5\d|1:\d\d)$/);
    expect(onBreak).toMatch(/^0:0(0:5\d|1:\d\d)$/);

    await punch('clockOut');
    await row.getByText('Clocked out', { exact: true }).waitFor({ timeout: liveWithinMs });
    // Stopped: it shows the closed shift's time worked, breaks subtracted, and no longer runs.
    const { shifts } = await graphqlData<any>(server.url, '{ shifts(first: 1) { nodes { startedAt endedAt breaks { startedAt endedAt } } } }', {}, server.tokens.employee);
    await expect.poll(() => elapsed.textContent()).toBe(formatElapsed(workedMs(shifts.nodes[0], Date.now())));

    await supervisor.getByRole('link', { name: 'Dashboard' }).click();
    const card = supervisor.getByLabel('Hours today');
    // Elena's 3 hours and Liam's 4.25 so far, plus Jordan's minute: the card counts on while they work.
    // Each shift counts the part worked today in its own zone, so after midnight there only that part.
    const now = Date.now();
    const elena = todaysPart(now - 3 * hour, now, 'America/New_York', now);
    const liam = todaysPart(now - 4.5 * hour, now - 0.25 * hour, 'America/Chicago', now);
    await card.getByText('2 on the clock now').waitFor();
    const hours = Number((await card.getByText(/ h$/).textContent())?.replace(' h', ''));
    expect(hours).toBeGreaterThan(elena + liam - 0.01);
    expect(hours).toBeLessThan(elena + liam + 0.15);
  });

  it('a supervisor closes a shift from the board with a reason; a bad time is refused under its field', async () => {
    await supervisor.getByRole('link', { name: 'On the clock' }).click();
    const row = supervisor.locator('tr[data-employee="Liam O’Brien"]');
    await row.getByText('On break', { exact: true }).waitFor();
    await row.getByRole('button', { name: 'Correct Liam O’Brien\'s shift' }).click();
    const dialog = supervisor.getByRole('dialog', { name: 'Correct Liam O’Brien\'s shift' });
    const local = (minutesAgo: number) => dayjs().subtract(minutesAgo, 'minute').format('YYYY-MM-DDTHH:mm');

    await dialog.getByLabel('Clocked out').fill(local(60 * 24));
    await dialog.getByLabel('Reason').fill('Forgot to clock out');
    await dialog.getByRole('button', { name: 'Save correction' }).click();
    await dialog.getByText('must not be before startedAt').waitFor();

    await dialog.getByLabel('Clocked out').fill(local(5));
    await dialog.getByRole('button', { name: 'Save correction' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByText('Clocked out', { exact: true }).waitFor();
    // No button for one's own shift.
    expect(await supervisor.getByRole('button', { name: "Correct Sam Supervisor's shift" }).count()).toBe(0);
    const { shifts } = await graphqlData<any>(server.url, '{ shifts(filter: { open: false }, first: 5) { nodes { employee { name } history { nodes { reason actor { name } } } } } }', {}, server.tokens.admin);
    const liam = shifts.nodes.find((shift: { employee: { name: string } }) => shift.employee.name === 'Liam O’Brien');
    expect(liam.history.nodes[0]).toEqual({ reason: 'Forgot to clock out', actor: { name: 'Sam Supervisor' } });
  });
});
