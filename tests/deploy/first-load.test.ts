import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dayjs from 'dayjs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, demoPassword } from '../../server/db/seed-demo';
import { launchChromium, newPortalContext, signIn, watchPolicyViolations } from '../portal/browser';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { getRaw } from '../support/raw-http';
import { demoSignIn, persistedQuery, startTestServer, type TestServer } from '../support/test-server';

const portalBuild = new URL('../../web/dist/index.html', import.meta.url).pathname;

/** Budgets from the issue, in bytes (1 KB = 1,000 bytes, as Vite prints sizes). */
const portalBudget = 450_000;
const graphiqlBudget = 1_500_000;

/** Requests that load a page itself; urql's queries are GETs too, but `fetch`. */
const pageResourceTypes = new Set(['document', 'script', 'stylesheet', 'image', 'font', 'manifest', 'other']);

interface PageLoads {
  /** Same-origin page resources, by URL, with the Accept header the browser sent. */
  loaded: Map<string, string>;
  /** Requests for anything not on this server (aborted). */
  elsewhere: string[];
}

/** Records what a browser context loads from `origin`, and aborts (and records) anything it asks of another host. */
async function watchPageLoads(context: BrowserContext, origin: string): Promise<PageLoads> {
  const loads: PageLoads = { loaded: new Map(), elsewhere: [] };
  await context.route(
    (url) => url.origin !== origin && /^(https?|wss?):$/.test(url.protocol),
    (route) => {
      loads.elsewhere.push(route.request().url());
      return route.abort();
    },
  );
  context.on('request', (request) => {
    if (new URL(request.url()).origin !== origin || request.method() !== 'GET') return;
    if (pageResourceTypes.has(request.resourceType()) && !loads.loaded.has(request.url())) {
      loads.loaded.set(request.url(), request.headers().accept ?? '*/*');
    }
  });
  return loads;
}

/** Waits until a second has passed with no new resource requested: the first load has fetched what it fetches. */
async function untilNothingNewRequested(loads: PageLoads): Promise<void> {
  let before = -1;
  await expect
    .poll(
      () => {
        const quiet = loads.loaded.size === before;
        before = loads.loaded.size;
        return quiet;
      },
      { timeout: 60_000, interval: 1_000 },
    )
    .toBe(true);
}

/** Replaces what a Monaco editor holds as a user would (select all, type), again until the editor shows it. */
async function replaceEditorText(page: Page, editor: Locator, text: string): Promise<void> {
  await expect
    .poll(
      async () => {
        await editor.click();
        await page.keyboard.press('ControlOrMeta+A');
        await page.keyboard.insertText(text);
        // Monaco renders spaces as no-break spaces.
        return (await editor.locator('.view-lines').textContent())?.replace(/\s/g, ' ');
      },
      { timeout: 10_000 },
    )
    .toBe(text);
}

interface WireRow {
  path: string;
  encoding: string;
  bytes: number;
}

/** Fetches each page resource again as a current browser asks for it (Accept-Encoding: br, gzip) and counts the body bytes sent. */
async function bytesOnTheWire(loads: PageLoads): Promise<{ rows: WireRow[]; total: number }> {
  const rows: WireRow[] = [];
  for (const [url, accept] of loads.loaded) {
    const response = await getRaw(url, { accept, 'accept-encoding': 'br, gzip' });
    expect(response.status, url).toBe(200);
    rows.push({ path: new URL(url).pathname, encoding: String(response.headers['content-encoding'] ?? 'identity'), bytes: response.body.length });
  }
  return { rows, total: rows.reduce((sum, row) => sum + row.bytes, 0) };
}

function printTable(title: string, { rows, total }: { rows: WireRow[]; total: number }): void {
  const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
  console.info([`${title}: ${kb(total)} in ${rows.length} responses`, ...rows.map((row) => `  ${kb(row.bytes).padStart(10)}  ${row.encoding.padEnd(8)}  ${row.path}`)].join('\n'));
}

describe('what a browser downloads on first load', () => {
  let server: TestServer;
  /** The same, running only trusted documents: the portal's, by hash (and the tests' own sign-in). */
  let trustedServer: TestServer;
  let browser: Browser;
  let folder: string;

  beforeAll(async () => {
    if (!existsSync(portalBuild)) throw new Error('The portal is not built: run `npm run build:web` first (npm test does).');
    folder = mkdtempSync(join(tmpdir(), 'staffsync-first-load-'));
    const testDocuments = join(folder, 'test-documents.json');
    writeFileSync(testDocuments, JSON.stringify({ [persistedQuery(demoSignIn.text).persistedQuery.sha256Hash]: demoSignIn.text }));
    [server, trustedServer, browser] = await Promise.all([
      startTestServer(engines[0]!),
      startTestServer(engines[0]!, { env: { DOCUMENTS: 'trusted', TRUSTED_DOCUMENTS: testDocuments } }),
      launchChromium(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([server?.stop(), trustedServer?.stop()]);
    rmSync(folder, { recursive: true, force: true });
  });

  it(`the portal: sign-in page, then the dashboard, in at most ${portalBudget / 1000} KB; every page runs on trusted documents alone, with no policy violation`, async () => {
    const context = await newPortalContext(browser);
    const loads = await watchPageLoads(context, trustedServer.url);
    const violations = await watchPolicyViolations(context);
    const page = await signIn(browser, trustedServer.url, demoAccounts.admin, demoPassword, context);
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    const firstLoad: PageLoads = { loaded: new Map(loads.loaded), elsewhere: loads.elsewhere };

    // Every page and a dialog run under the page's Content-Security-Policy (styles by nonce only).
    for (const name of ['Approvals', 'Employees', 'Mileage', 'Receipts', 'Time', 'On the clock', 'Dashboard']) {
      await page.getByRole('link', { name }).click();
      await page.getByRole('heading', { name, level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
    }
    await page.getByRole('link', { name: 'Receipts' }).click();
    await page.getByRole('button', { name: /^New receipt/ }).click();
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await context.close();
    expect(violations).toEqual([]);
    // Every operation the tour sent was known by its hash: none came as text or under an unknown hash.
    const documents = await trustedServer.metrics();
    expect(documents).toMatch(/staffsync_documents_total\{source="hash"\} [1-9]/);
    expect(documents).not.toMatch(/staffsync_documents_total\{source="(text|unknown_hash)"\} [1-9]/);

    const wire = await bytesOnTheWire(firstLoad);
    printTable('portal first load', wire);
    expect(loads.elsewhere).toEqual([]);
    expect(wire.total).toBeLessThanOrEqual(portalBudget);
  });

  it(`GraphiQL: loads in at most ${graphiqlBudget / 1000} KB from this server alone, and runs a subscription over graphql-ws under its policy`, async () => {
    const context = await newPortalContext(browser);
    const loads = await watchPageLoads(context, server.url);
    const violations = await watchPolicyViolations(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/graphql`);
    const queryEditor = page.locator('.graphiql-query-editor .monaco-editor').first();
    await queryEditor.waitFor();
    // Monaco starts its workers a moment after the editor shows; on a loaded machine that moment is long.
    // (Not networkidle: headless Chromium 143 never reports it for this page.)
    await expect.poll(() => [...loads.loaded.keys()].some((url) => url.includes('/editor.worker')), { timeout: 60_000 }).toBe(true);
    await untilNothingNewRequested(loads);
    const firstLoad: PageLoads = { loaded: new Map(loads.loaded), elsewhere: loads.elsewhere };

    // Sign the tab in (the header travels in graphql-ws's connectionParams), then subscribe.
    await page.getByRole('button', { name: 'Headers' }).click();
    const headersEditor = page.locator('.graphiql-editor-tool > .graphiql-editor:not(.hidden) .monaco-editor');
    await replaceEditorText(page, headersEditor, JSON.stringify({ Authorization: `Bearer ${server.tokens.supervisor}` }));
    await replaceEditorText(page, queryEditor, 'subscription { dataChanged(type: RECEIPT) { action node { ... on Receipt { vendor } } } }');
    const execute = page.getByRole('button', { name: /Execute query/ });
    await execute.click();

    const ids = await demoIds(server.app.services.db);
    const vendor = `GraphiQL live ${Math.random().toString(36).slice(2, 8)}`;
    await expect
      .poll(
        async () => {
          // Repeated until the subscription is live: a receipt written before it started is not replayed (no `after`).
          await graphqlData(
            server.url,
            'mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { __typename } }',
            { input: { costCenterId: ids.field, date: dayjs().format('YYYY-MM-DD'), amountCents: 100, vendor, category: 'OTHER' } },
            server.tokens.employee,
          );
          // Monaco renders spaces as no-break spaces.
          const response = (await page.locator('.graphiql-response').textContent())?.replace(/\s/g, ' ');
          // GraphiQL reads the edited document after a short debounce: a click before that runs the
          // default document's operation; a user clicks again.
          if (response?.includes('Cannot infer operation')) await execute.click();
          return response;
        },
        { timeout: 15_000, interval: 500 },
      )
      .toContain(vendor);
    await context.close();
    expect(violations).toEqual([]);

    const wire = await bytesOnTheWire(firstLoad);
    printTable('GraphiQL first load', wire);
    expect(loads.elsewhere).toEqual([]);
    expect(wire.total).toBeLessThanOrEqual(graphiqlBudget);
  }, 120_000);
});
