/**
 * The firewall's door into the gate (firewall/risk.ts) asks the gate whether the kill switch blocks orders
 * with the gate's own cheap question, which answers as the risk view does: a switch left on from an
 * earlier trading day is off (risk/kill-switch.ts `expired`), one tripped today is on.
 */
import { expect, it } from 'vitest';
import { gateRisk } from '../../../electron/core/firewall/risk.ts';
import { RiskGate } from '../../../electron/core/risk/gate.ts';
import { DAY, FRI_10AM, limits, market, TestClock } from '../risk/fixtures.ts';
import { tempDir } from '../../support/temp-dir.ts';

it("the kill switch reads as the risk view shows it: on today, off on the next trading day", async () => {
  const clock = new TestClock();
  const gate = new RiskGate({ dir: tempDir(), clock, limits: limits() });
  const risk = gateRisk({ gate, snapshot: () => null, market: () => market(), carryOut: async () => undefined });
  expect(risk.killSwitchActive()).toBe(false);
  await gate.setKillSwitch(true, 'test', null);
  expect(risk.killSwitchActive()).toBe(true);
  clock.time = FRI_10AM + 3 * DAY; // Monday
  expect(gate.state(null).killSwitch.active).toBe(false);
  expect(risk.killSwitchActive()).toBe(false);
  expect(gate.killSwitchActive()).toBe(false);
  await gate.audit.close();
});
