import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** What every response says, whatever it carries. */
const everyResponse = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
} as const;

/** API answers and downloads are data, never documents: nothing in them may load or run. */
export const dataPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function setSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(everyResponse)) res.setHeader(name, value);
}

/** A fresh value for one page's `style-src 'nonce-…'`. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The portal's policy: scripts and styles only from its own files, the style elements its UI library
 * creates allowed by this page's nonce (no 'unsafe-inline', no eval), connections to this origin only
 * (HTTP and its WebSocket), never framed.
 */
export function portalPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * GraphiQL's policy: its scripts from its own files, as the portal's; its editor (Monaco) sets styles on
 * the fly and runs its language services in workers made from blob URLs, so those two are allowed.
 */
export const graphiqlPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
