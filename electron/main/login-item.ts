/** Start at login, as the user chose in Settings: login items on macOS/Windows, an autostart file on Linux. */
import { app } from 'electron';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Core } from '../core/app.ts';
import type { Preferences } from '../core/contract.ts';
import { autostartDesktopEntry } from '../core/shell/lifecycle.ts';

function apply(enabled: boolean) {
  if (process.platform === 'linux') {
    const file = path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'autostart', 'gatehouse.desktop');
    if (enabled) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, autostartDesktopEntry(process.env.APPIMAGE ?? process.execPath));
    } else rmSync(file, { force: true });
  } else {
    app.setLoginItemSettings({ openAtLogin: enabled });
  }
}

/** Applies the preference now and whenever Settings change it. */
export async function applyStartAtLogin(core: Core): Promise<void> {
  let last: boolean | null = null;
  const check = async () => {
    const r = await core.dispatcher.dispatch('settings.get', undefined);
    if (!r.ok) return;
    const want = (r.value as { preferences: Preferences }).preferences.startAtLogin;
    if (want !== last) {
      last = want;
      apply(want);
    }
  };
  await check();
  // Preferences change rarely; a status tick is a cheap moment to look again.
  core.hub.subscribe('status', () => void check());
}
