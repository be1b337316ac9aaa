/** The tray says how many of the trader's programs are connected to Gatehouse's API port. */
import { expect, it } from 'vitest';
import { trayModel } from '../../../electron/core/shell/tray-model.ts';
import { deriveStatus } from '../../../electron/core/status.ts';

const status = deriveStatus({
  gateway: 'running',
  gatewayReason: '',
  session: null,
  profile: { name: 'Paper', mode: 'paper' },
  account: 'DU1234567',
  killSwitch: false,
  since: 0,
});
const label = (m: ReturnType<typeof trayModel>) => m.menu.find((i) => i.type === 'label' && i.id === 'api-clients') as { label: string };

it('counts the connected API clients in the menu and the tooltip', () => {
  expect(label(trayModel(status, null, 'USD', 2)).label).toBe('API clients connected: 2');
  expect(trayModel(status, null, 'USD', 2).tooltip).toContain('2 API clients connected');
  expect(trayModel(status, null, 'USD', 1).tooltip).toContain('1 API client connected');
  expect(label(trayModel(status, null)).label).toBe('API clients connected: 0');
  expect(trayModel(status, null).tooltip).not.toMatch(/API client/);
});
