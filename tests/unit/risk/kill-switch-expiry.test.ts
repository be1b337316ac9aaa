/**
 * Reading risk state never writes (a screen refresh must not change the data folder), and the kill switch
 * that expires with a new trading day leaves its audit line — or, when the disk is full, says so in the log.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RiskGate } from '../../../electron/core/risk/gate.ts';
import { fullDisk } from '../../support/full-disk.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { DAY, FRI_10AM, limits, market, snapshot, TestClock, ticket } from './fixtures.ts';

/** Every file of the folder with its bytes and mtime: what "the data folder is untouched" means. */
function folder(dir: string): Record<string, { text: string; mtimeMs: number }> {
  const out: Record<string, { text: string; mtimeMs: number }> = {};
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    out[name] = { text: readFileSync(file, 'utf8'), mtimeMs: statSync(file).mtimeMs };
  }
  return out;
}

async function trippedOnFriday(options: { disk?: ReturnType<typeof fullDisk> } = {}) {
  const dir = tempDir();
  const clock = new TestClock();
  const lines: { level: string; text: string }[] = [];
  const gate = new RiskGate({
    dir,
    clock,
    limits: limits({ dailyLossLimit: '2000' }),
    log: (level, text) => lines.push({ level, text }),
    ...options,
  });
  await gate.observe(snapshot({ netLiq: '100000' }));
  await gate.observe(snapshot({ netLiq: '90000' }));
  expect(gate.state(null).killSwitch.active).toBe(true);
  return { dir, clock, gate, lines };
}

describe('reading risk state', () => {
  it('state() and preview() leave the data folder untouched, even when the kill switch has expired', async () => {
    const { dir, clock, gate } = await trippedOnFriday();
    await gate.audit.close();
    clock.time = FRI_10AM + 3 * DAY; // Monday: the switch from Friday is over
    const before = folder(dir);

    const monday = snapshot({ netLiq: '90000', updatedAt: clock.now() });
    const shown = gate.state(monday, market());
    const verdict = gate.preview(ticket(), monday, market());
    await gate.audit.close();

    // What the trader sees already reflects the new day…
    expect(shown.killSwitch.active).toBe(false);
    expect(verdict.rules.find((r) => r.rule === 'kill-switch')).toMatchObject({ ok: true });
    // …but nothing on disk moved.
    expect(folder(dir)).toEqual(before);
  });
});

describe('the kill switch expiring on a new trading day', () => {
  it('writes its audit line and the switch file with the next account update', async () => {
    const { dir, clock, gate } = await trippedOnFriday();
    clock.time = FRI_10AM + 3 * DAY;
    await gate.observe(snapshot({ netLiq: '90000', updatedAt: clock.now() }));

    const [latest] = await gate.audit.read(1);
    expect(latest).toMatchObject({ kind: 'kill-switch', reasons: ['kill switch reset: new trading day'] });
    expect(JSON.parse(readFileSync(join(dir, 'kill-switch.json'), 'utf8'))).toMatchObject({ active: false });
    expect(gate.unsaved()).toBeNull();
  });

  it('a reset whose audit line cannot be written says so in the log and is written once the disk has room', async () => {
    const disk = fullDisk();
    const { clock, gate, lines } = await trippedOnFriday({ disk });
    clock.time = FRI_10AM + 3 * DAY;
    disk.full = true;
    await gate.observe(snapshot({ netLiq: '90000', updatedAt: clock.now() }));

    expect(gate.state(null).killSwitch.active).toBe(false);
    expect(gate.unsaved()).toMatch(/no space left/);
    expect(lines).toContainEqual({
      level: 'error',
      text: expect.stringMatching(/^Risk audit line not written \(kill switch reset: new trading day\): ENOSPC/),
    });

    disk.full = false;
    await gate.observe(snapshot({ netLiq: '90000', updatedAt: clock.now() }));
    const [latest] = await gate.audit.read(1);
    expect(latest?.reasons).toEqual(['kill switch reset: new trading day']);
    expect(gate.unsaved()).toBeNull();
  });
});

describe('equity marks on a full disk', () => {
  it('are kept in memory and the log says once that a restart would lose them', async () => {
    const disk = fullDisk();
    const lines: { level: string; text: string }[] = [];
    const clock = new TestClock();
    const gate = new RiskGate({ dir: tempDir(), clock, limits: limits({ dailyLossLimit: '2000' }), disk, log: (level, text) => lines.push({ level, text }) });
    disk.full = true;
    await gate.observe(snapshot({ netLiq: '100000' }));
    await gate.observe(snapshot({ netLiq: '101000' })); // a new peak: written again, fails again
    expect(gate.state(null).usage.startOfDayEquity).toBe('100000');
    const said = lines.filter((l) => /^Start-of-day and peak equity not saved \(ENOSPC/.test(l.text));
    expect(said).toHaveLength(1);
    expect(said[0]?.level).toBe('warn');
  });
});
