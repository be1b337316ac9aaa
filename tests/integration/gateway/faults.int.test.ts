import { afterEach, describe, expect, it } from 'vitest';
import { isPortOpen } from '../../../electron/core/gateway/ports.ts';
import { DEFAULT_TIMINGS } from '../../../electron/core/gateway/supervisor.ts';
import { armOnFirstReady, dailyClock } from '../../support/daily-clock.ts';
import { FAST, alive, cleanup, clockedRig, expectNoRelaunch, fault, rig } from './harness.ts';
import { until } from '../../support/until.ts';

afterEach(cleanup);

describe('supervisor under faults (real child processes)', () => {
  it('a crash restarts the Gateway with a new process', async () => {
    const r = await rig();
    await r.sup.start();
    await until(() => r.sup.state === 'running', { what: 'running', timeout: 10_000 });
    const first = r.sup.pid!;
    await fault(r.settingsPath, { kind: 'crash', exitCode: 3 });
    await until(() => r.sup.timeline().some((e) => /exit code 3/.test(e.reason)), { what: 'crash seen', timeout: 5_000 });
    await until(() => r.sup.state === 'running' && r.sup.pid !== first, { what: 'running again', timeout: 10_000 });
    expect(alive(first)).toBe(false);
  });

  it('crash loop: 5 crashes within the window stop the restarts', async () => {
    const r = await clockedRig({ sim: { crashAfterMs: 50, exitCode: 9 } });
    await r.sup.start();
    // The child crashes on its own (50 ms of real time); the clock moves only to fire the backoff, so the
    // supervisor's stability timer never sees a crashing Gateway as up long enough to reset it.
    const gaveUp = () => r.sup.state === 'crashed' && /crash loop/.test(r.sup.reason);
    await until(async () => gaveUp() || (r.sup.state === 'restarting' && (await r.clock.advance(FAST.backoffMaxMs), false)), {
      what: 'crash loop (firing each backoff on the clock)',
      timeout: 20_000,
      interval: 5,
    });
    expect(r.launches()).toBe(5);
    const delays = r.sup.timeline().flatMap((e) => /restarting in (\d+ ms)/.exec(e.reason)?.[1] ?? []);
    expect(delays).toEqual(['50 ms', '100 ms', '200 ms', '400 ms']);
    await expectNoRelaunch(r);
  });

  it('hang through IBC: degraded → soft RESTART via the command server (same process, no new login) → running', async () => {
    const r = await rig();
    await r.sup.start();
    await until(() => r.sup.state === 'running', { what: 'running', timeout: 10_000 });
    const pid = r.sup.pid!;
    await fault(r.settingsPath, { kind: 'hang' });
    await until(() => r.sup.state === 'degraded', { what: 'degraded', timeout: 5_000 });
    expect(await isPortOpen(r.port)).toBe(true);
    await until(() => r.sup.timeline().some((e) => /soft restart through IBC/.test(e.reason)), { what: 'soft restart', timeout: 10_000 });
    await until(() => r.sup.state === 'running', { what: 'running again', timeout: 15_000 });
    expect(r.sup.pid).toBe(pid);
    expect(r.launches()).toBe(1);
  });

  it('hang without IBC (no command server): a full restart with a new process', async () => {
    const r = await rig({ withIbc: false });
    await r.sup.start();
    await until(() => r.sup.state === 'running', { what: 'running', timeout: 10_000 });
    const first = r.sup.pid!;
    await fault(r.settingsPath, { kind: 'hang' });
    await until(() => r.sup.state === 'degraded', { what: 'degraded', timeout: 5_000 });
    await until(() => r.sup.timeline().some((e) => /hang/.test(e.reason)), { what: 'hang detected', timeout: 10_000 });
    await until(() => r.sup.state === 'running' && r.sup.pid !== first, { what: 'running again', timeout: 15_000 });
    expect(alive(first)).toBe(false);
  });

  it("IBC's own daily restart is expected, not treated as a hang: same process, API back", async () => {
    const r = await rig();
    await r.sup.start();
    await until(() => r.sup.state === 'running', { what: 'running', timeout: 10_000 });
    const pid = r.sup.pid!;
    await fault(r.settingsPath, { kind: 'dailyRestart', downMs: 700 });
    await until(() => r.sup.state === 'restarting', { what: 'restarting', timeout: 5_000 });
    expect(r.sup.reason).toMatch(/daily restart/);
    await until(() => r.sup.state === 'running', { what: 'running again', timeout: 10_000 });
    expect(r.sup.pid).toBe(pid);
    expect(r.launches()).toBe(1);
  });

  it('daily restart by the supervisor (dailyRestart: supervisor) at the profile time (injected clock) restarts a direct launch', async () => {
    const clock = dailyClock(800);
    const r = await rig({ withIbc: false, profile: { autoRestartTime: '11:45 PM' }, supervisor: { clock, dailyRestart: 'supervisor' } });
    armOnFirstReady(r.sup, clock);
    await r.sup.start();
    await until(() => r.sup.state === 'running', { what: 'running', timeout: 10_000 });
    const first = r.sup.pid!;
    await until(() => r.launches() === 2, { what: 'second launch', timeout: 10_000 });
    expect(r.sup.timeline().some((e) => e.state === 'restarting' && /daily restart at 11:45 PM/.test(e.reason))).toBe(true);
    await until(() => r.sup.state === 'running', { what: 'running after the daily restart', timeout: 10_000 });
    expect(r.sup.pid).not.toBe(first);
    expect(alive(first)).toBe(false);
  });
});

describe("without IBC: the Gateway's own daily restart", () => {
  it('its process ends at the restart time and a new one starts: re-attached by port, no crash, no second launch', async () => {
    // One clock for both sides: the launcher at 20 ms per second from 11:42:00 PM, the supervisor at the same rate.
    const start = new Date(2026, 11, 8, 23, 42, 0).getTime();
    const t0 = Date.now();
    const rate = 50;
    const clock = {
      now: () => start + (Date.now() - t0) * rate,
      setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms / rate),
      clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
    };
    const r = await rig({
      withIbc: false,
      sim: { autoRestartTime: '11:45 PM', clockStart: new Date(start).toISOString(), ibcSecondMs: 1000 / rate },
      profile: { autoRestartTime: '11:45 PM' },
      supervisor: { clock, timings: { ...DEFAULT_TIMINGS } },
    });
    await r.sup.start();
    await until(() => r.sup.state === 'api-ready' || r.sup.state === 'running', { what: 'up', timeout: 10_000 });
    const first = r.sup.pid!;
    await until(() => r.sup.timeline().some((e) => /own daily restart/.test(e.reason)), { what: 'the exit seen as its daily restart', timeout: 15_000 });
    await until(() => r.sup.attached && (r.sup.state === 'api-ready' || r.sup.state === 'running'), { what: 're-attached', timeout: 15_000 });
    expect(alive(first)).toBe(false);
    expect(r.launches()).toBe(1);
    expect(r.sup.timeline().some((e) => e.state === 'crashed')).toBe(false);
  });
});

describe('daily restart driven by the supervisor through IBC', () => {
  it("sends IBC's soft RESTART at the profile time: same process, no new login, API back", async () => {
    const clock = dailyClock(800);
    const r = await rig({ profile: { autoRestartTime: '11:45 PM' }, supervisor: { clock, dailyRestart: 'supervisor' } });
    armOnFirstReady(r.sup, clock);
    await r.sup.start();
    await until(() => r.sup.state === 'running', { what: 'running', timeout: 10_000 });
    const pid = r.sup.pid!;
    await until(() => r.logs.seen(/Command received: RESTART/), { what: 'RESTART sent', timeout: 10_000 });
    await until(() => r.sup.state === 'running' && r.sup.timeline().some((e) => /soft restart/.test(e.reason)), { what: 'running after RESTART', timeout: 10_000 });
    expect(r.sup.pid).toBe(pid);
    expect(r.launches()).toBe(1);
  });
});
