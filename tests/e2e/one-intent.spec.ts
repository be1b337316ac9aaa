import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import WebSocket from 'ws';
import { controlRequest, readControlFile } from '../../electron/simulator/control-client.ts';
import type { BookSnapshot } from '../../electron/simulator/orders.ts';
import { enterDemo, startDemoServer, type DemoServer } from '../support/demo-server.ts';

/**
 * Issue 15, finding 2, in Chromium: one intent is one order, however the keys fall. Ctrl+Enter pressed
 * twice, Ctrl+Enter held down (key repeat), and a click followed by Ctrl+Enter while the first is still
 * being sent each leave exactly one order at the (simulated) Gateway: counted in the Gateway's own book,
 * not in the UI. Its own browser-mode server (own port, data folder, HOME without a Gateway → demo).
 */
const PORT = 5194;
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
let server: DemoServer;

test.beforeAll(async () => {
  server = await startDemoServer(PORT, 'intent');
});

test.afterAll(async () => server?.stop());

/** The Gateway's own book, through the simulator's control channel. */
async function book(): Promise<BookSnapshot> {
  const res = await controlRequest(readControlFile(path.join(server.dir, 'data', 'demo', 'Jts')), 'book');
  return (await res.json()) as BookSnapshot;
}

/** AAPL orders of this size at the Gateway (each case uses its own size), with how often each arrived. */
async function ordersOfSize(quantity: number): Promise<Array<{ orderId: number; submissions: number }>> {
  return (await book()).orders.filter((o) => !o.whatIf && o.symbol === 'AAPL' && o.quantity === quantity).map((o) => ({ orderId: o.orderId, submissions: o.submissions }));
}

/**
 * A barrier: an order placed over the bridge after the UI's. Core has one socket to the Gateway and
 * frames arrive in order, so once the barrier is in the book, any second order the UI caused is there too.
 */
async function barrier(): Promise<void> {
  const ws = new WebSocket(`ws://127.0.0.1:${PORT}/bridge?token=${server.token}`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const answer = new Promise<{ result: { ok: boolean; value?: { orderId: number } } }>((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
  ws.send(JSON.stringify({ type: 'invoke', id: 1, command: 'orders.place', input: { symbol: 'AAPL', side: 'BUY', quantity: '1', type: 'LMT', limitPrice: '1.00' } }));
  const { result } = await answer;
  ws.close();
  expect(result.ok).toBe(true);
  await expect.poll(async () => (await book()).orders.some((o) => o.orderId === result.value!.orderId), { timeout: 15_000 }).toBe(true);
}

async function openTicket(page: Page) {
  await enterDemo(page, server);
  await expect(page.getByTestId('sb-kill')).toHaveAttribute('data-enabled', 'true', { timeout: 30_000 });
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Orders' }).click();
  await expect(page.getByRole('button', { name: 'Place order' })).toBeEnabled({ timeout: 30_000 });
  await page.getByLabel('Symbol', { exact: true }).fill('AAPL');
  await page.getByLabel('Limit price').fill('1.00');
}

/** Fills the size and leaves the focus in the ticket, where Ctrl+Enter places. */
async function size(page: Page, quantity: number) {
  await page.getByLabel('Quantity').fill(String(quantity));
  await page.getByLabel('Quantity').focus();
}

async function exactlyOneOrder(page: Page, quantity: number) {
  await expect(page.getByTestId('ticket-result')).toContainText(new RegExp(`Order \\d+ sent: BUY ${quantity} AAPL LMT`), { timeout: 15_000 });
  await barrier();
  expect(await ordersOfSize(quantity)).toEqual([{ orderId: expect.any(Number), submissions: 1 }]);
}

test('Ctrl+Enter twice, held, or after a click while sending: each places exactly one order', async ({ page }) => {
  test.setTimeout(180_000);
  await openTicket(page);

  // Pressed twice, as fast as the keyboard goes.
  await size(page, 7);
  await page.keyboard.press(`${mod}+Enter`);
  await page.keyboard.press(`${mod}+Enter`);
  await exactlyOneOrder(page, 7);

  // Held down: the browser repeats keydown (repeat = true) until the key is let go.
  await size(page, 8);
  await page.keyboard.down(mod);
  for (let i = 0; i < 6; i++) await page.keyboard.down('Enter');
  await page.keyboard.up('Enter');
  await page.keyboard.up(mod);
  await exactlyOneOrder(page, 8);

  // A click on Place, then Ctrl+Enter in the same moment, while the first is still "Sending…": the
  // keypress lands in the same task as the click, before core has answered.
  await size(page, 9);
  await page.evaluate(() => {
    const place = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Place order')!;
    const quantity = document.querySelector<HTMLInputElement>('[aria-label="Order ticket"] input[id*="qty"], input[name="quantity"]') ?? document.activeElement!;
    place.click();
    quantity.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', ctrlKey: true, metaKey: true, bubbles: true }));
  });
  await exactlyOneOrder(page, 9);

  // And the same with real input events: a mouse click, then the keys.
  await size(page, 11);
  await page.getByRole('button', { name: 'Place order' }).click({ noWaitAfter: true });
  await page.getByLabel('Quantity').press(`${mod}+Enter`);
  await exactlyOneOrder(page, 11);
});
