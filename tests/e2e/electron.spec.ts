import { _electron as electron, expect, test } from '@playwright/test';
import path from 'node:path';
import { findElectronBinary } from '../../electron/core/shell/electron-binary.ts';

/**
 * Runs only where the Electron binary exists (it cannot be downloaded on CI machines here). Where it is
 * missing the test is reported as skipped with the reason, never as passed.
 */
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const bin = findElectronBinary(root);

test('the desktop app opens its window and shows the connection status', async () => {
  if (bin.path === null) {
    const reason = `Electron binary unavailable: ${'reason' in bin ? bin.reason : ''}`;
    console.log(`[skipped] ${reason}`);
    test.skip(true, reason);
  }
  const app = await electron.launch({ executablePath: bin.path!, args: [root, '--demo'], cwd: root });
  const win = await app.firstWindow();
  await expect(win.getByTestId('status-pill')).toBeVisible();
  await expect
    .poll(() => app.evaluate(() => (globalThis as unknown as Record<string, { tooltip?: string }>)['__gatehouseTray']?.tooltip ?? ''))
    .toMatch(/Gatehouse/);
  await app.close();
});
