import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeJtsIni } from '../../../electron/core/gateway/jts-ini.ts';
import { isPortOpen } from '../../../electron/core/gateway/ports.ts';
import { probeApi } from '../../../electron/core/gateway/probe.ts';
import { startSimulator } from '../../../electron/simulator/server.ts';
import { alive, cleanup, clockedRig, drive, expectNoRelaunch, rig } from './harness.ts';
import { until } from '../../support/until.ts';

afterEach(cleanup);

/** The states in order, a state repeated with a new reason counted once. */
const states = (r: { sup: { timeline(): Array<{ state: string }> } }) =>
  r.sup.timeline().map((e) => e.state).filter((s, i, all) => s !== all[i - 1]);

describe('supervisor over the simulated Gateway (real child processes)', () => {
  it('clean start through IBC: starting → awaiting-login → api-ready → running; clean STOP', async () => {
    const r = await rig();
    await r.sup.start();
    await until(() => r.sup.state === 'running', { what: 'running', timeout: 10_000 });
    expect(states(r)).toEqual(['starting', 'awaiting-login', 'api-ready', 'running']);
    expect(r.logs.seen(/Login has completed/)).toBe(true);
    expect((await probeApi({ port: r.port })).ok).toBe(true);
    const pid = r.sup.pid!;
    expect(alive(pid)).toBe(true);

    await r.sup.stop();
    expect(r.sup.state).toBe('stopped');
    expect(r.logs.seen(/STOP command received/)).toBe(true);
    expect(alive(pid)).toBe(false);
    expect(await isPortOpen(r.port)).toBe(false);
    // The Gateway rewrote jts.ini on its way out.
    expect(readFileSync(path.join(r.settingsPath, 'jts.ini'), 'utf8')).toMatch(/tradingMode=p/);
  });

  it('direct launch without IBC: waits for the hand login, stops with SIGTERM to the group', async () => {
    const r = await rig({ withIbc: false });
    await r.sup.start();
    expect(r.sup.state).toBe('awaiting-login');
    await until(() => r.sup.state === 'running', { what: 'running', timeout: 10_000 });
    const pid = r.sup.pid!;
    await r.sup.stop();
    expect(r.logs.seen(/SIGTERM received/)).toBe(true);
    expect(alive(pid)).toBe(false);
    expect(r.sup.state).toBe('stopped');
  });

  it('bad credentials: stopped with the reason, one launch only', async () => {
    const r = await clockedRig({ password: 'wrong-password' });
    await r.sup.start();
    await drive(r.clock, () => r.sup.state === 'stopped', 50, 'stopped');
    expect(r.sup.reason).toMatch(/bad credentials/);
    expect(r.launches()).toBe(1);
    await expectNoRelaunch(r);
  });

  it('slow login with 2FA: awaiting-login says so, no restart, then running', async () => {
    const r = await rig({ sim: { loginDelayMs: 900, twoFactor: 'approve-after-ms', twoFactorMs: 800 } });
    await r.sup.start();
    await until(() => /2FA/.test(r.sup.reason), { what: '2FA state', timeout: 10_000 });
    expect(r.sup.state).toBe('awaiting-login');
    await until(() => r.sup.state === 'running', { what: 'running', timeout: 10_000 });
    expect(r.launches()).toBe(1);
  });

  it('2FA timeout (exit 87) with timeoutAction=exit: stopped, not restarted', async () => {
    const r = await clockedRig({
      sim: { twoFactor: 'timeout', twoFactorMs: 200 },
      profile: { twoFactor: { timeoutAction: 'exit', device: '' } },
    });
    await r.sup.start();
    await drive(r.clock, () => r.sup.state === 'stopped', 50, 'stopped');
    expect(r.sup.reason).toMatch(/2FA was not approved/);
    expect(r.launches()).toBe(1);
    await expectNoRelaunch(r);
  });

  it('port taken by another program → PORT_TAKEN, nothing launched', async () => {
    const r = await rig();
    const squatter = net.createServer((s) => s.on('error', () => undefined).once('data', () => s.end('HTTP/1.1 400 Bad Request\r\n\r\n')));
    await new Promise<void>((res) => squatter.listen(r.port, '127.0.0.1', () => res()));
    try {
      await expect(r.sup.start()).rejects.toMatchObject({
        code: 'PORT_TAKEN',
        message: `Port ${r.port} is used by another program`,
        hint: expect.stringContaining('another API port'),
      });
      expect(r.launches()).toBe(0);
    } finally {
      await new Promise<void>((res) => squatter.close(() => res()));
    }
  });

  it('attaches to a Gateway already answering, never starts a second one, detaches on stop', async () => {
    const r = await rig();
    const sim = await startSimulator({ port: r.port, tickIntervalMs: 0 });
    try {
      await r.sup.start();
      expect(r.sup.state).toBe('running');
      expect(r.sup.attached).toBe(true);
      expect(r.launches()).toBe(0);
      await r.sup.stop();
      expect(r.sup.reason).toMatch(/detached/);
      expect((await probeApi({ port: r.port })).ok).toBe(true);
    } finally {
      await sim.close();
    }
  });

  it('jts.ini cannot be written while the Gateway runs; after stop our keys survive its exit rewrite', async () => {
    const r = await rig();
    const jts = path.join(r.settingsPath, 'jts.ini');
    await r.sup.start();
    await until(() => r.sup.state === 'running', { what: 'running', timeout: 10_000 });
    await expect(writeJtsIni(jts, { IBGateway: { TrustedIPs: '127.0.0.1,10.0.0.1' } }, { isGatewayRunning: () => r.sup.isRunning() })).rejects.toMatchObject({ code: 'GATEWAY_RUNNING' });
    await r.sup.stop();
    const w = await writeJtsIni(jts, { IBGateway: { TrustedIPs: '127.0.0.1,10.0.0.1' } }, { isGatewayRunning: () => r.sup.isRunning() });
    expect(w.backup).not.toBeNull();
    await r.sup.start();
    await until(() => r.sup.state === 'running', { what: 'running', timeout: 10_000 });
    await r.sup.stop();
    expect(readFileSync(jts, 'utf8')).toContain('TrustedIPs=127.0.0.1,10.0.0.1');
  });
});
