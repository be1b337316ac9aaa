import { afterEach, describe, expect, it } from 'vitest';
import { isPortOpen } from '../../../electron/core/gateway/ports.ts';
import { armOnFirstReady, dailyClock } from '../../support/daily-clock.ts';
import { alive, cleanup, fault, rig, until } from './harness.ts';

afterEach(cleanup);

describe('supervisor under faults (real child processes)', () => {
  it('a crash restarts the Gateway with a new process', async () => {
    const r = await rig();
    await r.sup.start();
    await until(() => r.sup.state === 'running', 10_000, 'running');
    const first = r.sup.pid!;
    await fault(r.settingsPath, { kind: 'crash', exitCode: 3 });
    await until(() => r.sup.timeline().some((e) => /exit code 3/.test(e.reason)), 5_000, 'crash seen');
    await until(() => r.sup.state === 'running' && r.sup.pid !== first, 10_000, 'running again');
    expect(alive(first)).toBe(false);
  });

  it('crash loop: 5 crashes within the window stop the restarts', async () => {
    const r = await rig({ sim: { crashAfterMs: 50, exitCode: 9 } });
    await r.sup.start();
    await until(() => r.sup.state === 'crashed' && /crash loop/.test(r.sup.reason), 20_000, 'crash loop');
    expect(r.launches()).toBe(5);
    const delays = r.sup.timeline().flatMap((e) => /restarting in (\d+ ms)/.exec(e.reason)?.[1] ?? []);
    expect(delays).toEqual(['50 ms', '100 ms', '200 ms', '400 ms']);
    await new Promise((res) => setTimeout(res, 500));
    expect(r.launches()).toBe(5);
  });

  it('hang through IBC: degraded → soft RESTART via the command server (same process, no new login) → running', async () => {
    const r = await rig();
    await r.sup.start();
    await until(() => r.sup.state === 'running', 10_000, 'running');
    const pid = r.sup.pid!;
    await fault(r.settingsPath, { kind: 'hang' });
    await until(() => r.sup.state === 'degraded', 5_000, 'degraded');
    expect(await isPortOpen(r.port)).toBe(true);
    await until(() => r.sup.timeline().some((e) => /soft restart through IBC/.test(e.reason)), 10_000, 'soft restart');
    await until(() => r.sup.state === 'running', 15_000, 'running again');
    expect(r.sup.pid).toBe(pid);
    expect(r.launches()).toBe(1);
  });

  it('hang without IBC (no command server): a full restart with a new process', async () => {
    const r = await rig({ withIbc: false });
    await r.sup.start();
    await until(() => r.sup.state === 'running', 10_000, 'running');
    const first = r.sup.pid!;
    await fault(r.settingsPath, { kind: 'hang' });
    await until(() => r.sup.state === 'degraded', 5_000, 'degraded');
    await until(() => r.sup.timeline().some((e) => /hang/.test(e.reason)), 10_000, 'hang detected');
    await until(() => r.sup.state === 'running' && r.sup.pid !== first, 15_000, 'running again');
    expect(alive(first)).toBe(false);
  });

  it("IBC's own daily restart is expected, not treated as a hang: same process, API back", async () => {
    const r = await rig();
    await r.sup.start();
    await until(() => r.sup.state === 'running', 10_000, 'running');
    const pid = r.sup.pid!;
    await fault(r.settingsPath, { kind: 'dailyRestart', downMs: 700 });
    await until(() => r.sup.state === 'restarting', 5_000, 'restarting');
    expect(r.sup.reason).toMatch(/daily restart/);
    await until(() => r.sup.state === 'running', 10_000, 'running again');
    expect(r.sup.pid).toBe(pid);
    expect(r.launches()).toBe(1);
  });

  it('scheduled daily restart at the profile time (injected clock) restarts a direct launch', async () => {
    const clock = dailyClock(800);
    const r = await rig({ withIbc: false, profile: { autoRestartTime: '11:45 PM' }, supervisor: { clock } });
    armOnFirstReady(r.sup, clock);
    await r.sup.start();
    await until(() => r.sup.state === 'running', 10_000, 'running');
    const first = r.sup.pid!;
    await until(() => r.launches() === 2, 10_000, 'second launch');
    expect(r.sup.timeline().some((e) => e.state === 'restarting' && /daily restart at 11:45 PM/.test(e.reason))).toBe(true);
    await until(() => r.sup.state === 'running', 10_000, 'running after the daily restart');
    expect(r.sup.pid).not.toBe(first);
    expect(alive(first)).toBe(false);
  });
});

describe('daily restart driven by the supervisor through IBC', () => {
  it("sends IBC's soft RESTART at the profile time: same process, no new login, API back", async () => {
    const clock = dailyClock(800);
    const r = await rig({ profile: { autoRestartTime: '11:45 PM' }, supervisor: { clock, dailyRestart: 'supervisor' } });
    armOnFirstReady(r.sup, clock);
    await r.sup.start();
    await until(() => r.sup.state === 'running', 10_000, 'running');
    const pid = r.sup.pid!;
    await until(() => r.logs.seen(/Command received: RESTART/), 10_000, 'RESTART sent');
    await until(() => r.sup.state === 'running' && r.sup.timeline().some((e) => /soft restart/.test(e.reason)), 10_000, 'running after RESTART');
    expect(r.sup.pid).toBe(pid);
    expect(r.launches()).toBe(1);
  });
});
