/** Roles, from least to most access. */
export type Role = 'EMPLOYEE' | 'SUPERVISOR' | 'ADMIN';

/** Who is making a request: resolved from the bearer token once per request or per socket. */
export interface Viewer {
  employeeId: string;
  name: string;
  role: Role;
  sessionId: string;
  sessionExpiresAt: Date;
}
