/**
 * Regenerates docs/dashboard.png (the demo supervisor's dashboard at 1280×800) and docs/phone.png
 * (their Receipts on a 390×844 phone), served by a fresh in-memory demo server. Needs the built portal and Chromium; `npm run docs:screenshot` does both steps.
 */
import { demoAccounts, demoPassword } from '../../server/db/seed-demo';
import { launchChromium, signIn } from '../../tests/portal/browser';
import { engines } from '../../tests/support/engines';
import { startTestServer } from '../../tests/support/test-server';

const output = new URL('../../docs/dashboard.png', import.meta.url).pathname;
const phoneOutput = new URL('../../docs/phone.png', import.meta.url).pathname;
/** Recharts grows its bars in over about a second and a half. */
const chartAnimationMs = 2_000;

const [server, browser] = await Promise.all([startTestServer(engines[0]!), launchChromium()]);
try {
  const page = await signIn(browser, server.url, demoAccounts.supervisor, demoPassword);
  await page.getByRole('heading', { name: 'By cost center' }).waitFor();
  // Keep the pointer off the charts, or a tooltip ends up in the picture.
  await page.mouse.move(0, 799);
  await page.waitForTimeout(chartAnimationMs);
  await page.screenshot({ path: output });
  console.log(`wrote ${output}`);

  const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const phone = await signIn(browser, server.url, demoAccounts.supervisor, demoPassword, phoneContext);
  await phone.goto(`${server.url}/receipts`);
  await phone.locator('tr[data-row-id]').first().waitFor();
  await phone.screenshot({ path: phoneOutput });
  console.log(`wrote ${phoneOutput}`);
} finally {
  await browser.close();
  await server.stop();
}
