/**
 * The risk gate's "fill not yet in positions" guard with real executions from the simulated Gateway, on
 * a machine (and a Gateway) in New York or Tokyo, for each form of execution time a Gateway sends.
 * Before execution times were parsed with their zone, New York fills looked hours old (the guard let a
 * 50-share order past a full 100-share limit) and Tokyo fills looked hours ahead (never settled).
 */
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fill } from '../../../electron/core/contract.ts';
import { RiskGate } from '../../../electron/core/risk/gate.ts';
import type { ExecTimeForm } from '../../../electron/simulator/gateway-time.ts';
import { limits, market, ticket as riskTicket } from '../../unit/risk/fixtures.ts';
import { brokerHarness, ticket, type Harness } from '../../support/broker-harness.ts';
import { until } from '../../support/until.ts';
import { tempDir } from '../../support/temp-dir.ts';

const SETTLE_MS = 2_000;
let h: Harness | null = null;
let dir: string | null = null;
const savedTz = process.env['TZ'];

afterEach(async () => {
  await h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  h = null;
  dir = null;
  if (savedTz === undefined) delete process.env['TZ'];
  else process.env['TZ'] = savedTz;
});

describe.each(['America/New_York', 'Asia/Tokyo'])('in %s', (zone) => {
  beforeEach(() => {
    process.env['TZ'] = zone;
  });

  it.each<ExecTimeForm>(['utc', 'zoned', 'local'])('a %s execution time keeps a fill counted until the positions carry it', async (form) => {
    h = await brokerHarness({ execTimeForm: form });
    dir = tempDir('gh-risk-');
    const gate = new RiskGate({ dir, limits: limits({ maxPositionQty: '100', maxOrderQty: '100', maxOrderNotional: null }), settleMs: SETTLE_MS });
    let fill: Fill | null = null;
    h.broker.on('fill', (f) => {
      fill = f;
      gate.onFill(f);
    });
    const before = h.broker.account.snapshot()!;
    const m = market({ AAPL: '200' });
    const buy = riskTicket({ quantity: '100', type: 'MKT', limitPrice: undefined, outsideRth: true });
    expect((await gate.submit(buy, before, m, 1)).verdict.decision).toBe('allow');
    const id = h.broker.orders.place(ticket({ symbol: 'AAPL', side: 'BUY', quantity: '100', type: 'MKT' }), null);
    await until(() => fill !== null, { what: 'the fill' });
    gate.release(1);
    expect(Math.abs(fill!.time - Date.now())).toBeLessThan(5_000);
    expect(h.sim.book().fills.find((f) => f.orderId === id)).toBeDefined();

    // A snapshot taken now that does not have the position yet: the 100 filled shares still count.
    const small = riskTicket({ quantity: '50', type: 'MKT', limitPrice: undefined, outsideRth: true });
    const stillEmpty = { ...before, updatedAt: Date.now() };
    const refused = await gate.submit(small, stillEmpty, m, 2);
    expect(refused.verdict.decision).toBe('refuse');
    expect(refused.verdict.reasons.join(' ')).toMatch(/max position of 100/);

    // Once a snapshot after the settle delay carries the 100, selling 50 is allowed and buying is not
    // counted twice: with a 200 limit another 100 fits.
    await until(() => h!.broker.account.snapshot()!.positions.some((p) => p.symbol === 'AAPL' && p.quantity === '100'), { what: 'position' });
    const held = { ...h.broker.account.snapshot()!, updatedAt: Date.now() + SETTLE_MS + 1_000 };
    await gate.setLimits(limits({ maxPositionQty: '200', maxOrderQty: '100', maxOrderNotional: null }));
    const more = await gate.submit(riskTicket({ quantity: '100', type: 'MKT', limitPrice: undefined, outsideRth: true }), held, m, 3);
    expect(more.verdict.reasons).toEqual([]);
    expect(more.verdict.decision).toBe('allow');
  });
});
