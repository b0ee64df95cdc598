import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, demoPassword } from '../../server/db/seed-demo';
import { engines } from '../support/engines';
import { startTestServer, type TestServer } from '../support/test-server';
import { demoIds } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { coveredControls, launchChromium, signIn } from './browser';

const phone = { width: 390, height: 844 };

/** Where a control is and how big: on screen, and at least 44 by 44 px to be tapped. */
async function tappable(locator: Locator): Promise<{ onScreen: boolean; big: boolean }> {
  const box = await locator.boundingBox();
  if (!box) return { onScreen: false, big: false };
  return { onScreen: box.x >= 0 && box.x + box.width <= phone.width, big: box.width >= 44 && box.height >= 44 };
}

/** The portal on a 390 x 844 phone: nothing off-screen, every control big enough to tap. */
describe('the portal on a phone, in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(engines[0]!), launchChromium()]);
    const context = await browser.newContext({ viewport: phone, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    page = await signIn(browser, server.url, demoAccounts.admin, demoPassword, context);
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function open(name: string): Promise<void> {
    const menu = page.getByRole('button', { name: 'Toggle navigation' });
    expect(await tappable(menu)).toEqual({ onScreen: true, big: true });
    await menu.tap();
    const link = page.getByRole('link', { name });
    expect(await tappable(link)).toMatchObject({ big: true });
    await link.tap();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
  }

  const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);

  it('shows each receipt as a card with its amount, Edit and Delete on screen and big enough to tap', async () => {
    await open('Receipts');
    const card = page.locator('tr[data-row-id]').first();
    await card.waitFor();
    const amount = card.locator('td[data-label="Amount"]');
    expect((await tappable(amount)).onScreen).toBe(true);
    expect(await amount.innerText()).toMatch(/^\$[\d,]+\.\d\d$/);
    for (const action of ['Edit', 'Delete']) {
      expect(await tappable(card.getByRole('button', { name: new RegExp(`^${action} receipt`) })), action).toEqual({ onScreen: true, big: true });
    }
    expect(await tappable(page.getByRole('button', { name: 'New receipt' }))).toEqual({ onScreen: true, big: true });
    expect(await pageWidth()).toBeLessThanOrEqual(phone.width);
  });

  it('keeps every list and the dashboard within the screen', async () => {
    for (const name of ['Employees', 'Mileage', 'Time', 'Approvals', 'Dashboard']) {
      await open(name);
      await page.waitForLoadState('networkidle');
      // The weeks waiting load on their own; measure once they are on screen.
      if (name === 'Approvals') await page.getByRole('table', { name: 'Weeks waiting' }).or(page.getByText('No weeks waiting.')).waitFor();
      expect(await pageWidth(), name).toBeLessThanOrEqual(phone.width);
    }
    // The last page opened was the dashboard: each cost center is a card with every sum on screen.
    const costCenter = page.getByTestId('cost-center-totals').getByRole('row').filter({ hasText: 'Sales (SALES)' });
    for (const label of ['Trips', 'Miles', 'Amount', 'Hours']) {
      expect(await tappable(costCenter.locator(`td[data-label="${label}"]`)), label).toMatchObject({ onScreen: true });
    }
    await open('Employees');
    const card = page.locator('tr[data-row-id]').first();
    expect(await tappable(card.getByRole('button', { name: /^Edit employee/ }))).toEqual({ onScreen: true, big: true });
  });

  it('shows a live toast at the top, clear of every card\'s buttons', async () => {
    await open('Receipts');
    await page.locator('tr[data-row-id]').first().waitFor();
    const ids = await demoIds(server.app.services.db);
    const vendor = `Toast ${Math.random().toString(36).slice(2, 8)}`;
    await graphqlData(server.url, 'mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { __typename } }', {
      input: { costCenterId: ids.field, date: new Date().toISOString().slice(0, 10), amountCents: 250, vendor, category: 'OTHER' },
    }, server.tokens.employee);
    const toast = page.locator('.mantine-Notification-root').filter({ hasText: `Jordan Lee added a receipt: $2.50 at ${vendor}` });
    await toast.waitFor();
    await expect.poll(() => toast.evaluate((element) => element.getBoundingClientRect().top)).toBeLessThan(120);
    expect(await coveredControls(page.locator('tr[data-row-id] button'))).toEqual([]);
  });

  it('sorts the cards with a picker, since cards have no header row', async () => {
    await open('Receipts');
    await page.locator('tr[data-row-id]').first().waitFor();
    await page.getByRole('combobox', { name: 'Sort by' }).tap();
    await page.getByRole('option', { name: 'Amount, descending' }).tap();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'AMOUNT' && url.searchParams.get('order') === 'desc');
    const amounts = async () => (await page.locator('tr[data-row-id] td[data-label="Amount"]').allInnerTexts()).map((text) => Number(text.replace(/[^\d.]/g, '')));
    await expect.poll(async () => {
      const shown = await amounts();
      return shown.length > 1 && shown.every((amount, index) => index === 0 || amount <= shown[index - 1]!);
    }).toBe(true);
    expect(await pageWidth()).toBeLessThanOrEqual(phone.width);
  });
});
