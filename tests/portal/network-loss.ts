import type { BrowserContext, Page } from 'playwright-core';
import type { TcpProxy } from '../support/tcp-proxy';

/**
 * The network fails for real: the proxy in front of the server drops every connection (the page's, its
 * socket's and the service worker's, which the browser's offline emulation does not cover), and the
 * browser says it is offline.
 */
export async function goOffline(context: BrowserContext, proxy: TcpProxy): Promise<void> {
  proxy.cut();
  await context.setOffline(true);
}

/**
 * Reloads the page with the network out. The Chromium that installs with npm (143) starts the document
 * the service worker serves with `navigator.onLine` true despite the emulation (the system's 156 does
 * not); setting the emulation again applies it to the new document, as a device that is offline would be.
 */
export async function reloadOffline(page: Page): Promise<void> {
  await page.reload();
  await page.context().setOffline(false);
  await page.context().setOffline(true);
}

export async function goOnline(context: BrowserContext, proxy: TcpProxy): Promise<void> {
  proxy.restore();
  await context.setOffline(false);
}
