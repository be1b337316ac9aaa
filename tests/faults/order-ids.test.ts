import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OrderIdStore } from '../../electron/core/broker/order-ids.ts';
import { until } from '../support/until.ts';
import { tempDir } from '../support/temp-dir.ts';

const child = path.join(path.dirname(new URL(import.meta.url).pathname), 'sigkill-order-ids.ts');

/** Runs the id-taking child until it has printed at least `atLeast` ids, then kill -9; returns what it printed. */
async function runAndKill(dir: string, gatewayNext: number, block: number, atLeast: number): Promise<number[]> {
  const proc = spawn(process.execPath, [child, dir, String(gatewayNext), String(block)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  proc.stdout.on('data', (d: Buffer) => (text += d.toString()));
  await until(() => text.split('\n').length > atLeast || proc.exitCode !== null, { what: `${atLeast} ids printed`, timeout: 15_000, interval: 2 });
  proc.kill('SIGKILL');
  await new Promise((r) => proc.once('exit', r));
  // A line cut by the kill is not an id the child finished printing.
  return text.split('\n').slice(0, -1).map(Number);
}

describe('order ids across kill -9', () => {
  it('never hands out an id twice, whatever moment the process dies, and the Gateway lagging behind does not matter', async () => {
    const dir = tempDir('gh-ids-');
    const seen = new Set<number>();
    let highest = -1;
    for (let round = 0; round < 8; round++) {
      // A small block so every round crosses several reservations; the Gateway reports a stale nextValidId
      // (it has not seen our last orders yet), which must never pull us back.
      const got = await runAndKill(dir, 1, 7, 20 + ((round * 37) % 90));
      expect(got.length, `round ${round}`).toBeGreaterThan(0);
      for (const id of got) {
        expect(seen.has(id), `id ${id} reused in round ${round}`).toBe(false);
        seen.add(id);
      }
      // Ids only ever increase within and across runs (IB refuses a lower id per client).
      expect(got[0]!, `round ${round}`).toBeGreaterThan(highest);
      for (let i = 1; i < got.length; i++) expect(got[i]!).toBe(got[i - 1]! + 1);
      highest = got.at(-1)!;
    }
  }, 90_000);

  it('writes the file once per block, not once per order, and resumes after the block', () => {
    const dir = tempDir('gh-ids-');
    const ids = new OrderIdStore(dir, 'DU1', { block: 100 });
    ids.sync(40);
    const file = path.join(dir, 'order-ids-DU1.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ next: 140 });
    const taken = Array.from({ length: 100 }, () => ids.take());
    expect(taken[0]).toBe(40);
    expect(taken.at(-1)).toBe(139);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ next: 140 });
    expect(ids.take()).toBe(140);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ next: 240 });
    // A restart resumes past the whole reserved block; a Gateway ahead of us wins.
    expect(new OrderIdStore(dir, 'DU1', { block: 100 }).take()).toBe(240);
    const ahead = new OrderIdStore(dir, 'DU1', { block: 100 });
    ahead.sync(5000);
    expect(ahead.take()).toBe(5000);
  });
});
