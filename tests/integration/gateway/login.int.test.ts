/**
 * Logins as IBC really runs them (LoginManager.java, LoginFailedDialogHandler.java,
 * ExistingSessionDetectedDialogHandler.java), through the simulator's launcher as a real child process.
 * Where minutes matter (a 3-minute 2FA wait, a 5-minute login limit) the supervisor runs on a manual
 * clock that the test moves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayAlert } from '../../../electron/core/gateway/supervisor.ts';
import { DEFAULT_TIMINGS } from '../../../electron/core/gateway/supervisor.ts';
import { manualClock } from '../../unit/gateway/manual-clock.ts';
import { FAST, alive, cleanup, drive, rig, type Rig } from './harness.ts';
import { until } from '../../support/until.ts';

afterEach(cleanup);

function alerts(r: Rig): GatewayAlert[] {
  const out: GatewayAlert[] = [];
  r.sup.onAlert((a) => out.push(a));
  return out;
}

describe('logins as IBC runs them (real child processes)', () => {
  it('2FA not approved, relogin off: IBC says it will not re-login, Gatehouse stops it cleanly with a clear message', async () => {
    const r = await rig({
      sim: { twoFactor: 'timeout', twoFactorMs: 300 },
      profile: { twoFactor: { timeoutAction: 'exit', device: '' } },
    });
    const seen = alerts(r);
    await r.sup.start();
    await until(() => r.sup.state === 'stopped', { what: 'stopped', timeout: 10_000 });
    expect(r.sup.reason).toMatch(/2FA was not approved in time/);
    expect(seen.map((a) => a.title)).toContain('Login not approved');
    expect(r.launches()).toBe(1);
    await until(() => ![...r.pids].some(alive), { what: 'the Gateway process gone', timeout: 5_000 });
  });

  it("2FA prompt left open, relogin off: Gatehouse's own 2FA timer (injected clock) ends the wait", async () => {
    const clock = manualClock();
    const r = await rig({
      // The prompt outlives the test: only Gatehouse's timer can end it.
      sim: { twoFactor: 'timeout', twoFactorMs: 600_000 },
      profile: { twoFactor: { timeoutAction: 'exit', device: '' } },
      supervisor: { clock, timings: { ...FAST, twoFactorTimeoutMs: DEFAULT_TIMINGS.twoFactorTimeoutMs, loginTimeoutMs: DEFAULT_TIMINGS.loginTimeoutMs } },
    });
    await r.sup.start();
    await drive(clock, () => /2FA/.test(r.sup.reason), 50, '2FA prompt');
    await clock.advance(DEFAULT_TIMINGS.twoFactorTimeoutMs - 5_000);
    expect(r.sup.state).toBe('awaiting-login'); // not before its time
    await drive(clock, () => r.sup.state === 'stopped', 1_000, 'stopped after the 2FA timeout');
    expect(r.sup.reason).toMatch(/2FA was not approved in time/);
    expect(r.launches()).toBe(1);
  });

  it('one "Login failed" dialog is not bad credentials: IBC retries and the login completes', async () => {
    const r = await rig({ sim: { loginFailures: 1 } });
    await r.sup.start();
    await until(() => r.sup.state === 'running', { what: 'running', timeout: 15_000 });
    expect(r.sup.timeline().some((e) => /Login failed.*trying again/.test(e.reason))).toBe(true);
    expect(r.launches()).toBe(1);
  });

  it('a wrong password: the second "Login failed" means bad credentials, stopped, not retried', async () => {
    const r = await rig({ password: 'not-the-password' });
    const seen = alerts(r);
    await r.sup.start();
    await until(() => r.sup.state === 'stopped', { what: 'stopped', timeout: 15_000 });
    expect(r.sup.reason).toMatch(/bad credentials/);
    expect(seen.map((a) => a.title)).toContain('Login failed');
    expect(r.launches()).toBe(1);
    await until(() => ![...r.pids].some(alive), { what: 'the Gateway process gone', timeout: 5_000 });
  });

  it('a login that never completes (no password: IBC cannot click Log In) times out with an alert', async () => {
    const clock = manualClock();
    const r = await rig({ password: null, supervisor: { clock, timings: { ...FAST, loginTimeoutMs: DEFAULT_TIMINGS.loginTimeoutMs } } });
    const seen = alerts(r);
    await r.sup.start();
    // Reaching the login dialog needs only the child's own (real) time. Driving the supervisor's clock
    // meanwhile would eat into the 5-minute login budget in proportion to how slow the machine is.
    await until(() => r.sup.state === 'awaiting-login', { what: 'awaiting login' });
    await clock.advance(DEFAULT_TIMINGS.loginTimeoutMs - 10_000);
    expect(r.sup.state).toBe('awaiting-login');
    await drive(clock, () => r.sup.state === 'stopped', 2_000, 'login timeout');
    expect(r.sup.reason).toMatch(/did not complete within 5 min/);
    expect(seen.some((a) => a.title === 'Login did not complete' && a.severity === 'error')).toBe(true);
    await until(() => ![...r.pids].some(alive), { what: 'the Gateway process gone', timeout: 5_000 });
  });

  it('existing session, manual (the default): plain words, an alert, and the dialog is left to the user', async () => {
    const r = await rig({ sim: { existingSession: true } });
    const seen = alerts(r);
    await r.sup.start();
    await until(() => /logged in elsewhere/.test(r.sup.reason), { what: 'existing session', timeout: 10_000 });
    expect(r.sup.state).toBe('awaiting-login');
    expect(r.sup.reason).not.toMatch(/scenario/);
    expect(seen.some((a) => a.title === 'Logged in elsewhere')).toBe(true);
  });

  it('existing session, secondary: the Gateway gives way; stopped with the reason, not a crash loop', async () => {
    const r = await rig({ sim: { existingSession: true }, profile: { existingSessionAction: 'secondary' } });
    await r.sup.start();
    await until(() => r.sup.state === 'stopped', { what: 'stopped', timeout: 10_000 });
    expect(r.sup.reason).toMatch(/gave way/);
    expect(r.sup.timeline().some((e) => e.state === 'crashed' || e.state === 'restarting')).toBe(false);
    expect(r.launches()).toBe(1);
  });

  it('existing session, primary: takes over (the user chose it) and runs', async () => {
    const r = await rig({ sim: { existingSession: true }, profile: { existingSessionAction: 'primary' } });
    await r.sup.start();
    await until(() => r.sup.state === 'running', { what: 'running', timeout: 10_000 });
    expect(r.sup.timeline().some((e) => /logs the other session out/.test(e.reason))).toBe(true);
  });

  it("IBC's weekly cold restart (ColdRestartTime): the full login's 2FA prompt is waited for, not restarted over", async () => {
    // The launcher's clock starts Sunday 06:52 local at 5 ms per second: the cold restart at 07:00 comes ~2.4 s in.
    const r = await rig({
      sim: { clockStart: new Date(2026, 11, 6, 6, 52, 0).toISOString(), ibcSecondMs: 5, twoFactor: 'approve-after-ms', twoFactorMs: 400 },
      profile: { coldRestartTime: '07:00' },
    });
    await r.sup.start();
    await until(() => r.sup.timeline().some((e) => /weekly cold restart/.test(e.reason)), { what: 'cold restart seen', timeout: 15_000 });
    await until(() => r.sup.state === 'running' && r.sup.timeline().filter((e) => /2FA/.test(e.reason)).length >= 2, { what: 'running after the weekly login', timeout: 15_000 });
    expect(r.sup.timeline().some((e) => /hang|soft restart/.test(e.reason))).toBe(false);
    expect(r.launches()).toBe(1);
  });
});
