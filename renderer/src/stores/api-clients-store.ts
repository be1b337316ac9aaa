/** The "API clients" screen: Gatehouse's API port, the programs connected to it, and disconnecting one. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClients, FirewallSettings, GatehouseApi } from '../../../electron/core/contract.ts';
import type { UiError } from '../lib/errors.ts';
import { call } from './call.ts';
import { follow } from './follow.ts';

export interface ApiClientsState {
  view: ApiClients | null;
  error: UiError | null;
  /** Ids being disconnected right now (the button waits for core). */
  disconnecting: number[];
  disconnect(id: number): Promise<void>;
  /** The active profile's API port settings (Settings → API port), null until loaded. */
  settings: FirewallSettings | null;
  settingsError: UiError | null;
  saving: boolean;
  loadSettings(): Promise<void>;
  /** Saves through core's validation; false (with field errors in settingsError) when refused. */
  saveSettings(next: FirewallSettings): Promise<boolean>;
}

export type ApiClientsStore = StoreApi<ApiClientsState>;

/** The block a trader pastes into a platform's settings or a script's environment. */
export function connectionBlock(view: ApiClients | null, clientId: number): string {
  return [`IBKR_HOST=${view?.host ?? '127.0.0.1'}`, `IBKR_PORT=${view?.port ?? ''}`, `IBKR_CLIENT_ID=${clientId}`].join('\n');
}

/** A client id for the next program: one no connected program and not Gatehouse itself uses. */
export function freeClientId(view: ApiClients | null): number {
  const taken = new Set<number>([...(view?.clients ?? []).flatMap((c) => (c.clientId === null ? [] : [c.clientId]))]);
  if (view?.gatehouseClientId !== null && view?.gatehouseClientId !== undefined) taken.add(view.gatehouseClientId);
  let id = 1;
  while (taken.has(id)) id++;
  return id;
}

export function createApiClientsStore(
  api: GatehouseApi,
  deps: { notify(text: string, tone?: 'ok' | 'info' | 'bad'): void },
): ApiClientsStore & { dispose(): void } {
  const store = createStore<ApiClientsState>()((set, get) => ({
    view: null,
    error: null,
    disconnecting: [],
    async disconnect(id) {
      if (get().disconnecting.includes(id)) return;
      set({ disconnecting: [...get().disconnecting, id], error: null });
      const r = await call(api, 'firewall.disconnect', { id });
      set({ disconnecting: get().disconnecting.filter((x) => x !== id) });
      if (r.ok) deps.notify('API client disconnected.', 'ok');
      else set({ error: r.error });
    },
    settings: null,
    settingsError: null,
    saving: false,
    async loadSettings() {
      const r = await call(api, 'firewall.settings');
      if (r.ok) set({ settings: r.value, settingsError: null });
      else set({ settingsError: r.error });
    },
    async saveSettings(next) {
      if (get().saving) return false;
      set({ saving: true, settingsError: null });
      const r = await call(api, 'firewall.saveSettings', next);
      set({ saving: false });
      if (!r.ok) {
        set({ settingsError: r.error });
        return false;
      }
      set({ settings: r.value });
      deps.notify('API port settings saved.', 'ok');
      return true;
    },
  }));
  const off = follow(api, 'apiClients', (view) => store.setState({ view }));
  return Object.assign(store, { dispose: off });
}
