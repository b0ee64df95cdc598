import { setNonce } from 'get-nonce';

/**
 * The nonce the server gave this page for its style elements (its Content-Security-Policy allows no
 * others). Mantine puts it on the style elements it creates (MantineProvider's getStyleNonce); the
 * scroll lock of its dialogs creates one of its own, which takes it from get-nonce.
 */
export function styleNonce(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? '';
}

setNonce(styleNonce());
