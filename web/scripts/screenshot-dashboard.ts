/**
 * Regenerates docs/dashboard.png: the demo supervisor's dashboard at 1280×800, served by a fresh
 * in-memory demo server. Needs the built portal and Chromium; `npm run docs:screenshot` does both steps.
 */
import { demoAccounts, demoPassword } from '../../server/db/seed-demo';
import { launchChromium, signIn } from '../../tests/portal/browser';
import { engines } from '../../tests/support/engines';
import { startTestServer } from '../../tests/support/test-server';

const output = new URL('../../docs/dashboard.png', import.meta.url).pathname;
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
} finally {
  await browser.close();
  await server.stop();
}
