import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/client';

const sessionChannel = 'staffsync_sessions';

/**
 * Tells every instance that a session ended (logout), so each closes the sockets signed in with it.
 * Deactivations and role changes travel as EMPLOYEE change events instead (see http/websocket.ts).
 */
export class SessionEvents {
  private readonly listeners = new Set<(sessionId: string) => void>();
  private stopListening: (() => Promise<void>) | null = null;

  constructor(private readonly database: DatabaseHandle) {}

  async start(): Promise<void> {
    this.stopListening = await this.database.listen(sessionChannel, (sessionId) => {
      for (const listener of this.listeners) listener(sessionId);
    });
  }

  async stop(): Promise<void> {
    await this.stopListening?.().catch(() => {});
    this.stopListening = null;
  }

  async revoked(sessionId: string): Promise<void> {
    await this.database.db.execute(sql`select pg_notify(${sessionChannel}, ${sessionId})`);
  }

  onRevoked(listener: (sessionId: string) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
