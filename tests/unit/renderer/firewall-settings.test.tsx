// @vitest-environment happy-dom
/** Settings → API port over the fake API (which validates with core's own parseFirewallSettings). */
import { act, fireEvent, screen, within } from '@testing-library/react';
import { expect, it } from 'vitest';
import { callsOf, renderApp, settle } from './render.tsx';

async function open() {
  const r = await renderApp({ connected: true });
  await act(async () => r.stores.app.getState().navigate('settings'));
  await settle();
  return { r, card: screen.getByTestId('firewall-settings') };
}

it('edits the port, trusted addresses and a per-client policy, and saves them through core', async () => {
  const { r, card } = await open();
  const save = within(card).getByRole('button', { name: 'Save API port settings' }) as HTMLButtonElement;
  expect(save.disabled).toBe(true);
  fireEvent.change(within(card).getByLabelText('Port'), { target: { value: '4030' } });
  fireEvent.change(within(card).getByLabelText('Trusted addresses'), { target: { value: '10.0.0.5, 10.0.0.6' } });
  fireEvent.click(within(card).getByRole('button', { name: 'Add a client policy' }));
  fireEvent.change(within(card).getByLabelText('Client id, row 1'), { target: { value: '21' } });
  fireEvent.click(within(card).getByLabelText('Read-only, row 1'));
  fireEvent.change(within(card).getByLabelText('Allowed symbols, row 1'), { target: { value: 'aapl msft' } });
  fireEvent.change(within(card).getByLabelText('Max orders per minute, row 1'), { target: { value: '10' } });
  fireEvent.change(within(card).getByLabelText('Max order value, row 1'), { target: { value: '25,000' } });
  fireEvent.click(save);
  await settle();
  expect(callsOf(r.api, 'firewall.saveSettings')).toEqual([
    {
      port: 4030,
      trustedAddresses: ['10.0.0.5', '10.0.0.6'],
      policies: [{ clientId: 21, readOnly: true, allowedSymbols: ['aapl', 'msft'], maxOrdersPerMinute: 10, maxOrderValue: '25000' }],
    },
  ]);
  // What core saved comes back normalized, and the form shows it.
  expect((within(card).getByLabelText('Allowed symbols, row 1') as HTMLInputElement).value).toBe('AAPL, MSFT');
  expect(save.disabled).toBe(true);
});

it('shows core\'s field errors beside the fields and keeps what was typed', async () => {
  const { card } = await open();
  fireEvent.change(within(card).getByLabelText('Port'), { target: { value: '4002' } });
  fireEvent.change(within(card).getByLabelText('Trusted addresses'), { target: { value: 'my-laptop' } });
  fireEvent.click(within(card).getByRole('button', { name: 'Add a client policy' }));
  fireEvent.change(within(card).getByLabelText('Client id, row 1'), { target: { value: '1' } });
  fireEvent.click(within(card).getByRole('button', { name: 'Save API port settings' }));
  await settle();
  const alerts = within(card).getAllByRole('alert').map((a) => a.textContent);
  expect(alerts).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^Invalid API port settings/),
      "4002 is the Gateway's own API port: choose another",
      '"my-laptop" is not an IP address',
      'Gatehouse itself uses client id 1',
    ]),
  );
  expect(within(card).getByLabelText('Port').getAttribute('aria-invalid')).toBe('true');
  expect((within(card).getByLabelText('Port') as HTMLInputElement).value).toBe('4002');
});
