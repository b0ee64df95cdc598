import { existsSync } from 'node:fs';
import packagedChromium from '@sparticuz/chromium';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';

/** Flags for a test browser that reaches nothing but the server under test. */
const quietFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Chromium from the system's packages, for a machine where the packaged one cannot start. */
const systemChromium = '/usr/bin/chromium';

/**
 * Headless Chromium with nothing that reaches the network: the one that installs with the project's
 * dependencies (@sparticuz/chromium carries a headless Chromium in its package, unpacked into the
 * temporary folder by tests/support/unpack-chromium.ts), so `npm install && npm test` needs no browser
 * from elsewhere; the system's Chromium where the packaged one cannot start (it needs the NSS
 * libraries, which Debian has in its base system).
 */
export async function launchChromium(): Promise<Browser> {
  const packaged = await packagedChromium.executablePath();
  try {
    return await chromium.launch({ executablePath: packaged, args: quietFlags });
  } catch (error) {
    if (!existsSync(systemChromium)) throw new Error(`The packaged Chromium (${packaged}) does not start here, and there is no system Chromium: ${String(error)}`);
    console.warn(`The packaged Chromium does not start here; using ${systemChromium}: ${String(error)}`);
    return chromium.launch({ executablePath: systemChromium, args: quietFlags });
  }
}

/** A fresh browser context (no cache, no storage) with the laptop viewport the portal tests use. */
export function newPortalContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
}

/**
 * Opens the portal in a fresh browser context (or the one given, e.g. to watch its requests) and signs
 * in through the sign-in form; resolves once live.
 */
export async function signIn(browser: Browser, baseUrl: string, email: string, password: string, context?: BrowserContext): Promise<Page> {
  context ??= await newPortalContext(browser);
  const page = await context.newPage();
  await page.goto(baseUrl);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await connectionStatus(page, 'Live');
  return page;
}

/** Waits until the header's connection indicator reads `text` (a string is matched from its start). */
export async function connectionStatus(page: Page, text: string | RegExp, timeout = 10_000): Promise<void> {
  const pattern = typeof text === 'string' ? new RegExp(`^${text}`) : text;
  await page.getByTestId('connection-status').filter({ hasText: pattern }).waitFor({ timeout });
}

/**
 * Collects every Content-Security-Policy violation in a browser context: the pages' own reports
 * (`securitypolicyviolation`) and the console's, which also cover workers. Call before opening a page.
 */
export async function watchPolicyViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding('reportPolicyViolation', (_source, report: string) => {
    violations.push(report);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportPolicyViolation(report: string): void }).reportPolicyViolation;
      report(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  context.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  return violations;
}

/**
 * The accessible names of the controls in `controls` that something else covers at their center (a
 * toast, say): what a click there would not reach. Controls outside the viewport are not checked.
 */
export async function coveredControls(controls: Locator): Promise<string[]> {
  return controls.evaluateAll((elements) =>
    elements.flatMap((element) => {
      const box = element.getBoundingClientRect();
      const x = box.left + box.width / 2;
      const y = box.top + box.height / 2;
      if (y < 0 || y > window.innerHeight || x < 0 || x > window.innerWidth) return [];
      const hit = document.elementFromPoint(x, y);
      return hit && element.contains(hit) ? [] : [element.getAttribute('aria-label') ?? element.textContent ?? ''];
    }),
  );
}

/** A word no seeded entry contains, so a test finds exactly its own row. */
export function unique(prefix: string): string {
  return `${prefix} ${Math.random().toString(36).slice(2, 8)}`;
}

/** Follows a navigation link and waits for its page's heading. */
export async function open(page: Page, link: string): Promise<void> {
  await page.getByRole('link', { name: link }).click();
  await page.getByRole('heading', { name: link, level: 1 }).waitFor();
}
