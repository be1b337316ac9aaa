/**
 * Electron glue only: lifecycle, window, protocol, IPC, tray. Every decision lives in core, where it is
 * tested under Node; this file applies them.
 */
import { app, dialog, type BrowserWindow } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../core/app.ts';
import { createMainWindow, denyAllPermissions, preloadPathFrom } from './window.ts';
import { registerAppScheme, serveRenderer } from './protocol.ts';
import { registerIpc } from './ipc.ts';
import { createTray, type TrayHandle } from './tray.ts';
import { keychainVault } from './vault.ts';
import Store from 'electron-store';
import { openStoreWithRecovery, settingsStoreOptions, type ConfLike } from '../core/settings/store.ts';
import { applyStartAtLogin } from './login-item.ts';
import { forwardAlerts } from './notifications.ts';
import { onQuit, onWindowClose } from '../core/shell/lifecycle.ts';
import type { SettingsView } from '../core/contract.ts';

const mainDir = path.dirname(fileURLToPath(import.meta.url));
let core: Core | null = null;
let win: BrowserWindow | null = null;
let tray: TrayHandle | null = null;
let quitting = false;
let closeNoticeShown = false;
let quitDecided = false;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  app.on('before-quit', (event) => {
    quitting = true;
    if (quitDecided || !core) return;
    // Whether quitting stops the Gateway is the user's choice (default: ask).
    event.preventDefault();
    void decideQuit().then(
      () => {
        quitDecided = true;
        app.quit();
      },
      () => undefined,
    );
  });
  app.on('window-all-closed', () => {
    // Stays in the tray: the Gateway keeps being supervised with no window open.
  });
  void app.whenReady().then(start);
}

function showWindow() {
  if (!win || win.isDestroyed()) {
    win = createMainWindow(preloadPathFrom(mainDir));
    win.on('close', (event) => {
      const d = onWindowClose({ quitting, noticeShown: closeNoticeShown });
      if (!d.hide) return;
      event.preventDefault();
      win?.hide();
      if (d.notice) {
        closeNoticeShown = true;
        tray?.noticeClosedToTray();
      }
    });
  }
  win.show();
  win.focus();
}

async function start() {
  denyAllPermissions();
  serveRenderer(path.join(mainDir, '..', 'renderer'));
  const userData = app.getPath('userData');
  core = await createCore({
    dataDir: userData,
    shell: 'electron',
    version: app.getVersion(),
    vault: keychainVault(userData),
    // electron-store is conf with Electron's paths; core recovers a corrupt file itself (moved aside, user told).
    settingsStore: () =>
      openStoreWithRecovery<ConfLike>(
        () => new Store({ ...settingsStoreOptions(), cwd: userData, schema: settingsStoreOptions().schema as Record<string, object>, defaults: structuredClone(settingsStoreOptions().defaults) as Record<string, unknown> }) as unknown as ConfLike,
        path.join(userData, 'settings.json'),
      ),
    autoDemo: true,
    demoInProcess: true,
    demo: process.argv.includes('--demo'),
  });
  registerIpc(core);
  forwardAlerts(core);
  void applyStartAtLogin(core);
  tray = createTray({ core, resourcesDir: resourcesDir(), showWindow, quit: () => app.quit() });
  showWindow();
}

async function decideQuit(): Promise<void> {
  const c = core;
  if (!c) return;
  const r = await c.dispatcher.dispatch('settings.get', undefined);
  const lastSettings = r.ok ? (r.value as SettingsView) : null;
  const running = c.isGatewayRunning();
  const decision = onQuit({ preference: lastSettings?.preferences.quitStopsGateway ?? 'ask', gatewayRunning: running });
  let stop = decision === 'stop-gateway';
  if (decision === 'ask') {
    const answer = await dialog.showMessageBox({
      type: 'question',
      buttons: ['Stop the Gateway', 'Leave it running', 'Cancel'],
      defaultId: 1,
      cancelId: 2,
      message: 'Stop IB Gateway too?',
      detail: 'Left running, your API clients stay connected; Gatehouse attaches to it next time.',
    });
    if (answer.response === 2) {
      quitting = false;
      throw new Error('quit cancelled');
    }
    stop = answer.response === 0;
  }
  await c.dispose({ stopGateway: stop });
}

function resourcesDir(): string {
  return app.isPackaged ? process.resourcesPath : path.join(mainDir, '..', '..', 'resources');
}
