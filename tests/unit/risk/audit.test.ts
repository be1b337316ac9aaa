import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../electron/core/contract.ts';
import { AuditLog } from '../../../electron/core/risk/audit.ts';
import { tempDir } from './fixtures.ts';

const entry = (time: number, reason = `r${time}`): AuditEntry => ({
  time,
  kind: 'order',
  order: { symbol: 'AAPL', quantity: '1' },
  verdict: 'allowed',
  reasons: [reason],
  inputs: { n: time },
});

describe('AuditLog', () => {
  it('reads newest first with a limit, and survives a restart', async () => {
    const file = join(tempDir(), 'audit.jsonl');
    const log = new AuditLog(file);
    await Promise.all([1, 2, 3, 4, 5].map((t) => log.append(entry(t))));
    expect((await log.read(3)).map((e) => e.time)).toEqual([5, 4, 3]);

    const reopened = new AuditLog(file);
    expect((await reopened.read()).map((e) => e.time)).toEqual([5, 4, 3, 2, 1]);
    await reopened.append(entry(6));
    expect((await reopened.read(1)).map((e) => e.time)).toEqual([6]);
  });

  it('keeps concurrent appends on whole lines', async () => {
    const file = join(tempDir(), 'audit.jsonl');
    const log = new AuditLog(file);
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(entry(i, 'x'.repeat(5000)))));
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(50);
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
  });

  it('tolerates a torn last line, and the next append does not glue onto it', async () => {
    const dir = tempDir();
    const file = join(dir, 'audit.jsonl');
    const log = new AuditLog(file);
    await log.append(entry(1));
    await log.append(entry(2));
    // A crash in the middle of writing entry 3.
    appendFileSync(file, JSON.stringify(entry(3)).slice(0, 40));

    const afterCrash = new AuditLog(file);
    expect((await afterCrash.read()).map((e) => e.time)).toEqual([2, 1]);
    await afterCrash.append(entry(4));
    expect((await afterCrash.read()).map((e) => e.time)).toEqual([4, 2, 1]);
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(5); // 1, 2, torn 3, 4, trailing ''
  });

  it('skips foreign or invalid lines and reads a log longer than one chunk', async () => {
    const file = join(tempDir(), 'audit.jsonl');
    const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify(entry(i, 'é'.repeat(20))));
    lines.splice(1500, 0, 'not json', JSON.stringify({ time: 'x' }));
    writeFileSync(file, lines.join('\n') + '\n');
    const log = new AuditLog(file);
    const all = await log.read(5000);
    expect(all).toHaveLength(3000);
    expect(all[0]?.time).toBe(2999);
    expect(all.at(-1)?.time).toBe(0);
    expect(all[0]?.reasons[0]).toBe('é'.repeat(20));
    expect((await log.read(10)).map((e) => e.time)).toEqual([2999, 2998, 2997, 2996, 2995, 2994, 2993, 2992, 2991, 2990]);
  });

  it('reads an empty or missing log as empty', async () => {
    const dir = tempDir();
    expect(await new AuditLog(join(dir, 'none.jsonl')).read()).toEqual([]);
    writeFileSync(join(dir, 'empty.jsonl'), '');
    expect(await new AuditLog(join(dir, 'empty.jsonl')).read()).toEqual([]);
  });

  it('commits concurrent lines together: every caller resolves only once its line is in the file, in order', async () => {
    const file = join(tempDir(), 'audit.jsonl');
    const log = new AuditLog(file);
    const seenAtResolve: number[] = [];
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        log.append(entry(i)).then(() => {
          // At the moment a caller may send its order, its own line is already in the file.
          const times = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => (JSON.parse(l) as AuditEntry).time);
          expect(times).toContain(i);
          seenAtResolve.push(i);
        }),
      ),
    );
    expect(seenAtResolve).toEqual(Array.from({ length: 40 }, (_, i) => i));
    const times = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => (JSON.parse(l) as AuditEntry).time);
    expect(times).toEqual(Array.from({ length: 40 }, (_, i) => i));
    // Forty lines arriving in one turn are not forty syncs.
    expect(log.syncs).toBeLessThan(40);
    expect(log.syncs).toBeGreaterThanOrEqual(1);
  });

  it('a failed write fails its callers and the next append works again', async () => {
    const dir = tempDir();
    const file = join(dir, 'audit.jsonl');
    const log = new AuditLog(file);
    await log.append(entry(1));
    await log.close();
    // The log's folder replaced by a file: opening fails.
    rmSync(dir, { recursive: true });
    writeFileSync(dir, 'not a folder');
    await expect(log.append(entry(2))).rejects.toThrow();
    rmSync(dir);
    mkdirSync(dir);
    await log.append(entry(3));
    expect((await log.read()).map((e) => e.time)).toEqual([3]);
  });
});
