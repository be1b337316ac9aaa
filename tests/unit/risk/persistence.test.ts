/** Risk state on disk fails closed: a damaged file blocks orders, a full disk never keeps the switch off. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RiskGate } from '../../../electron/core/risk/gate.ts';
import { riskStateDir } from '../../../electron/core/risk/state-dir.ts';
import { fullDisk } from '../../support/full-disk.ts';
import { limits, market, snapshot, tempDir, TestClock, ticket } from './fixtures.ts';

describe('damaged risk files fail closed', () => {
  it('a damaged kill-switch.json turns the switch on until the user resets it, also on the next day', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kill-switch.json'), '{"active": fa');
    const clock = new TestClock();
    const gate = new RiskGate({ dir, clock, limits: limits() });
    const st = gate.state(snapshot(), market());
    expect(st.killSwitch.active).toBe(true);
    expect(st.killSwitch.reason).toMatch(/kill-switch.json was damaged/);
    expect((await gate.submit(ticket(), snapshot(), market(), 1)).verdict.decision).toBe('refuse');
    clock.advance(24 * 3_600_000);
    expect(gate.state(snapshot(), market()).killSwitch.active).toBe(true);
    await gate.setKillSwitch(false, undefined, snapshot());
    expect((await gate.submit(ticket(), snapshot(), market(), 2)).verdict.decision).toBe('allow');
  });

  it('a damaged limits.json refuses orders (not the defaults) until the user saves limits again', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'limits.json'), '{"maxOrderQty": "10", "maxOrderNot');
    const gate = new RiskGate({ dir, clock: new TestClock(), limits: limits() });
    const refused = await gate.submit(ticket(), snapshot(), market(), 1);
    expect(refused.verdict.decision).toBe('refuse');
    expect(refused.verdict.reasons.join()).toMatch(/risk limits could not be read: limits.json was damaged.*review them on the Risk tab/);
    expect(gate.preview(ticket(), snapshot(), market()).decision).toBe('refuse');
    await gate.setLimits(limits({ maxOrderQty: '10' }));
    expect((await gate.submit(ticket(), snapshot(), market(), 2)).verdict.decision).toBe('allow');
    expect(new RiskGate({ dir, clock: new TestClock() }).preview(ticket(), snapshot(), market()).decision).toBe('allow');
  });

  it('missing files are a fresh start, not damage', async () => {
    const gate = new RiskGate({ dir: tempDir(), clock: new TestClock(), limits: limits() });
    expect(gate.state(snapshot(), market()).killSwitch.active).toBe(false);
    expect((await gate.submit(ticket(), snapshot(), market(), 1)).verdict.decision).toBe('allow');
  });
});

describe('on a full disk', () => {
  it('the kill switch engages in memory, blocks orders, says it is not saved, and is saved once the disk has room', async () => {
    const dir = tempDir();
    const disk = fullDisk();
    const gate = new RiskGate({ dir, clock: new TestClock(), limits: limits(), disk });
    disk.full = true;
    await gate.setKillSwitch(true, 'panic', snapshot());
    expect(gate.state(snapshot(), market()).killSwitch.active).toBe(true);
    expect(gate.unsaved()).toMatch(/ENOSPC/);
    const refused = await gate.submit(ticket(), snapshot(), market(), 1);
    expect(refused.verdict.rules.find((r) => r.rule === 'kill-switch')?.ok).toBe(false);
    disk.full = false;
    await gate.observe(snapshot());
    expect(gate.unsaved()).toBeNull();
    expect(JSON.parse(readFileSync(join(dir, 'kill-switch.json'), 'utf8'))).toMatchObject({ active: true, reason: 'panic' });
  });

  it('a breached daily loss still trips the switch and returns the actions to carry out', async () => {
    const disk = fullDisk();
    const gate = new RiskGate({ dir: tempDir(), clock: new TestClock(), limits: limits({ dailyLossLimit: '1000' }), disk });
    await gate.observe(snapshot({ netLiq: '100000' }));
    disk.full = true;
    const actions = await gate.observe(snapshot({ netLiq: '98000' }), market());
    expect(actions).toEqual([{ kind: 'cancel-all-orders', orderIds: [] }]);
    expect(gate.state(snapshot({ netLiq: '98000' })).killSwitch).toMatchObject({ active: true });
    expect(gate.unsaved()).toMatch(/ENOSPC/);
    expect(disk.refused).toBeGreaterThan(0);
  });
});

describe('risk state per account', () => {
  it('moves state kept under the profile (before it was per account) to the account, so a switch left on stays on', () => {
    const dataDir = tempDir();
    const legacy = join(dataDir, 'profiles', 'p1', 'risk');
    mkdirSync(legacy, { recursive: true });
    writeFileSync(join(legacy, 'kill-switch.json'), JSON.stringify({ active: true, reason: 'left on', since: null, source: 'manual' }));
    const dir = riskStateDir(dataDir, { id: 'p1', account: 'du1234567', mode: 'paper' });
    expect(dir).toBe(join(dataDir, 'accounts', 'DU1234567-paper', 'risk'));
    expect(new RiskGate({ dir, clock: new TestClock() }).state(null).killSwitch).toMatchObject({ active: true, reason: 'left on' });
    // A second profile on that account finds the same folder; a name with path characters stays inside.
    expect(riskStateDir(dataDir, { id: 'p2', account: 'DU1234567', mode: 'paper' })).toBe(dir);
    expect(riskStateDir(dataDir, { id: 'p3', account: '../../x', mode: 'live' })).toBe(join(dataDir, 'accounts', '______X-live', 'risk'));
  });
});
