/**
 * The simulated Gateway runs in the zone its profile's jts.ini names (`[Logon] TimeZone=`, as
 * ib-gateway-docker writes it), not in the zone of the process that happens to start it: execution times
 * and the handshake are in that zone, and its daily restart time is read on that zone's wall clock.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { until } from '../../support/until.ts';
import { OrderAction, OrderType, SecType, type Execution } from '@stoqey/ib';
import { createDemoInstall } from '../../../electron/simulator/demo-install.ts';
import { localZone } from '../../../electron/simulator/gateway-time.ts';
import { msUntilHhMmA, wallClock } from '../../../electron/simulator/ibc-clock.ts';
import { readIniKey, setIniKey } from '../../../electron/simulator/jts-ini.ts';
import type { ControlFile } from '../../../electron/simulator/launcher-config.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { RecordingClient } from './ib-client.ts';

describe('the Gateway zone from jts.ini', () => {
  it('AutoRestartTime is read on the wall clock of the zone, not of this process', () => {
    const now = Date.parse('2026-12-02T12:00:00Z'); // 21:00 in Tokyo, 07:00 in New York
    expect(msUntilHhMmA('11:00 PM', now, 'Asia/Tokyo')).toBe(2 * 3_600_000);
    expect(msUntilHhMmA('11:00 PM', now, 'America/New_York')).toBe(16 * 3_600_000);
    expect(msUntilHhMmA('11:00 PM', now, 'Etc/UTC')).toBe(11 * 3_600_000);
  });

  it('a fresh demo install names this machine’s zone', () => {
    const install = createDemoInstall(tempDir('gh-zone-'), { withIbc: false });
    expect(readIniKey(readFileSync(path.join(install.settingsPath, 'jts.ini'), 'utf8'), 'Logon', 'TimeZone')).toBe(localZone());
  });

  it.runIf(process.platform !== 'win32')('the launcher sends zoned execution times in jts.ini’s TimeZone', async () => {
    // A zone that differs from this process's in every time-zone run of the suite (UTC, New York, Tokyo).
    const zone = localZone() === 'Asia/Kolkata' ? 'Europe/Zurich' : 'Asia/Kolkata';
    const install = createDemoInstall(tempDir('gh-zone-'), { withIbc: false, sim: { loginDelayMs: 30, port: 0, execTimeForm: 'zoned', tickIntervalMs: 0 } });
    const jts = path.join(install.settingsPath, 'jts.ini');
    writeFileSync(jts, setIniKey(readFileSync(jts, 'utf8'), 'Logon', 'TimeZone', zone));
    const child = spawn(path.join(install.installPath, 'ibgateway'), [`-DjtsConfigDir=${install.settingsPath}`], { stdio: 'ignore' });
    onTestFinished(async () => {
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await gone;
      }
    });
    const controlPath = path.join(install.settingsPath, 'sim-control.json');
    await until(() => existsSync(controlPath), { what: 'sim-control.json written', timeout: 15_000, interval: 20 });
    const { apiPort } = JSON.parse(readFileSync(controlPath, 'utf8')) as ControlFile;
    const c = await RecordingClient.connect(apiPort, 4);
    onTestFinished(() => c.close());

    const before = Date.now();
    c.ib.placeOrder(1, { symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' }, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1, transmit: true });
    const [, , execution] = (await c.next('execDetails')) as [number, unknown, Execution];
    const m = /^(\d{8}) (\d\d):(\d\d):\d\d (.+)$/.exec(execution.time ?? '');
    expect(m?.[4]).toBe(zone);
    // The fill happened between `before` and now: its wall time in the zone is one of those two readings.
    const stamp = (t: number) => {
      const w = wallClock(t, zone);
      return `${w.y}${String(w.mo).padStart(2, '0')}${String(w.d).padStart(2, '0')} ${String(w.h).padStart(2, '0')}`;
    };
    expect([stamp(before), stamp(Date.now())]).toContain(`${m?.[1]} ${m?.[2]}`);
  });
});
