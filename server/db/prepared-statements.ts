import type { Sql } from 'postgres';

/**
 * Most parameters a statement may have and still be prepared. Every query the server writes has a fixed
 * text except `in (...)` lists, whose text grows with the list: capping the parameters caps the number
 * of statement texts a connection can hold, so the prepared statements of a long-lived connection stay
 * a bounded set. Bulk statements (seeding, batched rights reads) run unprepared, as before.
 */
const mostPreparedParameters = 64;

type Callback = (sql: Sql) => unknown;

/**
 * drizzle's postgres.js driver prepares only the queries given a name (`.prepare(name)`). An unprepared
 * query with parameters costs postgres.js a Describe round trip before every run and PostgreSQL a parse
 * and plan each time; a prepared one is parsed once per connection and then runs in one round trip.
 * This hands drizzle a client that asks postgres.js to prepare every statement (inside transactions,
 * savepoints and reserved connections too). `?prepare=false` in DATABASE_URL still turns preparing off for
 * the whole pool, for poolers that cannot keep prepared statements (PgBouncer before 1.21 in transaction
 * mode).
 */
export function preparingStatements(client: Sql): Sql {
  const withTransactionClient = (method: 'begin' | 'savepoint') => (...args: unknown[]) => {
    const callback = args.pop() as Callback;
    const open = Reflect.get(client, method) as (...withCallback: unknown[]) => unknown;
    return open.call(client, ...args, (sql: Sql) => callback(preparingStatements(sql)));
  };
  const begin = withTransactionClient('begin');
  const reserve = async () => preparingStatements(await client.reserve());
  const savepoint = withTransactionClient('savepoint');
  const unsafe: Sql['unsafe'] = (query, parameters, options) =>
    client.unsafe(query, parameters, { ...options, prepare: (parameters?.length ?? 0) <= mostPreparedParameters });
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'unsafe') return unsafe;
      if (property === 'begin') return begin;
      if (property === 'reserve') return reserve;
      if (property === 'savepoint' && 'savepoint' in target) return savepoint;
      return Reflect.get(target, property, receiver);
    },
  });
}
