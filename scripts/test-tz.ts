/**
 * Runs the vitest suite once more in each of the time zones where a wrong zone shows (New York behind UTC,
 * Tokyo ahead of it): execution times, trading days and "today" must not depend on the machine's zone.
 * A script rather than `TZ=… vitest` so it works in Windows shells too.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ZONES = ['America/New_York', 'Asia/Tokyo'];
const vitest = path.join(import.meta.dirname, '..', 'node_modules', 'vitest', 'vitest.mjs');

for (const zone of ZONES) {
  process.stdout.write(`\n— vitest under TZ=${zone}\n`);
  const run = spawnSync(process.execPath, [vitest, 'run', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, TZ: zone },
  });
  if (run.status !== 0) {
    process.stdout.write(`vitest failed under TZ=${zone}\n`);
    process.exit(run.status ?? 1);
  }
}
