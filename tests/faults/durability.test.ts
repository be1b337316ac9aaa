import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import fc from 'fast-check';
import { openSettings } from '../../electron/core/settings/service.ts';
import { AuditLog } from '../../electron/core/risk/audit.ts';
import { createCore } from '../../electron/core/app.ts';
import { commandNames } from '../../electron/core/contract.ts';
import { tempDir } from '../support/temp-dir.ts';
import { until } from '../support/until.ts';

const writer = path.join(path.dirname(new URL(import.meta.url).pathname), 'sigkill-writer.ts');

async function killMidWrite(dir: string, afterAcks: number): Promise<number> {
  const child = spawn(process.execPath, [writer, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  let acked = 0;
  child.stdout.on('data', (d: Buffer) => {
    const lines = d.toString().trim().split('\n');
    acked = Number(lines.at(-1)) || acked;
  });
  // Kill only once it is writing, after a different number of writes each round: it goes on writing
  // while the acknowledgement reaches us, so the kill lands somewhere in a later write.
  await until(() => acked >= afterAcks, { what: `${afterAcks} acknowledged writes`, timeout: 10_000, interval: 1 });
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  return acked;
}

describe('durability under SIGKILL', () => {
  it('settings and the audit log survive the core process being killed in the middle of writes, again and again', async () => {
    const dir = tempDir('gh-kill-');
    let lastAcked = 0;
    for (let round = 0; round < 10; round++) {
      const acked = await killMidWrite(dir, 1 + ((round * 37) % 120));
      const settings = openSettings(dir);
      const view = settings.view();
      // Never lost to defaults: the file is either the last write or the one before (atomic replace).
      expect(view.recoveredFrom, `round ${round}`).toBeNull();
      const step = Number(view.preferences.wizardStep?.replace('step-', ''));
      expect(step, `round ${round}`).toBeGreaterThanOrEqual(acked);
      const entries = await new AuditLog(path.join(dir, 'audit.jsonl')).read(100_000);
      // Every acknowledged append is there, across all rounds; a torn last line is skipped, not fatal.
      expect(entries.length, `round ${round}`).toBeGreaterThanOrEqual(lastAcked + acked);
      lastAcked = entries.length;
    }
  }, 60_000);
});

describe('contract fuzzing', () => {
  it('every command answers junk input with a typed error (or a valid result) and core stays up', async () => {
    const dir = tempDir('gh-fuzz-');
    const core = await createCore({ dataDir: dir, shell: 'web', version: 'fuzz', discovery: { home: dir, standardRoots: false } });
    const codes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...commandNames.filter((c) => !c.startsWith('gateway.') && c !== 'wizard.useDemo' && c !== 'wizard.test' && c !== 'diagnostics.run')),
        fc.oneof(fc.anything(), fc.object(), fc.string(), fc.constant(undefined), fc.constant(null)),
        async (command, input) => {
          const r = await core.dispatcher.wire(command, input);
          if (!r.ok) {
            codes.add(r.error.code);
            expect(typeof r.error.message).toBe('string');
            expect(r.error.message).not.toMatch(/\n\s+at /); // no stack trace
          }
        },
      ),
      { numRuns: 400, seed: 42 },
    );
    expect(codes.has('BAD_INPUT')).toBe(true);
    for (const junk of [42, 'app.info\0', { command: 'app.info' }, ['app.info'], null]) {
      const r = await core.dispatcher.wire(junk, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    }
    expect(await core.dispatcher.dispatch('app.info', undefined)).toMatchObject({ ok: true });
    await core.dispose();
  }, 60_000);
});
