/**
 * Child process for the SIGKILL test: writes settings and appends audit entries as fast as it can,
 * printing each acknowledged write, until it is killed mid-write.
 */
import path from 'node:path';
import { openSettings } from '../../electron/core/settings/service.ts';
import { AuditLog } from '../../electron/core/risk/audit.ts';

const dir = process.argv[2]!;
const settings = openSettings(dir);
const audit = new AuditLog(path.join(dir, 'audit.jsonl'));
let i = 0;
for (;;) {
  i++;
  settings.setPreferences({ wizardStep: `step-${i}`, theme: i % 2 ? 'dark' : 'light' });
  await audit.append({ time: Date.now(), kind: 'order', order: { n: i, pad: 'x'.repeat(i % 300) }, verdict: 'allowed', reasons: [], inputs: {} });
  process.stdout.write(`${i}\n`);
}
