/** Desktop lifecycle decisions as pure functions; the shell applies them. */
import type { Preferences } from '../contract.ts';

/** Closing the window keeps Gatehouse in the tray (the Gateway stays supervised); the first time, say so. */
export function onWindowClose(s: { quitting: boolean; noticeShown: boolean }): { hide: boolean; notice: boolean } {
  if (s.quitting) return { hide: false, notice: false };
  return { hide: true, notice: !s.noticeShown };
}

/** What quitting does to a running Gateway: the user's choice, asking by default. */
export function onQuit(s: { preference: Preferences['quitStopsGateway']; gatewayRunning: boolean }): 'stop-gateway' | 'leave-running' | 'ask' {
  if (!s.gatewayRunning) return 'leave-running';
  if (s.preference === 'always') return 'stop-gateway';
  if (s.preference === 'never') return 'leave-running';
  return 'ask';
}

export type NotificationKind = keyof Preferences['notifications'];

/** Whether a desktop notification of this kind should be shown under the user's preferences. */
export function shouldNotify(kind: NotificationKind, prefs: Preferences['notifications']): boolean {
  return prefs[kind];
}

/** Linux start-at-login is an autostart .desktop file (macOS/Windows use setLoginItemSettings). */
export function autostartDesktopEntry(execPath: string): string {
  return ['[Desktop Entry]', 'Type=Application', 'Name=Gatehouse', `Exec="${execPath}" --hidden`, 'X-GNOME-Autostart-enabled=true', ''].join('\n');
}
