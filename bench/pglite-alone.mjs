// The embedded engine on its own, for the start-up part's comparison: PGlite opens a data folder with the
// server's settings, answers one query, and the process reports its RSS. Plain JavaScript so that Node
// runs it with no loader, whose own memory would be counted too.
import { PGlite } from '@electric-sql/pglite';

const [dataDir, settings] = process.argv.slice(2);
const database = await PGlite.create(dataDir, { postgresqlconf: settings });
await database.query('select 1');
process.stdout.write(`${process.memoryUsage().rss}\n`);
await database.close();
