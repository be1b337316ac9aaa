/**
 * Electron glue only: lifecycle, window, protocol, IPC, tray. Every decision lives in core, where it is
 * tested under Node; this file applies them.
 */
import { app, type BrowserWindow } from 'electron';
import path from 'node:path';
import { createCore, type Core } from '../core/app.ts';
import { createMainWindow, denyAllPermissions, preloadPathFrom } from './window.ts';
import { registerAppScheme, serveRenderer } from './protocol.ts';
import { registerIpc } from './ipc.ts';
import { createTray, type TrayHandle } from './tray.ts';

const mainDir = __dirname;
let core: Core | null = null;
let win: BrowserWindow | null = null;
let tray: TrayHandle | null = null;
let quitting = false;

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
  app.on('before-quit', () => {
    quitting = true;
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
      if (!quitting) {
        event.preventDefault();
        win?.hide();
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
  core = await createCore({
    dataDir: app.getPath('userData'),
    shell: 'electron',
    version: app.getVersion(),
  });
  registerIpc(core);
  tray = createTray({ core, resourcesDir: resourcesDir(), showWindow, quit: () => app.quit() });
  showWindow();
  app.on('will-quit', () => {
    void core?.dispose();
  });
}

function resourcesDir(): string {
  return app.isPackaged ? process.resourcesPath : path.join(mainDir, '..', '..', 'resources');
}
