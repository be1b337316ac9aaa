/**
 * The frame's store: app info, status, settings and preferences, which screen is showing, the wizard flag
 * and short notices ("Gateway stopped."). Fed by the contract's streams and commands alone.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  Alert,
  AppInfo,
  GatehouseApi,
  Preferences,
  Profile,
  SettingsView,
  Status,
} from '../../../electron/core/contract.ts';
import type { UiError } from '../lib/errors.ts';
import { call } from './call.ts';
import { follow } from './follow.ts';

// 'api-clients' last, so the shortcuts of the others (Ctrl/Cmd+1…6) stay where users learned them.
export const SCREENS = ['dashboard', 'orders', 'risk', 'gateway', 'diagnostics', 'settings', 'api-clients'] as const;
export type Screen = (typeof SCREENS)[number];
export const SCREEN_LABELS: Record<Screen, string> = {
  dashboard: 'Dashboard',
  orders: 'Orders',
  risk: 'Risk',
  gateway: 'Gateway',
  diagnostics: 'Diagnostics',
  settings: 'Settings',
  'api-clients': 'API clients',
};

export interface Notice {
  id: number;
  tone: 'ok' | 'info' | 'bad';
  text: string;
}

export interface AppState {
  info: AppInfo | null;
  status: Status | null;
  /** A problem reaching core at all. */
  error: string | null;
  /** False while the browser-mode bridge to core is down (it reconnects by itself). */
  coreLink: boolean;
  /** Core answers, but not to this page's token: the address is from an earlier run (browser mode). */
  coreRefused: boolean;
  settings: SettingsView | null;
  settingsError: UiError | null;
  screen: Screen;
  wizardOpen: boolean;
  /** Bumped to ask the order ticket to take focus. */
  ticketFocus: number;
  alerts: Alert[];
  notices: Notice[];
  busy: { settings: boolean; export: boolean; profile: string | null };
  exportJson: string | null;

  loadSettings(): Promise<void>;
  setCoreLink(link: boolean | 'refused'): void;
  navigate(screen: Screen): void;
  openTicket(): void;
  setPreferences(patch: Partial<Preferences>): Promise<boolean>;
  switchProfile(id: string): Promise<void>;
  /** "Start the Gateway when Gatehouse starts" for one profile. */
  setStartOnLaunch(id: string, on: boolean): Promise<void>;
  deleteProfile(id: string): Promise<void>;
  exportSettings(): Promise<void>;
  clearExport(): void;
  /** Reads back an export; true when it was applied. */
  importSettings(text: string): Promise<boolean>;
  openWizard(): void;
  closeWizard(): void;
  notify(text: string, tone?: Notice['tone']): void;
  dismissNotice(id: number): void;
  /** Called by the wizard when it saved or created a profile. */
  profileSaved(profile: Profile): void;
}

export type AppStore = StoreApi<AppState>;

export function activeProfile(s: Pick<AppState, 'settings'>): Profile | null {
  const set = s.settings;
  if (!set) return null;
  return set.profiles.find((p) => p.id === set.activeProfileId) ?? null;
}

/** Live when the status or the active profile says so: the UI errs on the side of caution. */
export function isLive(s: Pick<AppState, 'settings' | 'status'>): boolean {
  return s.status?.profile?.mode === 'live' || activeProfile(s)?.mode === 'live';
}

let noticeId = 1;

function isScreen(s: unknown): s is Screen {
  return typeof s === 'string' && (SCREENS as readonly string[]).includes(s);
}

export function createAppStore(api: GatehouseApi): AppStore & { dispose(): void } {
  let restored = false;
  const store = createStore<AppState>()((set, get) => ({
    info: null,
    status: null,
    error: null,
    coreLink: true,
    coreRefused: false,
    settings: null,
    settingsError: null,
    screen: 'dashboard',
    wizardOpen: false,
    ticketFocus: 0,
    alerts: [],
    notices: [],
    busy: { settings: false, export: false, profile: null },
    exportJson: null,

    async loadSettings() {
      set((s) => ({ busy: { ...s.busy, settings: true } }));
      const r = await call(api, 'settings.get');
      set((s) => ({ busy: { ...s.busy, settings: false } }));
      if (!r.ok) {
        set({ settingsError: r.error });
        return;
      }
      const v = r.value;
      const firstRun = v.profiles.length === 0 || !v.preferences.wizardDone;
      // The first answer after start reopens the screen the user had open last time.
      const last = v.preferences.lastScreen;
      const reopen = !restored && isScreen(last) ? { screen: last } : {};
      restored = true;
      set((s) => ({ settings: v, settingsError: null, wizardOpen: s.wizardOpen || firstRun, ...reopen }));
    },

    setCoreLink(link) {
      const was = get().coreLink;
      const up = link === true;
      set({ coreLink: up, coreRefused: link === 'refused' });
      // Back after a drop: settings may have changed while we were away.
      if (up && !was) void get().loadSettings();
    },

    navigate(screen) {
      const was = get().screen;
      set({ screen, wizardOpen: false });
      if (screen !== was) void call(api, 'settings.setPreferences', { lastScreen: screen });
    },

    openTicket() {
      set((s) => ({ screen: 'orders', wizardOpen: false, ticketFocus: s.ticketFocus + 1 }));
    },

    async setPreferences(patch) {
      const current = get().settings;
      // Optimistic, so the theme flips at once; the answer from core wins.
      if (current) set({ settings: { ...current, preferences: { ...current.preferences, ...patch } } });
      const r = await call(api, 'settings.setPreferences', patch);
      if (!r.ok) {
        if (current) set({ settings: current });
        get().notify(`${r.error.message}${r.error.hint ? ` ${r.error.hint}` : ''}`, 'bad');
        return false;
      }
      const now = get().settings;
      if (now) set({ settings: { ...now, preferences: r.value } });
      return true;
    },

    async switchProfile(id) {
      const profile = get().settings?.profiles.find((p) => p.id === id);
      if (!profile) return;
      set((s) => ({ busy: { ...s.busy, profile: id } }));
      const r = await call(api, 'settings.activateProfile', { id });
      set((s) => ({ busy: { ...s.busy, profile: null } }));
      if (!r.ok) {
        get().notify(`${r.error.message}${r.error.hint ? ` ${r.error.hint}` : ''}`, 'bad');
        return;
      }
      await get().loadSettings();
      get().notify(`Switched to profile “${profile.name}”.`, 'ok');
    },

    async setStartOnLaunch(id, on) {
      set((s) => ({ busy: { ...s.busy, profile: id } }));
      const r = await call(api, 'settings.saveProfile', { profile: { id, startOnLaunch: on }, activate: false });
      set((s) => ({ busy: { ...s.busy, profile: null } }));
      if (!r.ok) {
        get().notify(`${r.error.message}${r.error.hint ? ` ${r.error.hint}` : ''}`, 'bad');
        return;
      }
      await get().loadSettings();
    },

    async deleteProfile(id) {
      const profile = get().settings?.profiles.find((p) => p.id === id);
      set((s) => ({ busy: { ...s.busy, profile: id } }));
      const r = await call(api, 'settings.deleteProfile', { id });
      set((s) => ({ busy: { ...s.busy, profile: null } }));
      if (!r.ok) {
        get().notify(`${r.error.message}${r.error.hint ? ` ${r.error.hint}` : ''}`, 'bad');
        return;
      }
      await get().loadSettings();
      get().notify(`Deleted profile “${profile?.name ?? id}”.`, 'ok');
    },

    async exportSettings() {
      set((s) => ({ busy: { ...s.busy, export: true } }));
      const r = await call(api, 'settings.export');
      set((s) => ({ busy: { ...s.busy, export: false } }));
      if (!r.ok) {
        get().notify(`${r.error.message}${r.error.hint ? ` ${r.error.hint}` : ''}`, 'bad');
        return;
      }
      set({ exportJson: r.value.json });
    },

    clearExport() {
      set({ exportJson: null });
    },

    async importSettings(text) {
      set((s) => ({ busy: { ...s.busy, export: true } }));
      const r = await call(api, 'settings.importJson', { text });
      set((s) => ({ busy: { ...s.busy, export: false } }));
      if (!r.ok) {
        get().notify(`${r.error.message}${r.error.hint ? ` ${r.error.hint}` : ''}`, 'bad');
        return false;
      }
      set({ settings: r.value.settings });
      get().notify(`Imported ${r.value.imported} profile${r.value.imported === 1 ? '' : 's'}.`, 'ok');
      for (const w of r.value.warnings) get().notify(w, 'info');
      return true;
    },

    openWizard() {
      set({ wizardOpen: true });
    },

    closeWizard() {
      set({ wizardOpen: false });
    },

    notify(text, tone = 'info') {
      const id = noticeId++;
      set((s) => ({ notices: [...s.notices.slice(-1), { id, tone, text }] }));
      setTimeout(() => get().dismissNotice(id), tone === 'bad' ? 10_000 : 4_000);
    },

    dismissNotice(id) {
      set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
    },

    profileSaved(profile) {
      const cur = get().settings;
      if (!cur) return;
      const others = cur.profiles.filter((p) => p.id !== profile.id);
      set({ settings: { ...cur, profiles: [...others, profile], activeProfileId: profile.id } });
    },
  }));

  void call(api, 'app.info').then((r) => {
    if (r.ok) store.setState({ info: r.value });
    else store.setState({ error: r.error.message });
  });
  const offStatus = follow(api, 'status', (status) => store.setState({ status }));
  // Alerts from core (disconnects, fills, rejections, risk) pop up once; the first snapshot is history.
  let seen: Set<string> | null = null;
  const offAlerts = follow(api, 'alerts', (alerts) => {
    store.setState({ alerts });
    if (seen === null) {
      seen = new Set(alerts.map((a) => a.id));
      return;
    }
    for (const a of alerts) {
      if (seen.has(a.id)) continue;
      seen.add(a.id);
      store.getState().notify(`${a.title}${a.body ? ` — ${a.body}` : ''}`, a.severity === 'error' ? 'bad' : a.severity === 'warn' ? 'bad' : 'info');
    }
  });
  void store.getState().loadSettings();

  return Object.assign(store, {
    dispose() {
      offStatus();
      offAlerts();
    },
  });
}
