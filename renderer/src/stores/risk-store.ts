/**
 * Risk: the limits form (as text, so half-typed numbers survive), field errors from core, the kill switch
 * with type-to-confirm in live mode, and the audit log with its filter.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AuditEntry, GatehouseApi, OrderType, RiskLimits, RiskState } from '../../../electron/core/contract.ts';
import { RISK_LIMIT_KEYS, type RiskLimitKey } from '../../../electron/core/contract/constants.ts';
import { fieldsFor, type UiError } from '../lib/errors.ts';
import { call } from './call.ts';
import { follow } from './follow.ts';

/** The numeric limits, one input each, straight from the contract's table. */
export const MONEY_LIMITS = RISK_LIMIT_KEYS;
export type MoneyLimit = RiskLimitKey;

export type LimitsDraft = Record<MoneyLimit, string> & {
  allowedSymbols: string;
  blockedSymbols: string;
  allowedOrderTypes: OrderType[];
  maxOrdersPerMinute: string;
  flattenOnKill: boolean;
  'pdt.enabled': boolean;
  'pdt.maxDayTrades': string;
  'pdt.windowDays': string;
  'pdt.equityThreshold': string;
};

export function limitsToDraft(l: RiskLimits): LimitsDraft {
  return {
    ...(Object.fromEntries(MONEY_LIMITS.map((k) => [k, l[k] ?? ''])) as Record<MoneyLimit, string>),
    allowedSymbols: l.allowedSymbols.join(', '),
    blockedSymbols: l.blockedSymbols.join(', '),
    allowedOrderTypes: [...l.allowedOrderTypes],
    maxOrdersPerMinute: l.maxOrdersPerMinute === null ? '' : String(l.maxOrdersPerMinute),
    flattenOnKill: l.flattenOnKill,
    'pdt.enabled': l.pdt.enabled,
    'pdt.maxDayTrades': String(l.pdt.maxDayTrades),
    'pdt.windowDays': String(l.pdt.windowDays),
    'pdt.equityThreshold': l.pdt.equityThreshold,
  };
}

const list = (s: string) =>
  s
    .split(/[\s,;]+/)
    .map((x) => x.trim().toUpperCase())
    .filter(Boolean);

/** Builds the contract's limits; whole-number fields that are not numbers come back as field errors. */
export function draftToLimits(d: LimitsDraft): { limits: RiskLimits | null; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  const whole = (key: keyof LimitsDraft, required: boolean): number | null => {
    const v = String(d[key]).trim();
    if (!v) {
      if (required) fields[key] = 'Enter a whole number';
      return null;
    }
    if (!/^\d+$/.test(v)) {
      fields[key] = 'Enter a whole number, e.g. 3';
      return null;
    }
    return Number(v);
  };
  const money = (key: MoneyLimit) => (d[key].trim() === '' ? null : d[key].trim().replace(/,/g, ''));
  const maxOrdersPerMinute = whole('maxOrdersPerMinute', false);
  const maxDayTrades = whole('pdt.maxDayTrades', true);
  const windowDays = whole('pdt.windowDays', true);
  if (!d['pdt.equityThreshold'].trim()) fields['pdt.equityThreshold'] = 'Enter an amount (0 for none)';
  if (Object.keys(fields).length > 0) return { limits: null, fields };
  return {
    fields,
    limits: {
      ...(Object.fromEntries(MONEY_LIMITS.map((k) => [k, money(k)])) as Record<MoneyLimit, string | null>),
      allowedSymbols: list(d.allowedSymbols),
      blockedSymbols: list(d.blockedSymbols),
      allowedOrderTypes: d.allowedOrderTypes,
      maxOrdersPerMinute,
      flattenOnKill: d.flattenOnKill,
      pdt: {
        enabled: d['pdt.enabled'],
        maxDayTrades: maxDayTrades ?? 0,
        windowDays: windowDays ?? 1,
        equityThreshold: d['pdt.equityThreshold'].trim().replace(/,/g, ''),
      },
    },
  };
}

export interface AuditFilter {
  verdict: 'all' | AuditEntry['verdict'];
  kind: 'all' | AuditEntry['kind'];
  text: string;
}

export interface RiskStoreState {
  risk: RiskState | null;
  loadError: UiError | null;
  draft: LimitsDraft | null;
  dirty: boolean;
  fieldErrors: Record<string, string>;
  saving: boolean;
  saveError: UiError | null;
  savedAt: number | null;
  killConfirmText: string;
  killReason: string;
  killBusy: boolean;
  killError: string | null;
  audit: AuditEntry[];
  auditLoading: boolean;
  auditFilter: AuditFilter;

  load(): Promise<void>;
  setLimit<K extends keyof LimitsDraft>(key: K, value: LimitsDraft[K]): void;
  toggleOrderType(type: OrderType): void;
  resetDraft(): void;
  saveLimits(): Promise<void>;
  setKillConfirmText(text: string): void;
  setKillReason(text: string): void;
  setKillSwitch(active: boolean): Promise<void>;
  loadAudit(): Promise<void>;
  /**
   * Follows the risk stream while a view of it is open (the Risk screen); the returned function stops.
   * Core builds the risk view per delivery (exposure over every position and working order), up to 20 a
   * second: nobody following, nothing is built.
   */
  watchRisk(): () => void;
  setAuditFilter(patch: Partial<AuditFilter>): void;
}

export type RiskStore = StoreApi<RiskStoreState>;

export interface RiskDeps {
  isLive(): boolean;
  notify(text: string, tone?: 'ok' | 'info' | 'bad'): void;
}

/** What the user must type to move the kill switch in live mode. */
export const KILL_WORD = { trip: 'KILL', reset: 'RESUME' } as const;

export function createRiskStore(api: GatehouseApi, deps: RiskDeps): RiskStore & { dispose(): void } {
  let watchers = 0;
  let offRisk: (() => void) | null = null;
  const onRisk = (risk: RiskState | null) => {
    if (!risk) return;
    const s = store.getState();
    store.setState({ risk, ...(s.dirty || s.draft ? {} : { draft: limitsToDraft(risk.limits) }) });
  };
  const store = createStore<RiskStoreState>()((set, get) => ({
    watchRisk() {
      if (watchers++ === 0) offRisk = follow(api, 'risk', onRisk);
      let stopped = false;
      return () => {
        if (stopped) return;
        stopped = true;
        if (--watchers === 0) {
          offRisk?.();
          offRisk = null;
        }
      };
    },
    risk: null,
    loadError: null,
    draft: null,
    dirty: false,
    fieldErrors: {},
    saving: false,
    saveError: null,
    savedAt: null,
    killConfirmText: '',
    killReason: '',
    killBusy: false,
    killError: null,
    audit: [],
    auditLoading: false,
    auditFilter: { verdict: 'all', kind: 'all', text: '' },

    async load() {
      const r = await call(api, 'risk.get');
      if (!r.ok) {
        set({ loadError: r.error });
        return;
      }
      set({ risk: r.value, loadError: null, ...(get().dirty ? {} : { draft: limitsToDraft(r.value.limits) }) });
    },

    setLimit(key, value) {
      const draft = get().draft;
      if (!draft) return;
      const fieldErrors = { ...get().fieldErrors };
      delete fieldErrors[key];
      set({ draft: { ...draft, [key]: value }, dirty: true, fieldErrors, savedAt: null, saveError: null });
    },

    toggleOrderType(type) {
      const draft = get().draft;
      if (!draft) return;
      const has = draft.allowedOrderTypes.includes(type);
      get().setLimit(
        'allowedOrderTypes',
        has ? draft.allowedOrderTypes.filter((t) => t !== type) : [...draft.allowedOrderTypes, type],
      );
    },

    resetDraft() {
      const risk = get().risk;
      set({ draft: risk ? limitsToDraft(risk.limits) : null, dirty: false, fieldErrors: {}, saveError: null });
    },

    async saveLimits() {
      const draft = get().draft;
      if (!draft) return;
      const { limits, fields } = draftToLimits(draft);
      if (!limits) {
        set({ fieldErrors: fields, saveError: null });
        return;
      }
      set({ saving: true, saveError: null, fieldErrors: {} });
      const r = await call(api, 'risk.setLimits', limits);
      set({ saving: false });
      if (!r.ok) {
        set({ fieldErrors: fieldsFor(r.error, 'limits'), saveError: r.error });
        return;
      }
      const risk = get().risk;
      set({
        draft: limitsToDraft(r.value),
        dirty: false,
        savedAt: Date.now(),
        ...(risk ? { risk: { ...risk, limits: r.value } } : {}),
      });
      deps.notify('Risk limits saved.', 'ok');
    },

    setKillConfirmText(text) {
      set({ killConfirmText: text, killError: null });
    },

    setKillReason(text) {
      set({ killReason: text });
    },

    async setKillSwitch(active) {
      if (deps.isLive()) {
        const word = active ? KILL_WORD.trip : KILL_WORD.reset;
        if (get().killConfirmText.trim().toUpperCase() !== word) {
          set({ killError: `Type ${word} to confirm — this is a live account.` });
          return;
        }
      }
      set({ killBusy: true, killError: null });
      const reason = get().killReason.trim();
      const r = await call(api, 'risk.killSwitch', { active, ...(reason ? { reason } : {}) });
      set({ killBusy: false });
      if (!r.ok) {
        set({ killError: `${r.error.message}${r.error.hint ? ` ${r.error.hint}` : ''}` });
        return;
      }
      set({ risk: r.value, killConfirmText: '', killReason: '' });
      deps.notify(
        active
          ? 'Kill switch on: new orders are blocked and open orders were cancelled.'
          : 'Kill switch off: orders can be sent again.',
        active ? 'bad' : 'ok',
      );
      void get().loadAudit();
    },

    async loadAudit() {
      set({ auditLoading: true });
      const r = await call(api, 'risk.audit', { limit: 500 });
      set({ auditLoading: false, ...(r.ok ? { audit: r.value } : {}) });
    },

    setAuditFilter(patch) {
      set({ auditFilter: { ...get().auditFilter, ...patch } });
    },
  }));
  return Object.assign(store, { dispose: () => offRisk?.() });
}

/** Audit rows that pass the filter (presentation only). */
export function filterAudit(entries: AuditEntry[], f: AuditFilter): AuditEntry[] {
  const text = f.text.trim().toLowerCase();
  return entries.filter(
    (e) =>
      (f.verdict === 'all' || e.verdict === f.verdict) &&
      (f.kind === 'all' || e.kind === f.kind) &&
      (!text ||
        e.reasons.some((r) => r.toLowerCase().includes(text)) ||
        JSON.stringify(e.order ?? {}).toLowerCase().includes(text)),
  );
}
