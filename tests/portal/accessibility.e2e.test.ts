import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, demoPassword } from '../../server/db/seed-demo';
import { engines } from '../support/engines';
import { startTestServer, type TestServer } from '../support/test-server';
import { seriousViolations } from './accessibility';
import { launchChromium, newPortalContext, signIn } from './browser';

const pages = ['Dashboard', 'Approvals', 'Employees', 'Mileage', 'Receipts', 'Time', 'On the clock'];

/** WCAG 2.2 AA, checked by axe-core on every page and dialog, plus what axe cannot see (focus, headings, current page). */
describe('accessibility in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(engines[0]!), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('has no serious or critical violation on the sign-in page, with the password toggle reachable by Tab', async () => {
    const page = await (await newPortalContext(browser)).newPage();
    await page.goto(server.url);
    await page.getByLabel('Email').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Email').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent)).toMatch(/password/i);
    await page.context().close();
  });

  it('has no serious or critical violation on any page; one h1 per page; the current link says so', async () => {
    admin = await signIn(browser, server.url, demoAccounts.admin, demoPassword);
    admin.setDefaultTimeout(10_000);
    const failures: Record<string, unknown> = {};
    for (const name of pages) {
      await admin.getByRole('link', { name }).click();
      await admin.getByRole('heading', { name, level: 1 }).waitFor();
      await admin.waitForLoadState('networkidle');
      await admin.locator('[aria-label="Loading page"], [aria-busy="true"]').first().waitFor({ state: 'detached' }).catch(() => {});
      const violations = await seriousViolations(admin);
      if (violations.length > 0) failures[name] = violations;
      expect(await admin.getByRole('heading', { level: 1 }).count(), name).toBe(1);
      expect(await admin.getByRole('link', { name }).getAttribute('aria-current'), name).toBe('page');
    }
    expect(failures).toEqual({});
  });

  it('has no serious or critical violation in the dialogs, and returns focus to the button that opened one', async () => {
    const failures: Record<string, unknown> = {};
    await admin.getByRole('link', { name: 'Receipts' }).click();
    await admin.getByRole('heading', { name: 'Receipts', level: 1 }).waitFor();
    const trigger = admin.getByRole('button', { name: 'New receipt' });
    await trigger.click();
    await admin.getByRole('dialog', { name: 'New receipt' }).waitFor();
    const formViolations = await seriousViolations(admin);
    if (formViolations.length > 0) failures['New receipt'] = formViolations;
    await admin.getByRole('dialog', { name: 'New receipt' }).getByRole('button', { name: 'Cancel' }).click();
    await admin.getByRole('dialog', { name: 'New receipt' }).waitFor({ state: 'hidden' });
    expect(await trigger.evaluate((element) => element === document.activeElement)).toBe(true);

    const deleteButton = admin.getByRole('button', { name: /^Delete receipt/ }).first();
    await deleteButton.click();
    await admin.getByRole('dialog', { name: 'Delete receipt' }).waitFor();
    const deleteViolations = await seriousViolations(admin);
    if (deleteViolations.length > 0) failures['Delete receipt'] = deleteViolations;
    await admin.keyboard.press('Escape');
    await admin.getByRole('dialog', { name: 'Delete receipt' }).waitFor({ state: 'hidden' });
    expect(await deleteButton.evaluate((element) => element === document.activeElement)).toBe(true);

    await admin.getByRole('button', { name: 'Dates' }).click();
    await admin.getByRole('button', { name: 'Previous month' }).waitFor();
    // The calendar fades in: judge its colors once it is fully shown.
    await admin.waitForFunction(() => [...document.querySelectorAll('.mantine-Popover-dropdown')].every((element) => getComputedStyle(element).opacity === '1'));
    const calendarViolations = await seriousViolations(admin);
    if (calendarViolations.length > 0) failures['Dates calendar'] = calendarViolations;
    await admin.keyboard.press('Escape');
    expect(failures).toEqual({});
  });
});
