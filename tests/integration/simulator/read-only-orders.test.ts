/**
 * A read-only Gateway gives the API no order information (issue 17). IB's own words, as erdewit/ib_insync#8
 * quotes its API docs: "Information about orders is not available to the API when read-only mode is
 * enabled." reqOpenOrders at connect got 321 (erdewit/ib_insync#1, removed from connect after #7);
 * reqCompletedOrders too ("not allowed when the API is in read-only", ib_insync#224; 321 with reqId -1 in
 * bankroll-py/bankroll#65), which is why ib_async's connect skips both when readonly (ib_async/ib.py
 * 2057-2063). Executions are still asked for there and in deephaven-ib's read-only client, so they stay.
 * Through the real @stoqey/ib client over TCP.
 */
import { EventName } from '@stoqey/ib';
import { describe, expect, it } from 'vitest';
import { simulatorRig, type RecordingClient } from './ib-client.ts';

const rig = simulatorRig({ seed: 5 });

const READ_ONLY = /^Error validating request:-'\w\w' : cause - The API interface is currently in Read-Only mode\.$/;

/** A request the Gateway answers for sure, sent after the one under test: its answer means the first was handled. */
async function handled(c: RecordingClient): Promise<void> {
  const before = c.all(EventName.currentTime).length;
  c.ib.reqCurrentTime();
  await c.next(EventName.currentTime, () => true, before + 1);
}

describe('read-only Gateway', () => {
  it.each([
    ['reqAllOpenOrders', (c: RecordingClient) => c.ib.reqAllOpenOrders(), EventName.openOrderEnd],
    ['reqOpenOrders', (c: RecordingClient) => c.ib.reqOpenOrders(), EventName.openOrderEnd],
    ['reqCompletedOrders', (c: RecordingClient) => c.ib.reqCompletedOrders(false), EventName.completedOrdersEnd],
  ] as const)('%s is answered with 321 for id -1 and no end message', async (_name, ask, end) => {
    const sim = await rig.sim({ readOnlyApi: true });
    const c = await rig.client(sim, 4);
    ask(c);
    // stoqey hands an error for id -1 (NO_VALID_ID) to `info`, not `error` (dist/core/io/decoder.js ERR_MSG).
    const err = await c.info(321);
    expect(err.message).toMatch(READ_ONLY);
    expect(c.errors.filter((e) => e.code === 321)).toEqual([]);
    await handled(c);
    expect(c.all(end)).toEqual([]);
    expect(c.all(EventName.openOrder)).toEqual([]);
    expect(c.all(EventName.completedOrder)).toEqual([]);
  });

  it('executions are still answered', async () => {
    const sim = await rig.sim({ readOnlyApi: true });
    const c = await rig.client(sim, 4);
    c.ib.reqExecutions(7, {});
    await c.next(EventName.execDetailsEnd, (a) => a[0] === 7);
    expect([...c.errors, ...c.infos].filter((e) => e.code === 321)).toEqual([]);
  });

  it('with Read-Only API off the same requests end as usual', async () => {
    const sim = await rig.sim({ readOnlyApi: false });
    const c = await rig.client(sim, 4);
    c.ib.reqAllOpenOrders();
    c.ib.reqCompletedOrders(false);
    await c.next(EventName.openOrderEnd);
    await c.next(EventName.completedOrdersEnd);
    expect([...c.errors, ...c.infos].filter((e) => e.code === 321)).toEqual([]);
  });
});
