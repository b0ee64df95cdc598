/**
 * Measures a CSV export of many trips: time to stream the whole file and the server's peak memory
 * above its idle level while it does. `npm run bench:export` (EXPORT_ROWS, default 100,000;
 * BENCH_DATABASE_URL for PostgreSQL).
 */
import { startApp } from '../server/app';
import { createSession } from '../server/auth/sessions';
import { readConfig } from '../server/config';
import { mileageEntries } from '../server/db/schema';
import { newId } from '../server/domain/ids';
import { createLogger } from '../server/logger';
import { demoIds } from '../tests/support/fixtures';

const rows = Number(process.env.EXPORT_ROWS ?? 100_000);
const config = readConfig({
  PORT: '0',
  DATA_DIR: 'memory://',
  SEED_DEMO: '1',
  LOG_LEVEL: 'warn',
  NODE_ENV: 'test',
  ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
});
const app = await startApp({ config, log: createLogger(config) });
const db = app.services.db;
const ids = await demoIds(db);
for (let start = 0; start < rows; start += 5_000) {
  await db.insert(mileageEntries).values(
    Array.from({ length: Math.min(5_000, rows - start) }, (_, index) => ({
      id: newId('MileageEntry'),
      employeeId: ids.salesEmployee,
      costCenterId: ids.sales,
      date: '2026-06-01',
      startLocation: 'Riverside depot',
      endLocation: `Client site ${(start + index) % 97}`,
      miles: (start + index) % 180,
      purpose: 'Bench, "quoted", with commas',
    })),
  );
}
console.log(`inserted ${rows} trips`);
const { token } = await createSession(db, ids.admin, 3_600_000);
global.gc?.();
const idle = process.memoryUsage();
let peakRss = idle.rss;
let peakHeap = idle.heapUsed;
const sampler = setInterval(() => {
  const now = process.memoryUsage();
  peakRss = Math.max(peakRss, now.rss);
  peakHeap = Math.max(peakHeap, now.heapUsed);
}, 20);
const started = performance.now();
const response = await fetch(`${app.url}/exports/mileage.csv?from=2026-06-01&to=2026-06-01`, { headers: { authorization: `Bearer ${token}` } });
let bytes = 0;
let lines = 0;
for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
  bytes += chunk.length;
  for (const byte of chunk) if (byte === 10) lines += 1;
}
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const mb = (value: number) => `${(value / 1024 / 1024).toFixed(1)} MB`;
console.log(`engine ${app.services.database.engine}: ${lines - 1} rows, ${mb(bytes)} of CSV in ${seconds.toFixed(1)} s (${Math.round((lines - 1) / seconds)} rows/s)`);
console.log(`server process (the client reads in the same process): peak RSS ${mb(peakRss)} (idle ${mb(idle.rss)}, +${mb(peakRss - idle.rss)}), peak heap ${mb(peakHeap)} (idle ${mb(idle.heapUsed)}, +${mb(peakHeap - idle.heapUsed)})`);
await app.stop();
