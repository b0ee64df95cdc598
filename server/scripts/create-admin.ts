import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { ConfigError, readConfig } from '../config';
import { openDatabase } from '../db/client';
import { employeeKind } from '../domain/employee';
import { createEntity } from '../domain/entity-writer';
import { ValidationError } from '../domain/errors';

/**
 * Creates the first admin of a real database:
 *   npm run create-admin -- --email you@example.com --name "Your Name"
 * The password comes from ADMIN_PASSWORD or is asked for. The admin is written like any other
 * employee (validated, versioned, in the change log), with the new admin as the actor.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
  if (!values.email || !values.name) {
    console.error('usage: npm run create-admin -- --email you@example.com --name "Your Name"');
    return 2;
  }
  const config = readConfig();
  const password = process.env.ADMIN_PASSWORD ?? (await ask('Password (at least 10 characters): '));
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const admin = { employeeId: 'create-admin', name: 'create-admin', role: 'ADMIN' as const, sessionId: '', sessionExpiresAt: new Date() };
    const created = await createEntity(
      { db: database.db, viewer: admin, scope: { kind: 'all' } },
      employeeKind,
      { name: values.name, email: values.email, role: 'ADMIN', password },
      undefined,
    );
    console.log(`Created admin ${created.email} (${created.id}). Sign in with the login mutation.`);
    return 0;
  } catch (error) {
    if (error instanceof ValidationError) {
      for (const problem of error.fields) console.error(`${problem.field}: ${problem.message}`);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

async function ask(question: string): Promise<string> {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await prompt.question(question);
  } finally {
    prompt.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
