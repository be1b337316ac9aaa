import { expect, test } from '@playwright/test';

const token = process.env.GATEHOUSE_E2E_TOKEN ?? '';

test('an address from an earlier run says so in plain words, not "reconnecting…" for ever', async ({ page }) => {
  await page.goto('/?token=token-from-an-earlier-run');
  await expect(page.getByRole('alert')).toContainText(
    'This address is from an earlier run of Gatehouse — open the new address printed in the terminal.',
  );
  await expect(page.getByText(/reconnecting/)).toHaveCount(0);
});

test('a page load asks for nothing that is missing (the favicon included)', async ({ page }) => {
  const missing: string[] = [];
  page.on('response', (res) => {
    if (res.status() >= 400) missing.push(`${res.status()} ${res.url()}`);
  });
  await page.goto(`/?token=${token}`);
  await expect(page.getByTestId('status-pill')).not.toHaveText('Connecting to core…');
  const icon = await page.evaluate(() => (document.querySelector('link[rel="icon"]') as HTMLLinkElement | null)?.href ?? null);
  expect(icon).toMatch(/\/favicon\.svg$/);
  expect((await page.request.get(icon!)).status()).toBe(200);
  expect(missing).toEqual([]);
});
