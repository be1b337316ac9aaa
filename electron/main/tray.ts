/** Applies core's tray model; keeps the Tray referenced so it is never garbage-collected. */
import { Menu, Notification, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import { initialStatus, type Core } from '../core/app.ts';
import type { Status } from '../core/contract.ts';
import { trayIconFile, trayModel, type TrayMenuItem } from '../core/shell/tray-model.ts';

export interface TrayHandle {
  noticeClosedToTray(): void;
  destroy(): void;
}

export function createTray(opts: {
  core: Core;
  resourcesDir: string;
  showWindow: () => void;
  quit: () => void;
}): TrayHandle {
  const iconPath = (status: Status) =>
    path.join(opts.resourcesDir, 'icons', trayIconFile(trayModel(status, null).icon, process.platform));
  const initial = opts.core.hub.get('status');
  const tray = new Tray(nativeImage.createFromPath(iconPath(initial ?? initialStatus())));
  let noticed = false;

  const toMenu = (items: TrayMenuItem[]): MenuItemConstructorOptions[] =>
    items.map((item) => {
      if (item.type === 'separator') return { type: 'separator' };
      if (item.type === 'label') return { label: item.label, enabled: false };
      const action = item.action;
      return {
        label: item.label,
        enabled: item.enabled,
        click: () => {
          if (action.kind === 'show') opts.showWindow();
          else if (action.kind === 'quit') opts.quit();
          // The menu's command is data from the tray model: it goes through the checked entry like any wire input.
          else void opts.core.dispatcher.wire(action.command, action.input);
        },
      };
    });

  const apply = (status: Status) => {
    const account = opts.core.hub.get('account');
    const model = trayModel(status, account?.summary['NetLiquidation'] ?? null, account?.currency, opts.core.hub.get('apiClients')?.clients.length ?? 0);
    tray.setImage(nativeImage.createFromPath(iconPath(status)));
    tray.setToolTip(model.tooltip);
    // Read by the Playwright _electron test, which cannot open a native tray menu.
    (globalThis as Record<string, unknown>)['__gatehouseTray'] = { icon: model.icon, tooltip: model.tooltip };
    // Linux desktops often show only the menu, so it is rebuilt and set again on every change.
    tray.setContextMenu(Menu.buildFromTemplate(toMenu(model.menu)));
  };
  const off = opts.core.hub.subscribe('status', (s) => apply(s as Status));
  // The count of connected API programs changes without the status changing.
  const offClients = opts.core.hub.subscribe('apiClients', () => {
    const s = opts.core.hub.get('status');
    if (s) apply(s);
  });
  tray.on('click', () => opts.showWindow());
  if (initial) apply(initial);

  return {
    noticeClosedToTray() {
      if (noticed) return;
      noticed = true;
      new Notification({ title: 'Gatehouse is still running', body: 'It keeps watching your Gateway from the tray.' }).show();
    },
    destroy() {
      off();
      offClients();
      tray.destroy();
    },
  };
}
