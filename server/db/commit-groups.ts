import type { Logger as DrizzleLogger } from 'drizzle-orm';
import postgres, { type Sql } from 'postgres';
import type { Database } from './client';

/** A statement's text and its parameters as the driver takes them. */
export interface BoundStatement {
  text: string;
  params: unknown[];
}

/**
 * Most statements in one transaction. A burst (thousands of phones sending their outboxes after an
 * outage) is cut into groups that run side by side on the pool's connections, instead of one long
 * transaction that holds every lock it takes until the last statement has run.
 */
const mostPerGroup = 32;

interface Waiting extends BoundStatement {
  resolve(rows: unknown[][]): void;
  reject(error: unknown): void;
}

/**
 * Group commit on PostgreSQL for statements that each make a whole write and would commit on their own
 * (domain/one-statement-writes.ts). Those that arrive in the same turn of the event loop run as one
 * transaction on one connection, sent together: PostgreSQL then commits, flushes its log, takes the
 * commit-order lock and wakes the listening instances once for the group instead of once per write.
 * Those are most of its CPU per write (perf: the commit alone is two fifths; the statement's own
 * execution a small part), and the change feed reads the group's events in one go. A write that
 * arrives alone runs alone, as before. When the group's transaction fails, nothing of it was written:
 * each statement then runs again on its own, so that one bad write answers for itself and the others
 * go through.
 */
export class CommitGroups {
  private waiting: Waiting[] = [];

  constructor(
    private readonly client: Sql,
    private readonly logger: DrizzleLogger | undefined,
  ) {}

  /** The statement's rows (as arrays of column values), once it has committed. */
  run(statement: BoundStatement): Promise<unknown[][]> {
    return new Promise((resolve, reject) => {
      if (this.waiting.length === 0) setImmediate(() => this.flush());
      this.waiting.push({ text: statement.text, params: statement.params, resolve, reject });
    });
  }

  private flush(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (let start = 0; start < waiting.length; start += mostPerGroup) {
      const group = waiting.slice(start, start + mostPerGroup);
      if (group.length === 1) {
        void this.alone(group[0]!);
        continue;
      }
      this.together(group).catch(() => {
        for (const statement of group) void this.alone(statement);
      });
    }
  }

  /**
   * The group's transaction in one round trip: BEGIN, the statements and COMMIT are sent together on a
   * connection of its own, without waiting in between (postgres.js's `begin` awaits BEGIN before the
   * statements and them before COMMIT: three round trips). If a statement fails, PostgreSQL refuses the
   * rest of the transaction and answers the COMMIT with a rollback, so nothing of the group is written,
   * as before.
   */
  private async together(group: readonly Waiting[]): Promise<void> {
    const connection = await this.client.reserve();
    // Sent in this order: a query of postgres.js goes out when it is executed.
    const begin = connection.unsafe('begin').execute();
    const statements = group.map((statement) => {
      this.logger?.logQuery(statement.text, statement.params);
      return connection.unsafe(statement.text, statement.params as never[]).values().execute();
    });
    const commit = connection.unsafe('commit').execute();
    const outcomes = await Promise.allSettled([begin, ...statements, commit]);
    const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
    // postgres.js takes a lost connection back itself, to connect it again; released as well, it would
    // also sit among the open ones, dead, and the next query given to it would never be answered.
    if (!failures.some(lostTheConnection)) connection.release();
    if (failures.length > 0) throw failures[0];
    if ((await commit).command !== 'COMMIT') throw new Error('the group was rolled back');
    const rows = await Promise.all(statements);
    group.forEach((statement, index) => statement.resolve(rows[index] as unknown[][]));
  }

  private async alone(statement: Waiting): Promise<void> {
    try {
      this.logger?.logQuery(statement.text, statement.params);
      statement.resolve(await this.client.unsafe(statement.text, statement.params as never[]).values());
    } catch (error) {
      statement.reject(error);
    }
  }
}

/**
 * Whether a failure ended the connection: anything but an error PostgreSQL reported for one statement
 * (a dropped socket, a server shutting down, a terminated backend) leaves no session to go on with.
 */
function lostTheConnection(failure: unknown): boolean {
  return !(failure instanceof postgres.PostgresError) || failure.severity !== 'ERROR';
}

const groupsOf = new WeakMap<Database, CommitGroups>();

/** Gives `db`'s one-statement writes group commit (PostgreSQL; the embedded engine has one connection). */
export function enableCommitGroups(db: Database, groups: CommitGroups): void {
  groupsOf.set(db, groups);
}

export function commitGroupsOf(db: Database): CommitGroups | undefined {
  return groupsOf.get(db);
}
