import { expect, test } from '@playwright/test';
import { controlRequest, readControlFile } from '../../electron/simulator/control-client.ts';
import type { Profile, SettingsView } from '../../electron/core/contract.ts';
import { invokeCore, openDesk, startDemoServer, type DemoServer } from '../support/demo-server.ts';

/**
 * "Orders enabled" means an order can leave now (issue 17), in the situations desk-quality.spec.ts does not
 * walk (it covers the kill switch, a stopped Gateway and an unreachable core): the Gateway card forgets
 * "IB servers ok" and the data farms once the Gateway is stopped, the API socket down while the Gateway runs
 * blocks orders, and the profile's Read-only API blocks them — and the ticket refuses in the same words
 * instead of sending. Its own browser-mode server on port 5196 (demo mode), so the shared ones are untouched.
 */
const PORT = 5196;
let server: DemoServer;

test.beforeAll(async () => {
  server = await startDemoServer(PORT, 'blocked');
});

test.afterAll(async () => server?.stop());

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

async function demoProfile(): Promise<Profile> {
  const view = (await invokeCore(server, 'settings.get')) as SettingsView;
  return view.profiles.find((p) => p.id === view.activeProfileId)!;
}

test('"Orders enabled" is false with the API socket down and with Read-only API on, the Orders screen says a read-only Gateway hides orders; the Gateway card forgets IB and the farms after Stop', async ({ page }) => {
  test.setTimeout(240_000);
  await openDesk(page, server);
  const gate = page.getByTestId('sb-kill');
  await expect(gate).toHaveText('Orders enabled', { timeout: 30_000 });

  // The Gateway card while connected, then after Stop: nothing about IB's servers or farms is claimed any more.
  await page.keyboard.press(`${mod}+4`);
  await expect(page.getByTestId('ib-servers')).toHaveText('ok', { timeout: 15_000 });
  await expect(page.getByText('Data farms', { exact: true })).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('gateway-controls').getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(gate).toHaveText('Orders blocked: the Gateway is stopped', { timeout: 30_000 });
  await expect(page.getByTestId('ib-servers')).toHaveText('unknown (no API session)');
  await expect(page.getByText('Data farms', { exact: true })).toHaveCount(0);
  await page.getByTestId('gateway-controls').getByRole('button', { name: 'Start', exact: true }).click();
  await expect(gate).toHaveText('Orders enabled', { timeout: 60_000 });
  await expect(page.getByTestId('ib-servers')).toHaveText('ok', { timeout: 15_000 });

  // The API socket down while the Gateway runs: the simulated Gateway answers no handshake, every socket drops.
  const control = readControlFile((await demoProfile()).settingsPath);
  const fault = async (f: unknown) => expect((await controlRequest(control, 'fault', f)).status).toBe(200);
  await fault({ kind: 'slowLogin', delayMs: 600_000 });
  await fault({ kind: 'dropSockets' });
  await expect(gate).toHaveText('Orders blocked: the API connection is down', { timeout: 15_000 });
  await fault({ kind: 'clear' });
  await expect(gate).toHaveText('Orders enabled', { timeout: 90_000 });

  // Read-only API turned on in the profile: blocked at once, and the ticket says why instead of sending.
  const profile = await demoProfile();
  await invokeCore(server, 'settings.saveProfile', { profile: { ...profile, readOnlyApi: true }, activate: true });
  await expect(gate).toHaveText('Orders blocked: the API is read-only (turn Read-Only API off in the profile)', { timeout: 15_000 });
  await page.keyboard.press(`${mod}+2`);
  await page.getByLabel('Symbol', { exact: true }).fill('AAPL');
  await page.getByLabel('Order type').selectOption('LMT');
  await page.getByLabel('Quantity').fill('1');
  await page.getByLabel('Limit price').fill('1.00');
  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(page.getByText(/Not sent: the API is read-only, so orders cannot be placed\./)).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('ticket-result')).toHaveCount(0);
  await expect(page.getByTestId('open-orders').getByText('AAPL')).toHaveCount(0);

  // Restarted read-only, the Gateway shows programs no orders (error 321 for order information): the Orders
  // screen says so in words instead of "Reconciling orders" or an empty blotter that reads as "none working".
  await page.keyboard.press(`${mod}+4`);
  await page.getByTestId('gateway-controls').getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(gate).toHaveText('Orders blocked: the Gateway is stopped', { timeout: 30_000 });
  await page.getByTestId('gateway-controls').getByRole('button', { name: 'Start', exact: true }).click();
  await expect(page.getByTestId('ib-servers')).toHaveText('ok', { timeout: 60_000 });
  await page.keyboard.press(`${mod}+2`);
  await expect(page.getByTestId('orders-unreadable')).toContainText("The Gateway's API is read-only: it does not show orders to programs", { timeout: 30_000 });
  await expect(page.getByTestId('open-orders')).toContainText('Working orders cannot be read from a read-only Gateway.');

  await invokeCore(server, 'settings.saveProfile', { profile: { ...profile, readOnlyApi: false }, activate: true });
  // Off in the profile, but the running Gateway keeps the setting it started with until it restarts.
  await expect(gate).toHaveText('Orders blocked: the Gateway was started read-only; restart it to trade', { timeout: 15_000 });
  await page.keyboard.press(`${mod}+4`);
  await page.getByTestId('gateway-controls').getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(gate).toHaveText('Orders blocked: the Gateway is stopped', { timeout: 30_000 });
  await page.getByTestId('gateway-controls').getByRole('button', { name: 'Start', exact: true }).click();
  await expect(gate).toHaveText('Orders enabled', { timeout: 90_000 });
  await page.keyboard.press(`${mod}+2`);
  await expect(page.getByTestId('orders-unreadable')).toHaveCount(0);
});
