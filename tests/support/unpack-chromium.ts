import packagedChromium from '@sparticuz/chromium';

/**
 * Vitest's global setup: unpacks the packaged Chromium once, before any worker starts, so parallel test
 * files never race to unpack it (a worker could otherwise start a half-written binary). Later runs find
 * it unpacked and return at once.
 */
export default async function unpackChromium(): Promise<void> {
  await packagedChromium.executablePath();
}
