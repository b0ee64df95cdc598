/** Who is signed in in this browser, kept across reloads. */
export interface Session {
  token: string;
  employee: { id: string; name: string; role: 'ADMIN' | 'SUPERVISOR' | 'EMPLOYEE' };
}

const storageKey = 'staffsync.session';

export function readSession(): Session | null {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(storageKey) ?? 'null');
    if (typeof value === 'object' && value !== null && 'token' in value && typeof value.token === 'string' && 'employee' in value) {
      return value as Session;
    }
  } catch {
    // A damaged entry is the same as none: sign in again.
  }
  return null;
}

export function saveSession(session: Session): void {
  localStorage.setItem(storageKey, JSON.stringify(session));
}

export function clearSession(): void {
  localStorage.removeItem(storageKey);
}
