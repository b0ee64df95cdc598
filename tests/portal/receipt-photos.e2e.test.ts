import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, demoPassword } from '../../server/db/seed-demo';
import { engines } from '../support/engines';
import { startTestServer, type TestServer } from '../support/test-server';
import { jpegWithGps } from '../photos/samples';
import { launchChromium, open, signIn, unique } from './browser';

/** Whether the image has loaded with pixels (a refused or expired link leaves it broken). */
const loaded = (image: ReturnType<Page['locator']>) => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth > 0);

describe('receipt photos in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let employee: Page;
  let supervisor: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(engines[0]!), launchChromium()]);
    [employee, supervisor] = await Promise.all([
      signIn(browser, server.url, demoAccounts.employee, demoPassword),
      signIn(browser, server.url, demoAccounts.supervisor, demoPassword),
    ]);
    employee.setDefaultTimeout(10_000);
    supervisor.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a photo chosen in the new-receipt form is sent with it, shows as a thumbnail in another session, live, opens in the viewer, and reads "Photo attached" in the history', async () => {
    await Promise.all([open(employee, 'Receipts'), open(supervisor, 'Receipts')]);
    const vendor = unique('Photo Cafe');
    await employee.getByRole('button', { name: 'New receipt' }).click();
    const form = employee.getByRole('dialog', { name: 'New receipt' });
    await form.getByLabel('Cost center').click();
    await employee.getByRole('option', { name: 'Field service (FIELD)' }).click();
    await form.getByLabel('Category').click();
    await employee.getByRole('option', { name: 'Meals' }).click();
    await form.getByLabel('Vendor').fill(vendor);
    await form.getByLabel('Amount').fill('12.50');
    const photo = form.getByRole('group', { name: 'Receipt photo' });
    // The file input behind "Choose photo", as a phone's camera or a file picker fills it.
    await photo.locator('input[type=file]:not([capture])').setInputFiles({ name: 'IMG_0042.JPG', mimeType: 'image/jpeg', buffer: await jpegWithGps(800, 600) });
    await photo.getByText('IMG_0042.JPG will be saved with the receipt.').waitFor();
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'hidden' });

    const row = supervisor.getByRole('row').filter({ hasText: vendor });
    const thumbnail = row.getByRole('button', { name: /^View photo of receipt/ }).locator('img');
    await thumbnail.waitFor();
    expect(await thumbnail.getAttribute('src')).toMatch(/^\/photos\/pho_[^/]+\/thumbnail\?/);
    await expect.poll(() => loaded(thumbnail)).toBe(true);

    await row.getByRole('button', { name: /^View photo of receipt/ }).click();
    const viewer = supervisor.getByRole('dialog', { name: /^Photo of receipt/ });
    const full = viewer.getByRole('img', { name: /^Photo of receipt/ });
    await expect.poll(() => loaded(full)).toBe(true);
    expect(await full.evaluate((element: HTMLImageElement) => element.naturalWidth)).toBe(800);
    await viewer.getByRole('button', { name: 'Zoom in' }).click();
    await viewer.getByText('150%').waitFor();
    await supervisor.keyboard.press('Escape');
    await viewer.waitFor({ state: 'hidden' });

    // Sent with the create: one history line, which says the photo was attached (not the id of its file).
    await row.getByRole('button', { name: /^History of receipt/ }).click();
    const history = supervisor.getByRole('dialog', { name: /^History of receipt/ });
    await history.getByText('Jordan Lee created it').waitFor();
    await history.getByText('Photo attached').waitFor();
    expect(await history.getByTestId('history-entry').count()).toBe(1);
    expect(await history.textContent()).not.toMatch(/pho_|photoId/);
  });
});
