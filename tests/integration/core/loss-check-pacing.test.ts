/**
 * The background loss check is paced (trading.ts LOSS_CHECK_PACE_MS): at once after a quiet spell, at most
 * once per window in a flood of account updates, always on the latest snapshot. Driven on a clock the test
 * moves, with the simulated Gateway flooding P&L lines over a real socket: a loss that breaches the limit in
 * mid-flood must trip the kill switch by the end of the window it arrived in, not be lost between checks.
 */
import { EventName } from '@stoqey/ib';
import { afterEach, describe, expect, it } from 'vitest';
import { RiskGate } from '../../../electron/core/risk/gate.ts';
import { LOSS_CHECK_PACE_MS, TradingDesk } from '../../../electron/core/trading.ts';
import { ManualClock } from '../../../electron/core/util/clock.ts';
import { brokerHarness, type Harness } from '../../support/broker-harness.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { until } from '../../support/until.ts';

let h: Harness | null = null;
let desk: TradingDesk | null = null;
afterEach(async () => {
  desk?.dispose();
  desk = null;
  await h?.close();
  h = null;
});

async function floodingDesk(clock: ManualClock) {
  // A P&L line per tick every 5 ms: the flood the pacing is for.
  h = await brokerHarness({ tickIntervalMs: 5, positions: [{ symbol: 'TSLA', quantity: 1000, avgCost: 250 }] });
  const gate = new RiskGate({ dir: tempDir('gh-loss-pace-') });
  await gate.setLimits({ ...gate.limits, dailyLossLimit: '5000', maxDrawdown: null });
  const alerts: string[] = [];
  desk = new TradingDesk({ broker: h.broker, gate, mode: 'paper', log: () => undefined, onRiskAlert: (title, body) => alerts.push(`${title}: ${body}`), clock });
  // P&L lines as the socket delivers them (the book's own 'change' is told once until it is read).
  let updates = 0;
  h.broker.session.client!.on(EventName.pnlSingle, () => updates++);
  return { gate, alerts, updates: () => updates };
}

describe('paced loss check', () => {
  it('a loss past the limit in the middle of a P&L flood trips the kill switch within one pacing window', async () => {
    const clock = new ManualClock();
    const { gate, alerts, updates } = await floodingDesk(clock);
    // The flood is on and the first update was checked at once; the clock has not moved since, so every
    // update after it waits for the window's end.
    const before = updates();
    await until(() => updates() >= before + 5, { what: 'a flood of P&L lines' });
    const price = h!.sim.state().prices['TSLA']!.last;
    h!.sim.setPrice('TSLA', price - 20); // 1,000 shares × $20 = $20,000 lost today, limit $5,000
    await until(() => Number(h!.broker.account.riskInputs()?.pnl.daily ?? 0) <= -19_000, { what: 'the loss reported' });
    expect(gate.killSwitchActive()).toBe(false);
    expect(clock.pending).toBeGreaterThan(0);

    // The window's end runs the check itself (in memory at once, before its audit line is written): not
    // the next account update after it, which a Gateway gone quiet might never send.
    clock.advance(LOSS_CHECK_PACE_MS);
    expect(gate.killSwitchActive()).toBe(true);
    expect(gate.state(null).killSwitch.reason).toMatch(/^daily loss \$[\d,.]+ reached the \$5,000 limit$/);
    await until(() => alerts.length > 0, { what: 'the trader told' });
    expect(alerts[0]).toMatch(/^Kill switch tripped: daily loss/);
  });

  it('after a quiet spell the first update is checked at once: a loss already past the limit trips with no window waited', async () => {
    const clock = new ManualClock();
    h = await brokerHarness({ tickIntervalMs: 0, positions: [{ symbol: 'TSLA', quantity: 1000, avgCost: 250 }] });
    const price = h.sim.state().prices['TSLA']!.last;
    h.sim.setPrice('TSLA', price - 20);
    await until(() => Number(h!.broker.account.riskInputs()?.pnl.daily ?? 0) <= -19_000, { what: 'the loss reported' });
    const gate = new RiskGate({ dir: tempDir('gh-loss-pace-') });
    await gate.setLimits({ ...gate.limits, dailyLossLimit: '5000', maxDrawdown: null });
    desk = new TradingDesk({ broker: h.broker, gate, mode: 'paper', log: () => undefined, onRiskAlert: () => undefined, clock });
    h.broker.account.resubscribe(); // the Gateway sends the account again: one update, nothing before it
    // The clock never moves in this test: only a check run at once can trip it.
    await until(() => gate.killSwitchActive(), { what: 'kill switch tripped on the first update' });
  });
});
