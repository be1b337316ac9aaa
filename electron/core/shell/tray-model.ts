/**
 * Status → tray icon, tooltip and menu, as data. The shell only applies it, so what the tray shows is
 * decided (and tested) here.
 */
import type { CommandName, Status, StatusLevel } from '../contract.ts';

export type TrayIcon = 'connected' | 'starting' | 'degraded' | 'down' | 'stopped';

export type TrayMenuItem =
  | { type: 'separator' }
  | { type: 'item'; id: string; label: string; enabled: boolean; action: TrayAction }
  | { type: 'label'; id: string; label: string };

export type TrayAction =
  | { kind: 'show' }
  | { kind: 'quit' }
  | { kind: 'command'; command: CommandName; input?: unknown };

export interface TrayModel {
  icon: TrayIcon;
  tooltip: string;
  menu: TrayMenuItem[];
}

const ICON: Record<StatusLevel, TrayIcon> = {
  connected: 'connected',
  starting: 'starting',
  login: 'starting',
  degraded: 'degraded',
  down: 'down',
  stopped: 'stopped',
};

const LEVEL_TEXT: Record<StatusLevel, string> = {
  connected: 'Connected',
  starting: 'Starting',
  login: 'Waiting for login',
  degraded: 'Degraded',
  down: 'Down',
  stopped: 'Stopped',
};

/** `apiClients`: how many of the trader's programs are connected to Gatehouse's API port. */
export function trayModel(status: Status, netLiquidation: string | null, currency = 'USD', apiClients = 0): TrayModel {
  const running = status.gateway !== 'stopped' && status.gateway !== 'crashed';
  const profile = status.profile;
  const tipLines = [
    'Gatehouse',
    profile ? `${profile.name} · ${profile.mode === 'live' ? 'LIVE' : 'paper'}` : 'No profile',
    `${LEVEL_TEXT[status.level]} — ${status.message}`,
  ];
  if (netLiquidation !== null) tipLines.push(`Net liq ${formatMoney(netLiquidation, currency)}`);
  if (status.killSwitch) tipLines.push('Kill switch ON — orders blocked');
  if (apiClients > 0) tipLines.push(`${apiClients} API client${apiClients === 1 ? '' : 's'} connected`);

  const menu: TrayMenuItem[] = [
    { type: 'item', id: 'open', label: 'Open Gatehouse', enabled: true, action: { kind: 'show' } },
    { type: 'separator' },
    { type: 'label', id: 'status', label: `${LEVEL_TEXT[status.level]}: ${status.message}` },
    {
      type: 'label',
      id: 'profile',
      label: profile ? `Profile: ${profile.name} (${profile.mode})` : 'Profile: none',
    },
    { type: 'label', id: 'api-clients', label: `API clients connected: ${apiClients}` },
    { type: 'separator' },
    {
      type: 'item',
      id: 'start',
      label: 'Start Gateway',
      enabled: profile !== null && !running,
      action: { kind: 'command', command: 'gateway.start' },
    },
    {
      type: 'item',
      id: 'stop',
      label: 'Stop Gateway',
      enabled: running && status.gateway !== 'stopping',
      action: { kind: 'command', command: 'gateway.stop' },
    },
    {
      type: 'item',
      id: 'restart',
      label: 'Restart Gateway',
      enabled: running,
      action: { kind: 'command', command: 'gateway.restart' },
    },
    { type: 'separator' },
    {
      type: 'item',
      id: 'kill',
      label: status.killSwitch ? 'Kill switch is ON' : 'Kill switch: block all orders',
      enabled: !status.killSwitch,
      action: { kind: 'command', command: 'risk.killSwitch', input: { active: true, reason: 'Tray menu' } },
    },
    { type: 'separator' },
    { type: 'item', id: 'quit', label: 'Quit Gatehouse', enabled: true, action: { kind: 'quit' } },
  ];
  return { icon: ICON[status.level], tooltip: tipLines.join('\n'), menu };
}

function formatMoney(value: string, currency: string): string {
  const n = Number(value);
  if (!Number.isFinite(n)) return value;
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 }).format(n);
}

/** File names in resources/icons for an icon and platform (macOS uses template images). */
export function trayIconFile(icon: TrayIcon, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? `tray-${icon}Template.png` : `tray-${icon}.png`;
}
