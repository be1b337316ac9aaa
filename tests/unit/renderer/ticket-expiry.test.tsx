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
  expect(callsOf(r.api, 'orders.preview').at(-1)).toMatchObject({ symbol: 'ES', secType: 'FUT', exchange: 'CME', lastTradeDateOrContractMonth: '20270319' });
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
