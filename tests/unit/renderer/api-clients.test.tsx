// @vitest-environment happy-dom
/** The "API clients" screen over the fake API: the rows a trader reads, disconnecting one, the copy block. */
import { act, fireEvent, screen, within } from '@testing-library/react';
import { expect, it } from 'vitest';
import type { ApiClient } from '../../../electron/core/contract.ts';
import { callsOf, renderApp, settle } from './render.tsx';

const client = (over: Partial<ApiClient>): ApiClient => ({
  id: 1,
  clientId: 12,
  address: '127.0.0.1',
  connectedSince: Date.UTC(2026, 11, 1, 14, 30),
  serverVersion: 187,
  ordersSent: 4,
  ordersRefused: 1,
  ordersFilled: 3,
  lastRefusal: { time: Date.UTC(2026, 11, 1, 14, 35), orderId: 9, reason: 'Order for 5,000 shares is above your max order size of 1,000.' },
  ...over,
});

async function open(clients: ApiClient[]) {
  const r = await renderApp({ connected: true });
  r.api.state.apiClients = clients;
  r.api.publish('apiClients', await r.api.invoke('firewall.clients').then((x) => (x.ok ? x.value : (null as never))));
  await act(async () => r.stores.app.getState().navigate('api-clients'));
  await settle();
  return r;
}

it('shows each program with its id, version, counters and last refusal, and a block with a free client id', async () => {
  await open([client({}), client({ id: 2, clientId: 2, address: '10.0.0.5', ordersRefused: 0, lastRefusal: null })]);
  expect(screen.getByRole('heading', { name: 'API clients' })).toBeTruthy();
  const rows = screen.getAllByTestId('api-client-row');
  expect(rows).toHaveLength(2);
  expect(rows[0]?.textContent).toMatch(/12.*127\.0\.0\.1.*187.*4.*1.*3.*order 9: Order for 5,000 shares is above your max order size/);
  expect(rows[1]?.textContent).toContain('10.0.0.5');
  // Gatehouse's own id (1) and the connected ids (12, 2) are taken: the block suggests 3.
  expect(screen.getByTestId('api-block').textContent).toBe('IBKR_HOST=127.0.0.1\nIBKR_PORT=4012\nIBKR_CLIENT_ID=3');
  expect(screen.getByTestId('api-port-state').textContent).toMatch(/open on 127\.0\.0\.1:4012/);
});

it('disconnects one program on request and the row goes', async () => {
  const r = await open([client({}), client({ id: 2, clientId: 2 })]);
  const first = screen.getAllByTestId('api-client-row')[0] as HTMLElement;
  fireEvent.click(within(first).getByRole('button', { name: 'Disconnect client 12' }));
  await settle();
  expect(callsOf(r.api, 'firewall.disconnect')).toEqual([{ id: 1 }]);
  expect(screen.getAllByTestId('api-client-row').map((row) => row.textContent?.slice(0, 1))).toEqual(['2']);
});

it('says so when nothing is connected', async () => {
  await open([]);
  expect(screen.getByText("No program is connected to Gatehouse's API port.")).toBeTruthy();
});

it('says what Gatehouse sees of other programs: Master API client through IBC, else where to set it by hand', async () => {
  const r = await open([]);
  // The fake's default profile has no IBC: the Gateway's own setting is the only way.
  expect(screen.getByTestId('master-note').textContent).toMatch(/Without IBC.*"Master API client ID" to 1 in the Gateway/);
  r.api.publish('apiClients', { ...(await r.api.invoke('firewall.clients').then((x) => (x.ok ? x.value : (null as never)))), masterByIbc: true });
  await settle();
  expect(screen.getByTestId('master-note').textContent).toMatch(/client id 1\) is the Gateway's Master API client, set through IBC/);
});
