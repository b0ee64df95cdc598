/**
 * A random 128-bit key in hex, for idempotency keys and local ids. (crypto.randomUUID exists only on
 * secure origins in browsers; a portal opened at a plain-http LAN address is not one.)
 */
export function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
