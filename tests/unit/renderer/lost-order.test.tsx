// @vitest-environment happy-dom
/**
 * Issue 15, finding 7: the link to core drops while an order is in flight. Core got the frame and placed
 * the order, but its answer was lost. After the reconnect the page asks core (orders.intent, by the
 * intent's key) and says what happened, and nothing is sent twice meanwhile.
 */
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CommandInput, IntentState } from '../../../electron/core/contract.ts';
import { FakeError } from './fake-api.ts';
import { callsOf, renderApp, settle } from './render.tsx';

const LOST = { code: 'NOT_CONNECTED' as const, message: 'Lost the connection to Gatehouse core.', hint: 'The page reconnects by itself.' };

/** A link to core that drops after the place frame left: core's own book decides what the intent became. */
async function droppingLink(coreGets: 'placed' | 'nothing') {
  const r = await renderApp({ connected: true });
  fireEvent.keyDown(window, { key: '2', ctrlKey: true });
  await settle();
  let down = false;
  const intents = new Map<string, IntentState>();
  r.api.handle('orders.place', (input: CommandInput<'orders.place'>) => {
    if (coreGets === 'placed') intents.set(input.intentId!, { state: 'placed', orderId: 12, error: null });
    down = true;
    throw new FakeError(LOST);
  });
  r.api.handle('orders.intent', ({ intentId }: CommandInput<'orders.intent'>) => {
    if (down) throw new FakeError(LOST);
    return intents.get(intentId) ?? { state: 'unknown', orderId: null, error: null };
  });
  const reconnect = async () => {
    down = false;
    // The transport subscribes again on reconnect and core answers with its current snapshot.
    r.api.reconnect();
    await settle();
  };
  return { r, reconnect };
}

function sendOrder() {
  fireEvent.change(screen.getByLabelText('Symbol'), { target: { value: 'AAPL' } });
  fireEvent.change(screen.getByLabelText('Quantity'), { target: { value: '100' } });
  fireEvent.change(screen.getByLabelText('Limit price'), { target: { value: '150.00' } });
  fireEvent.click(screen.getByRole('button', { name: /^Place/ }));
}

describe('an order in flight when the link to core drops', () => {
  it('after the reconnect shows "Order 12 was placed", not "Lost the connection"', async () => {
    const { r, reconnect } = await droppingLink('placed');
    sendOrder();
    await settle();
    expect(document.body.textContent).toContain('checking with Gatehouse whether it was placed');
    await reconnect();
    const result = screen.getByTestId('ticket-result');
    expect(result.textContent).toContain('Order 12 was placed: BUY 100 AAPL LMT @ 150.00 DAY');
    expect(document.body.textContent).not.toContain('Lost the connection');
    // The key core was asked about is the one the lost frame carried.
    const placeKey = (callsOf(r.api, 'orders.place')[0] as { intentId: string }).intentId;
    expect(callsOf(r.api, 'orders.intent').at(-1)).toEqual({ intentId: placeKey });
  });

  it('sends nothing again while the answer is unknown: a click meanwhile only asks again', async () => {
    const { r } = await droppingLink('placed');
    sendOrder();
    await settle();
    fireEvent.change(screen.getByLabelText('Quantity'), { target: { value: '100' } });
    fireEvent.click(screen.getByRole('button', { name: /^Place/ }));
    await settle();
    expect(callsOf(r.api, 'orders.place')).toHaveLength(1);
    expect(document.body.textContent).toContain('checking with Gatehouse whether it was placed');
  });

  it('says plainly when core never got the order, so the trader may send it again', async () => {
    const { r, reconnect } = await droppingLink('nothing');
    sendOrder();
    await settle();
    await reconnect();
    expect(document.body.textContent).toContain('The order was not placed: BUY 100 AAPL LMT @ 150.00 DAY never reached Gatehouse core.');
    expect(document.body.textContent).toContain('Send it again if you still want it.');
    r.api.handle('orders.place', () => ({ orderId: 13 }));
    fireEvent.change(screen.getByLabelText('Quantity'), { target: { value: '100' } });
    fireEvent.click(screen.getByRole('button', { name: /^Place/ }));
    await settle();
    expect(callsOf(r.api, 'orders.place')).toHaveLength(2);
    expect(screen.getByTestId('ticket-result').textContent).toContain('Order 13 sent');
  });
});
