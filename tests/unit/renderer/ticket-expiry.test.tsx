// @vitest-environment happy-dom
/**
 * The ticket for a future: an expiry select with the listed months, the front month preselected, and the
 * chosen month on the ticket that reaches core (a future without one is ambiguous at the Gateway).
 */
import { fireEvent, screen } from '@testing-library/react';
import { expect, it } from 'vitest';
import { createFakeApi } from './fake-api.ts';
import { callsOf, renderApp, settle } from './render.tsx';

async function openOrders() {
  const api = createFakeApi({ connected: true });
  api.handle('contracts.lookup', (input) => ({
    conId: 495202612,
    symbol: input.symbol,
    secType: 'FUT',
    exchange: 'CME',
    primaryExchange: '',
    currency: 'USD',
    longName: 'E-mini S&P 500',
    minTick: 0.25,
    lastTradeDateOrContractMonth: input.lastTradeDateOrContractMonth ?? '',
    multiplier: 50,
  }));
  const r = await renderApp({ connected: true }, undefined, api);
  fireEvent.keyDown(window, { key: '2', ctrlKey: true });
  await settle();
  return r;
}

const change = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

it('a future offers its expiries, front month preselected, and the chosen month goes on the ticket', async () => {
  const r = await openOrders();
  expect(screen.queryByLabelText('Expiry')).toBeNull();
  change('Instrument', 'FUT');
  change('Symbol', 'ES');
  fireEvent.blur(screen.getByLabelText('Symbol'));
  await settle();

  const expiry = screen.getByLabelText('Expiry') as HTMLSelectElement;
  expect([...expiry.options].map((o) => o.textContent)).toEqual(['Dec 2026 (ESZ6)', 'Mar 2027 (ESH7)']);
  expect(expiry.value).toBe('20261218');
  expect(callsOf(r.api, 'contracts.lookup').at(-1)).toEqual({ symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: '20261218' });

  change('Expiry', '20270319');
  await settle();
  change('Quantity', '1');
  fireEvent.change(screen.getByLabelText('Order type'), { target: { value: 'MKT' } });
  fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
  await settle();
  expect(callsOf(r.api, 'orders.preview').at(-1)).toMatchObject({ symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: '20270319' });
  // No exchange guessed: core names the month's own (CME for ES) from its contract details.
  expect((callsOf(r.api, 'orders.preview').at(-1) as Record<string, unknown>)['exchange']).toBeUndefined();
});

it('a stock ticket sends no expiry and no security type change', async () => {
  const r = await openOrders();
  change('Symbol', 'AAPL');
  change('Quantity', '5');
  fireEvent.change(screen.getByLabelText('Order type'), { target: { value: 'MKT' } });
  fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
  await settle();
  const sent = callsOf(r.api, 'orders.preview').at(-1) as Record<string, unknown>;
  expect(sent['lastTradeDateOrContractMonth']).toBeUndefined();
  expect(sent['secType']).toBeUndefined();
});

const esQuote = (expiry: string, last: number) => ({
  symbol: 'ES',
  secType: 'FUT',
  lastTradeDateOrContractMonth: expiry,
  multiplier: 50,
  bid: last - 0.25,
  bidSize: 12,
  ask: last,
  askSize: 9,
  last,
  lastSize: 1,
  close: null,
  high: null,
  low: null,
  delayed: false,
  problem: null,
});

it("a future gets its own month's live quote line, with what one contract is worth", async () => {
  const r = await openOrders();
  change('Instrument', 'FUT');
  change('Symbol', 'ES');
  fireEvent.blur(screen.getByLabelText('Symbol'));
  await settle();
  // The month is watched as a future, not as a stock called ES.
  expect(callsOf(r.api, 'market.watch').at(-1)).toEqual({ symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: '20261218' });
  r.api.publish('quotes', { 'ES 20261218': esQuote('20261218', 5925.25), 'ES 20270319': esQuote('20270319', 5970.75) });
  await settle();
  let line = screen.getByTestId('quote-line');
  expect(line.textContent).toContain('Last 5,925.25');
  expect(line.textContent).toContain('1 contract (× 50) $296,262.50');

  // Another month: that month's own price, not the first one's.
  change('Expiry', '20270319');
  await settle();
  expect(callsOf(r.api, 'market.watch').at(-1)).toEqual({ symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: '20270319' });
  line = screen.getByTestId('quote-line');
  expect(line.textContent).toContain('Last 5,970.75');
  expect(line.textContent).toContain('1 contract (× 50) $298,537.50');
});
