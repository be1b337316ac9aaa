/** Desktop notifications for the alerts stream, each kind switchable in Settings. */
import { Notification } from 'electron';
import type { Core } from '../core/app.ts';
import type { Alert, Preferences } from '../core/contract.ts';
import { shouldNotify, type NotificationKind } from '../core/shell/lifecycle.ts';

const KIND: Partial<Record<Alert['kind'], NotificationKind>> = {
  disconnect: 'disconnect',
  reconnect: 'reconnect',
  fill: 'fills',
  rejection: 'rejections',
  risk: 'risk',
  gateway: 'disconnect',
};

export function forwardAlerts(core: Core): () => void {
  const prefs = async (): Promise<Preferences['notifications'] | null> => {
    const r = await core.dispatcher.dispatch('settings.get', undefined);
    return r.ok ? (r.value as { preferences: Preferences }).preferences.notifications : null;
  };
  const shown = new Set<string>();
  let first = true;
  return core.hub.subscribe('alerts', async (value) => {
    const alerts = value as Alert[];
    // The first delivery is history, not news.
    if (first) {
      for (const a of alerts) shown.add(a.id);
      first = false;
      return;
    }
    const p = await prefs();
    for (const a of [...alerts].reverse()) {
      if (shown.has(a.id)) continue;
      shown.add(a.id);
      const kind = KIND[a.kind];
      if (!kind || !p || !shouldNotify(kind, p) || !Notification.isSupported()) continue;
      new Notification({ title: a.title, body: a.body, urgency: a.severity === 'error' ? 'critical' : 'normal' }).show();
    }
  });
}
