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

/**
 * Keeps the signed-in employee as the server last confirmed them (name and role change), for a start
 * without the network. Nothing is written when another session replaced this one meanwhile.
 */
export function rememberViewer(employee: Session['employee']): void {
  const session = readSession();
  if (!session || session.employee.id !== employee.id) return;
  const { id, name, role } = employee;
  if (session.employee.name === name && session.employee.role === role) return;
  saveSession({ ...session, employee: { id, name, role } });
}

export function clearSession(): void {
  localStorage.removeItem(storageKey);
}
