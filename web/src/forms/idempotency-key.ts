/**
 * A fresh key for one create. Made when the form opens, so pressing Save again after a lost answer
 * cannot create a second entry. (crypto.randomUUID exists only on secure origins; a plain-http LAN
 * address is not one.)
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
