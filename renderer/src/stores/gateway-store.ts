/** Gateway control, its timeline, logs (with level filter, search and follow) and the files we wrote. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { GatehouseApi, GatewayEvent, LogLine } from '../../../electron/core/contract.ts';
import type { UiError } from '../lib/errors.ts';
import { call } from './call.ts';
import { follow } from './follow.ts';

export type GatewayAction = 'start' | 'stop' | 'restart';
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface GatewayStoreState {
  timeline: GatewayEvent[];
  logs: LogLine[];
  logLevel: LogLevel;
  logSearch: string;
  follow: boolean;
  files: { path: string; text: string }[];
  filesLoading: boolean;
  busy: GatewayAction | null;
  actionError: UiError | null;
  lastAction: string | null;

  load(): Promise<void>;
  loadFiles(): Promise<void>;
  run(action: GatewayAction): Promise<boolean>;
  setLogLevel(level: LogLevel): void;
  setLogSearch(text: string): void;
  setFollow(follow: boolean): void;
  /**
   * Follows the logs stream while a log view is open (returns the stop): core sends log lines only to
   * someone watching, instead of to every window all the time.
   */
  watchLogs(): () => void;
}

export type GatewayStore = StoreApi<GatewayStoreState>;

const MAX_LOGS = 5000;

function mergeLogs(current: LogLine[], incoming: LogLine[]): LogLine[] {
  if (incoming.length === 0) return current;
  const last = current.length > 0 ? current[current.length - 1]!.seq : -Infinity;
  const firstIncoming = incoming[0]!.seq;
  // A restarted core starts its sequence again: take its snapshot as is.
  if (firstIncoming <= last && incoming[incoming.length - 1]!.seq < last) return incoming.slice(-MAX_LOGS);
  const fresh = incoming.filter((l) => l.seq > last);
  if (fresh.length === 0) return current;
  return [...current, ...fresh].slice(-MAX_LOGS);
}

/** Both lists by sequence number, each line once, oldest first. */
function unionLogs(a: LogLine[], b: LogLine[]): LogLine[] {
  const bySeq = new Map<number, LogLine>();
  for (const l of a) bySeq.set(l.seq, l);
  for (const l of b) bySeq.set(l.seq, l);
  return [...bySeq.values()].sort((x, y) => x.seq - y.seq).slice(-MAX_LOGS);
}

const DONE: Record<GatewayAction, string> = {
  start: 'Gateway start requested — watch the timeline for login and API ready.',
  stop: 'Gateway stopped.',
  restart: 'Gateway restart requested.',
};

export function createGatewayStore(
  api: GatehouseApi,
  deps: { notify(text: string, tone?: 'ok' | 'info' | 'bad'): void },
): GatewayStore & { dispose(): void } {
  let watchers = 0;
  let offL: (() => void) | null = null;
  const store = createStore<GatewayStoreState>()((set, get) => ({
    timeline: [],
    logs: [],
    logLevel: 'info',
    logSearch: '',
    follow: true,
    files: [],
    filesLoading: false,
    busy: null,
    actionError: null,
    lastAction: null,

    async load() {
      const [t, l] = await Promise.all([call(api, 'gateway.timeline'), call(api, 'gateway.logs', { limit: 2000 })]);
      if (t.ok && get().timeline.length === 0) set({ timeline: t.value });
      if (l.ok) set({ logs: mergeLogs(l.value.filter((x) => x.seq < (get().logs[0]?.seq ?? Infinity)), get().logs) });
    },

    async loadFiles() {
      set({ filesLoading: true });
      const r = await call(api, 'gateway.files');
      set({ filesLoading: false, ...(r.ok ? { files: r.value } : {}) });
    },

    async run(action) {
      set({ busy: action, actionError: null, lastAction: null });
      const r = await call(api, `gateway.${action}`);
      set({ busy: null });
      if (!r.ok) {
        set({ actionError: r.error });
        return false;
      }
      set({ lastAction: DONE[action] });
      deps.notify(DONE[action], action === 'stop' ? 'info' : 'ok');
      return true;
    },

    setLogLevel(logLevel) {
      set({ logLevel });
    },
    setLogSearch(logSearch) {
      set({ logSearch });
    },
    setFollow(follow) {
      set({ follow });
    },
    watchLogs() {
      if (watchers++ === 0) {
        offL = follow(api, 'logs', (lines) => set({ logs: mergeLogs(get().logs, lines) }));
        // Lines logged while no view was open: the stream's snapshot holds only the latest 300.
        void call(api, 'gateway.logs', { limit: 2000 }).then((r) => {
          if (r.ok) set({ logs: unionLogs(get().logs, r.value) });
        });
      }
      let stopped = false;
      return () => {
        if (stopped) return;
        stopped = true;
        if (--watchers === 0) {
          offL?.();
          offL = null;
        }
      };
    },
  }));
  const offT = follow(api, 'timeline', (timeline) => store.setState({ timeline }));
  return Object.assign(store, {
    dispose() {
      offT();
      offL?.();
    },
  });
}

export function filterLogs(lines: LogLine[], level: LogLevel, search: string): LogLine[] {
  const min = LOG_LEVELS.indexOf(level);
  const q = search.trim().toLowerCase();
  return lines.filter((l) => LOG_LEVELS.indexOf(l.level) >= min && (!q || l.text.toLowerCase().includes(q) || l.source.includes(q)));
}
