/**
 * An in-memory GatehouseApi for component tests (and the UI preview): contract-shaped answers, core's own
 * pure risk engine deciding every order, a Gateway that "starts" on timers, and every call recorded.
 * Override any command with `fake.handle(name, fn)`. Plain TS with no Node imports, so it can also be
 * bundled into a page.
 */
import { DEFAULT_PREFERENCES } from '../../../electron/core/settings/defaults.ts';
import { defaultLimits } from '../../../electron/core/risk/defaults.ts';
import { parseLimits } from '../../../electron/core/risk/limits.ts';
// The engine itself, not the risk index: the gate behind it keeps files (node:fs), the engine is pure.
import { evaluate } from '../../../electron/core/risk/engine.ts';
import { lossFigures } from '../../../electron/core/risk/equity.ts';
import { buildBooks, grossExposure } from '../../../electron/core/risk/exposure.ts';
import { format } from '../../../electron/core/risk/money.ts';
import { instrumentId } from '../../../electron/core/contract/keys.ts';
import { riskRefusal } from '../../../electron/core/risk/refusal.ts';
import type { RiskContext } from '../../../electron/core/risk/types.ts';
import { OrderTicket as OrderTicketSchema } from '../../../electron/core/contract/schemas.ts';
import { diffValue, type StreamMessage } from '../../../electron/core/contract/changes.ts';
import { AppError, badInput } from '../../../electron/core/errors.ts';
import { parseFirewallSettings } from '../../../electron/core/firewall/settings.ts';
import { csvFilename, fillsCsv, ordersCsv } from '../../../electron/core/export/csv.ts';
import type {
  AccountSnapshot,
  ApiClient,
  ApiClients,
  AppErrorShape,
  AuditEntry,
  CheckResult,
  CommandInput,
  CommandName,
  CommandOutput,
  FirewallSettings,
  GatehouseApi,
  GatewayEvent,
  LogLine,
  OrdersSnapshot,
  OrderTicket,
  OrderView,
  Preferences,
  Profile,
  Result,
  RiskLimits,
  RiskState,
  RiskVerdict,
  SettingsView,
  Status,
  StreamName,
  StreamValue,
} from '../../../electron/core/contract.ts';

export class FakeError extends Error {
  readonly shape: AppErrorShape;
  constructor(shape: AppErrorShape) {
    super(shape.message);
    this.shape = shape;
  }
}

type Handler<C extends CommandName> = (input: CommandInput<C>) => CommandOutput<C> | Promise<CommandOutput<C>>;

export interface FakeOptions {
  settings?: Partial<SettingsView>;
  preferences?: Partial<Preferences>;
  /** Start connected with account data (a set-up user); otherwise a first run. */
  connected?: boolean;
  /** Milliseconds each command takes (0 = next microtask). */
  latency?: number;
  /** Milliseconds between Gateway start phases. */
  startStepMs?: number;
  mode?: 'paper' | 'live';
  stale?: boolean;
  now?: () => number;
}

// The real defaults, so the fake cannot drift from what core ships.
export const DEFAULT_PREFS: Preferences = DEFAULT_PREFERENCES;
export const DEFAULT_LIMITS: RiskLimits = defaultLimits();

const PRICES: Record<string, { price: number; name: string; exch: string }> = {
  AAPL: { price: 189.25, name: 'APPLE INC', exch: 'NASDAQ' },
  MSFT: { price: 415.1, name: 'MICROSOFT CORP', exch: 'NASDAQ' },
  SPY: { price: 512.4, name: 'SPDR S&P 500 ETF TRUST', exch: 'ARCA' },
  TSLA: { price: 178.8, name: 'TESLA INC', exch: 'NASDAQ' },
};
/** Futures the fake quotes: price per index point and the multiplier (ES as contracts.expiries lists it). */
const FUTURES: Record<string, { price: number; multiplier: string }> = {
  ES: { price: 5925.25, multiplier: '50' },
};

/**
 * The risk figures only the gate keeps (equity marks, day trades, IB's day-trade count): fixed here, the
 * marks chosen so core's loss arithmetic on the fake account (net liq 101,342.18) gives a $420 daily loss
 * and a $570 drawdown from the peak.
 */
const GATE_FIGURES = {
  equity: { startOfDay: '101762.18', peak: '101912.18' },
  pdt: { dayTrades: 1, dayTradesRemainingIb: 2 },
};
const ONE_MINUTE = 60_000;

function profileFor(mode: 'paper' | 'live', demo: boolean, id = 'p1'): Profile {
  return {
    id,
    name: demo ? 'Demo' : mode === 'live' ? 'Live' : 'Paper',
    mode,
    installPath: demo ? '' : '/home/trader/Jts/ibgateway/1030',
    settingsPath: '/home/trader/Jts',
    ibcPath: null,
    product: 'gateway',
    apiPort: mode === 'live' ? 4001 : 4002,
    clientId: 1,
    trustedIps: ['127.0.0.1'],
    readOnlyApi: false,
    username: demo ? 'demo' : 'jdoe',
    account: mode === 'live' ? 'U1234567' : 'DU1234567',
    autoRestartTime: '11:45 PM',
    twoFactor: { timeoutAction: 'restart', device: '' },
    existingSessionAction: 'manual',
    coldRestartTime: '',
    javaHeapMb: null,
    demo,
  };
}

/** core's rule in miniature (status.ts): orders leave only when connected and the kill switch is off. */
function fakeOrdersGate(level: Status['level'], killSwitch: boolean): Status['orders'] {
  if (killSwitch) return { enabled: false, reason: 'The kill switch is on' };
  if (level !== 'connected') return { enabled: false, reason: level === 'stopped' ? 'The Gateway is stopped' : 'The API connection is down' };
  return { enabled: true, reason: null };
}

export function makeStatus(level: Status['level'], profile: Profile | null, killSwitch = false, now = Date.now()): Status {
  const gateway: Status['gateway'] =
    level === 'connected' ? 'running' : level === 'login' ? 'awaiting-login' : level === 'starting' ? 'starting' : level === 'down' ? 'crashed' : level === 'degraded' ? 'degraded' : 'stopped';
  const message =
    level === 'connected'
      ? `Connected to ${profile?.account ?? 'account'}`
      : level === 'login'
        ? 'Waiting for login'
        : level === 'starting'
          ? 'Gateway starting'
          : level === 'down'
            ? 'Gateway down'
            : level === 'degraded'
              ? 'IB servers unreachable'
              : 'Gateway stopped';
  return {
    level,
    message,
    gateway,
    profile: profile ? { name: profile.name, mode: profile.mode } : null,
    account: level === 'connected' ? (profile?.account ?? null) : null,
    broker: {
      connected: level === 'connected',
      serverVersion: level === 'connected' ? 176 : null,
      clientId: level === 'connected' ? 1 : null,
      connectedAt: level === 'connected' ? now : null,
      ibLink: 'ok',
      farms: level === 'connected' ? { usfarm: 'ok', ushmds: 'ok' } : {},
    },
    killSwitch,
    orders: fakeOrdersGate(level, killSwitch),
    since: now,
  };
}

export function makeAccount(account: string, now: number, stale = false): AccountSnapshot {
  const start = now - 6 * 3600_000;
  const equityLine = Array.from({ length: 60 }, (_, i) => ({
    time: start + i * 6 * 60_000,
    value: (100_000 + Math.sin(i / 6) * 450 + i * 22).toFixed(2),
  }));
  return {
    account,
    currency: 'USD',
    summary: {
      NetLiquidation: '101342.18',
      TotalCashValue: '62110.40',
      BuyingPower: '405368.72',
      AvailableFunds: '96502.11',
      ExcessLiquidity: '97810.00',
      InitMarginReq: '4840.07',
      MaintMarginReq: '3532.18',
      GrossPositionValue: '39231.78',
      DayTradesRemaining: '3',
    },
    pnl: { daily: '1342.18', unrealized: '-212.55', realized: '250.00' },
    positions: [
      { account, conId: 265598, symbol: 'AAPL', secType: 'STK', currency: 'USD', quantity: '100', avgCost: '185.10', marketPrice: '189.25', marketValue: '18925.00', unrealizedPnl: '415.00', realizedPnl: '0' },
      { account, conId: 272093, symbol: 'MSFT', secType: 'STK', currency: 'USD', quantity: '40', avgCost: '420.00', marketPrice: '415.10', marketValue: '16604.00', unrealizedPnl: '-196.00', realizedPnl: '0' },
      { account, conId: 76792991, symbol: 'TSLA', secType: 'STK', currency: 'USD', quantity: '-20', avgCost: '176.50', marketPrice: '178.80', marketValue: '-3576.00', unrealizedPnl: '-46.00', realizedPnl: '0' },
    ],
    equityLine,
    updatedAt: now,
    stale,
  };
}

export interface FakeApi extends GatehouseApi {
  calls: { command: CommandName; input: unknown }[];
  handle<C extends CommandName>(command: C, fn: Handler<C>): void;
  fail(command: CommandName, error: AppErrorShape): void;
  publish<S extends StreamName>(stream: S, value: StreamValue<S>): void;
  last<S extends StreamName>(stream: S): StreamValue<S> | undefined;
  /** The link came back: as the transport subscribes again, every stream is sent its current snapshot. */
  reconnect(): void;
  state: {
    settings: SettingsView;
    limits: RiskLimits;
    killSwitch: RiskState['killSwitch'];
    orders: OrdersSnapshot;
    audit: AuditEntry[];
    passwords: Record<string, string>;
    apiClients: ApiClient[];
    firewall: FirewallSettings;
    /** Symbols the UI asked to stream quotes for. */
    watched: string[];
  };
}

/** How many subscriptions to `stream` the page holds right now (on-demand streams are followed only while shown). */
export function countFollowers(api: FakeApi, stream: Parameters<FakeApi['subscribe']>[0]): () => number {
  let following = 0;
  const subscribe = api.subscribe.bind(api);
  api.subscribe = ((name, listener) => {
    const off = subscribe(name, listener);
    if (name !== stream) return off;
    following++;
    return () => {
      following--;
      off();
    };
  }) as typeof api.subscribe;
  return () => following;
}

export function createFakeApi(opts: FakeOptions = {}): FakeApi {
  const now = opts.now ?? (() => Date.now());
  const mode = opts.mode ?? 'paper';
  const setUp = opts.connected ?? false;
  const profile0 = setUp ? profileFor(mode, false) : null;
  const state: FakeApi['state'] = {
    settings: {
      profiles: profile0 ? [profile0] : [],
      activeProfileId: profile0?.id ?? null,
      preferences: { ...DEFAULT_PREFS, wizardDone: setUp, ...opts.preferences },
      recoveredFrom: null,
      secretsBackend: { persistent: true, description: 'the system keychain' },
      ...opts.settings,
    },
    limits: structuredClone(DEFAULT_LIMITS),
    killSwitch: { active: false, reason: null, since: null },
    orders: { open: [], done: [], fills: [], reconciled: true, ownClientId: 1 },
    audit: [],
    passwords: {},
    apiClients: [],
    firewall: { port: null, trustedAddresses: [], policies: [] },
    watched: [],
  };
  const apiClients = (): ApiClients => {
    const p = activeProfile();
    return { host: '127.0.0.1', port: p ? p.apiPort + 10 : null, listening: !!p, problem: null, gatehouseClientId: p?.clientId ?? null, masterByIbc: !!p?.ibcPath, clients: [...state.apiClients] };
  };
  let nextOrderId = 101;
  let nextProfile = 2;
  let logSeq = 1;
  const logs: LogLine[] = [];
  const timeline: GatewayEvent[] = [];
  const listeners = new Map<StreamName, Set<(m: StreamMessage) => void>>();
  const lastValues = new Map<StreamName, unknown>();
  /** What the listeners hold, as core's hub keeps it: a copy, so a later change to the fake's state is a change. */
  const sent = new Map<StreamName, unknown>();
  const overrides = new Map<CommandName, (input: unknown) => unknown>();
  const calls: FakeApi['calls'] = [];
  let gatewayTimers: ReturnType<typeof setTimeout>[] = [];

  const activeProfile = () => state.settings.profiles.find((p) => p.id === state.settings.activeProfileId) ?? null;

  /** As core's hub: only what changed since the last delivery (contract/changes.ts), nothing if nothing did. */
  function publish<S extends StreamName>(stream: S, value: StreamValue<S>) {
    lastValues.set(stream, value);
    const copy = structuredClone(value);
    const msg = diffValue(stream, sent.get(stream), copy);
    sent.set(stream, copy);
    if (!msg) return;
    for (const l of listeners.get(stream) ?? []) l(structuredClone(msg));
  }
  function log(level: LogLine['level'], source: LogLine['source'], text: string) {
    logs.push({ seq: logSeq++, time: now(), source, level, text });
    publish('logs', logs.slice(-500));
  }
  function event(st: GatewayEvent['state'], reason: string) {
    timeline.push({ time: now(), state: st, reason });
    publish('timeline', [...timeline]);
  }
  /** Times of orders let through, for the orders-per-minute rule and the usage figure (as the gate counts them). */
  const letThrough: number[] = [];
  const ordersLastMinute = () => letThrough.filter((t) => now() - t < ONE_MINUTE).length;
  const snapshot = () => (lastValues.get('account') as AccountSnapshot | null | undefined) ?? null;
  /** What core's gate hands the engine (RiskGate.context), from the fake's book, prices and kill switch. */
  function riskContext(excludeOrderId?: number): RiskContext {
    return {
      mode: activeProfile()?.mode ?? mode,
      // By instrument, as core asks (contract/keys.ts instrumentId): the fake quotes every ES month alike.
      lastPrice: (instrument) => {
        const root = instrument.toUpperCase().split(' ')[0] ?? '';
        const p = PRICES[root] ?? FUTURES[root];
        return p ? p.price.toFixed(2) : null;
      },
      multiplier: (symbol, secType) => (secType === 'FUT' ? (FUTURES[symbol.toUpperCase()]?.multiplier ?? null) : null),
      openOrders: state.orders.open.filter((o) => o.orderId !== excludeOrderId),
      killSwitch: { active: state.killSwitch.active, reason: state.killSwitch.reason },
      limitsProblem: null,
      ordersLastMinute: ordersLastMinute(),
      equity: GATE_FIGURES.equity,
      pdt: { ...GATE_FIGURES.pdt, wouldDayTrade: () => false },
    };
  }
  /** Usage as core's gate figures it (RiskGate.state): the same loss and exposure arithmetic the rules use. */
  function riskState(): RiskState {
    const ctx = riskContext();
    const figures = lossFigures(snapshot(), ctx.equity);
    const gross = grossExposure(buildBooks(snapshot(), ctx.openOrders, ctx.lastPrice, ctx.multiplier));
    return {
      limits: state.limits,
      killSwitch: state.killSwitch,
      usage: {
        dailyLoss: format(figures.dailyLoss, 2),
        drawdown: format(figures.drawdown, 2),
        grossExposure: format(gross, 2),
        ordersLastMinute: ordersLastMinute(),
        startOfDayEquity: ctx.equity.startOfDay,
        peakEquity: figures.peak ? format(figures.peak) : null,
      },
      pdt: { ...GATE_FIGURES.pdt },
    };
  }
  function status(level: Status['level']) {
    publish('status', makeStatus(level, activeProfile(), state.killSwitch.active, now()));
  }
  function connect() {
    status('connected');
    const p = activeProfile();
    publish('account', makeAccount(p?.account || 'DU1234567', now(), opts.stale ?? false));
    publish('orders', { ...state.orders });
    publish('risk', riskState());
  }

  publish('status', makeStatus(setUp ? 'connected' : 'stopped', activeProfile(), false, now()));
  publish('alerts', []);
  publish('timeline', []);
  publish('apiClients', apiClients());
  publish('logs', []);
  publish('orders', state.orders);
  publish('account', null);
  publish('risk', riskState());
  if (setUp) {
    event('starting', 'Started by you');
    event('awaiting-login', 'IBC is logging in');
    event('api-ready', 'API port 4002 open');
    event('running', 'Connected as client 1');
    log('info', 'supervisor', 'Gateway started (pid 4242)');
    log('info', 'ibc', 'Login dialog found; entering credentials');
    log('warn', 'gateway', 'Market data farm connection is inactive but should be available upon demand.ushmds');
    log('info', 'broker', 'Connected, server version 176, client id 1');
    connect();
  }

  function bad(message: string, fields?: Record<string, string>, hint?: string): never {
    throw new FakeError({ code: 'BAD_INPUT', message, ...(fields ? { fields } : {}), hint: hint ?? 'Check the highlighted fields and try again.' });
  }

  /** The ticket as core's dispatcher hands it on (the contract's schema, defaults filled in). */
  function parsedTicket(t: OrderTicket, command: CommandName) {
    const parsed = OrderTicketSchema.safeParse(t);
    if (!parsed.success) throw new FakeError(badInput(parsed.error, `input for ${command}`).toShape());
    return parsed.data;
  }

  /** Core's engine decides: the same rule ids, messages and limits a user sees from the real core. */
  function verdictFor(t: OrderTicket, command: CommandName, excludeOrderId?: number): { verdict: RiskVerdict; last: string | null } {
    const ticket = parsedTicket(t, command);
    const ctx = riskContext(excludeOrderId);
    return { last: ctx.lastPrice(ticket.symbol), verdict: evaluate(ticket, snapshot(), state.limits, { now }, ctx) };
  }

  function whatIfFor(t: OrderTicket, last: string | null) {
    const qty = Number(t.quantity);
    const px = Number(last ?? 0);
    return { commission: (Math.max(1, qty * 0.005)).toFixed(2), initMarginChange: (qty * px * 0.25).toFixed(2), maintMarginChange: (qty * px * 0.2).toFixed(2), equityWithLoanAfter: '101340.18', warning: null };
  }

  function orderView(id: number, t: OrderTicket): OrderView {
    const p = activeProfile();
    return {
      orderId: id,
      permId: 900000 + id,
      clientId: 1,
      account: p?.account ?? 'DU1234567',
      symbol: String(t.symbol).toUpperCase(),
      secType: 'STK',
      side: t.side,
      quantity: t.quantity,
      type: t.type,
      limitPrice: t.limitPrice ?? null,
      stopPrice: t.stopPrice ?? null,
      trailAmount: t.trailAmount ?? null,
      trailPercent: t.trailPercent ?? null,
      tif: t.tif ?? 'DAY',
      outsideRth: t.outsideRth ?? false,
      status: 'Submitted',
      filled: '0',
      remaining: t.quantity,
      avgFillPrice: null,
      lastError: null,
      updatedAt: now(),
      submittedAt: now(),
    };
  }

  /** Core's one refusal (risk/refusal.ts): the same code, message and hint, with the verdict and the what-if. */
  function refuseUnlessAllowed(verdict: RiskVerdict, whatIf: ReturnType<typeof whatIfFor>): void {
    const refusal = riskRefusal(verdict, whatIf);
    if (refusal) throw new FakeError(refusal.toShape());
  }

  const checks = (): CheckResult[] => [
    { id: 'connection', label: 'Connection active', ok: true, detail: 'Connected to 127.0.0.1:4002 as client 1', hint: null, ms: 12 },
    { id: 'balance', label: 'Account balance', ok: true, detail: 'Net liquidation $101,342.18', hint: null, ms: 140 },
    { id: 'buying-power', label: 'Buying power', ok: true, detail: '$405,368.72', hint: null, ms: 3 },
    { id: 'positions', label: 'Open positions', ok: true, detail: '3 positions', hint: null, ms: 88 },
    { id: 'api', label: 'API access', ok: true, detail: 'Orders allowed (read-only is off)', hint: null, ms: 41 },
  ];

  const handlers: { [C in CommandName]: Handler<C> } = {
    'app.info': () => ({ name: 'Gatehouse', version: '0.1.0', platform: 'linux-x64', shell: 'web', demo: false }),
    'settings.get': () => structuredClone(state.settings),
    'settings.saveProfile': (input) => {
      const p = input!.profile;
      const fields: Record<string, string> = {};
      if (p.name !== undefined && !p.name.trim()) fields['profile.name'] = 'Give the profile a name';
      if (p.account && !/^(DU|U|DF|F)\d{4,}$/.test(p.account)) fields['account'] = 'An IBKR account looks like U1234567 (live) or DU1234567 (paper)';
      if (p.account && p.mode === 'paper' && /^U/.test(p.account)) fields['account'] = 'U… is a live account — paper accounts start with DU';
      if (Object.keys(fields).length > 0) bad('Some profile fields need fixing.', fields);
      const existing = state.settings.profiles.find((x) => x.id === p.id);
      const base = existing ?? profileFor(p.mode ?? 'paper', false, `p${nextProfile++}`);
      const saved: Profile = { ...base, ...(p as Partial<Profile>), id: base.id } as Profile;
      state.settings.profiles = [...state.settings.profiles.filter((x) => x.id !== saved.id), saved];
      if (input!.activate !== false) state.settings.activeProfileId = saved.id;
      return { ...saved, warnings: saved.account.startsWith('F') ? ['F… is an advisor master account; kept as typed'] : [] };
    },
    'settings.deleteProfile': ({ id }) => {
      state.settings.profiles = state.settings.profiles.filter((p) => p.id !== id);
      if (state.settings.activeProfileId === id) state.settings.activeProfileId = state.settings.profiles[0]?.id ?? null;
      return { ok: true };
    },
    'settings.activateProfile': ({ id }) => {
      if (!state.settings.profiles.some((p) => p.id === id)) bad(`No profile with id ${id}`);
      state.settings.activeProfileId = id;
      return structuredClone(state.settings);
    },
    'settings.setPreferences': (patch) => {
      state.settings.preferences = { ...state.settings.preferences, ...(patch ?? {}) } as Preferences;
      return state.settings.preferences;
    },
    'settings.importEnv': ({ text }) => {
      const kv = Object.fromEntries(
        text
          .split(/\r?\n/)
          .map((l) => l.replace(/^export\s+/, '').match(/^\s*([A-Z_]+)\s*=\s*"?([^"]*)"?\s*$/))
          .filter((m): m is RegExpMatchArray => m !== null)
          .map((m) => [m[1]!, m[2]!]),
      );
      const warnings: string[] = [];
      if (Object.keys(kv).length === 0) bad('No IBKR_* variables found in the text.', undefined, 'Paste lines like IBKR_USERNAME=jdoe.');
      for (const k of Object.keys(kv)) if (!k.startsWith('IBKR_')) warnings.push(`${k} is not an IBKR_* variable and was ignored`);
      return {
        profile: {
          ...(kv.IBKR_USERNAME ? { username: kv.IBKR_USERNAME } : {}),
          ...(kv.IBKR_ACCOUNT ? { account: kv.IBKR_ACCOUNT } : {}),
          ...(kv.IBKR_TRADING_MODE === 'live' || kv.IBKR_TRADING_MODE === 'paper' ? { mode: kv.IBKR_TRADING_MODE } : {}),
          ...(kv.IBKR_PORT ? { apiPort: Number(kv.IBKR_PORT) } : {}),
        },
        warnings,
        hasPassword: Boolean(kv.IBKR_PASSWORD),
        importToken: kv.IBKR_PASSWORD ? 'fake-import-token' : null,
      };
    },
    'settings.export': () => ({ json: JSON.stringify({ app: 'gatehouse', version: 2, profiles: state.settings.profiles, preferences: state.settings.preferences }, null, 2) }),
    'settings.importJson': ({ text }) => {
      let data: { app?: string; profiles?: Profile[] };
      try {
        data = JSON.parse(text) as typeof data;
      } catch {
        return bad('That is not a Gatehouse settings export (not valid JSON).', { text: 'not valid JSON' });
      }
      if (data.app !== 'gatehouse') bad('That is not a Gatehouse settings export.', { text: 'not a Gatehouse export' });
      const incoming = data.profiles ?? [];
      const byId = new Map(state.settings.profiles.map((p) => [p.id, p]));
      for (const p of incoming) byId.set(p.id, p);
      state.settings.profiles = [...byId.values()];
      return { imported: incoming.length, warnings: [], settings: structuredClone(state.settings) };
    },
    'secrets.setPassword': ({ profileId, password }) => {
      state.passwords[profileId] = password;
      return { ok: true };
    },
    'secrets.hasPassword': ({ profileId }) => ({ has: profileId in state.passwords }),
    'wizard.discover': (input) => {
      const installs = [
        { path: '/home/trader/Jts/ibgateway/1030', product: 'gateway' as const, version: '10.30.1t', valid: true, problem: null, standalone: true },
        { path: '/home/trader/Jts/ibgateway/1019', product: 'gateway' as const, version: '10.19.2a', valid: false, problem: 'jars folder is missing — reinstall this version', standalone: true },
      ];
      if (input?.extraPath) {
        const ok = input.extraPath.includes('ibgateway');
        installs.unshift({ path: input.extraPath, product: 'gateway', version: ok ? '10.33.1' : '?', valid: ok, problem: ok ? null : 'No IB Gateway launcher in this folder', standalone: true });
      }
      return { installs, ibc: [{ path: '/home/trader/ibc', version: '3.20.0', valid: true }], settingsPath: '/home/trader/Jts' };
    },
    'wizard.useDemo': () => {
      const p = profileFor('paper', true, `p${nextProfile++}`);
      state.settings.profiles = [...state.settings.profiles, p];
      state.settings.activeProfileId = p.id;
      return p;
    },
    'wizard.previewFiles': () => [
      {
        path: '/home/trader/Jts/jts.ini',
        kind: 'jts.ini',
        before: '[IBGateway]\nWriteDebug=false\nTrustedIPs=127.0.0.1\nMainWindow.Height=550\n\n[Logon]\nLocale=en\nUseSSL=true\n',
        after: '[IBGateway]\nWriteDebug=false\nTrustedIPs=127.0.0.1\nMainWindow.Height=550\nApiOnly=true\n\n[Logon]\nLocale=en\nUseSSL=true\ns3store=true\n',
      },
      {
        path: '/home/trader/ibc/config.ini',
        kind: 'ibc-config',
        before: null,
        after: 'IbLoginId=jdoe\nIbPassword=\nTradingMode=paper\nOverrideTwsApiPort=4002\nReadOnlyApi=no\nAcceptIncomingConnectionAction=accept\nExistingSessionDetectedAction=primary\nAutoRestartTime=11:45 PM\n',
      },
    ],
    'wizard.writeFiles': () => [
      { path: '/home/trader/Jts/jts.ini', backup: '/home/trader/Jts/jts.ini.bak-1' },
      { path: '/home/trader/ibc/config.ini', backup: null },
    ],
    'wizard.test': () => checks(),
    'gateway.start': () => {
      const step = opts.startStepMs ?? 0;
      for (const t of gatewayTimers) clearTimeout(t);
      gatewayTimers = [];
      status('starting');
      event('starting', 'Started by you');
      log('info', 'supervisor', 'Launching IB Gateway');
      const phases: [() => void, number][] = [
        [() => { status('login'); event('awaiting-login', 'Waiting for login / 2FA'); log('info', 'ibc', 'Login dialog found'); }, 1],
        [() => { event('api-ready', 'API port open'); log('info', 'gateway', 'API server listening on port 4002'); }, 2],
        [() => { event('running', 'Connected as client 1'); log('info', 'broker', 'Connected, server version 176'); connect(); }, 3],
      ];
      for (const [fn, n] of phases) {
        if (step <= 0) fn();
        else gatewayTimers.push(setTimeout(fn, step * n));
      }
      return { ok: true };
    },
    'gateway.stop': () => {
      status('stopped');
      event('stopped', 'Stopped by you');
      const a = lastValues.get('account') as AccountSnapshot | null | undefined;
      if (a) publish('account', { ...a, stale: true });
      return { ok: true };
    },
    'gateway.restart': () => {
      event('restarting', 'Restart requested by you');
      return handlers['gateway.start'](undefined) as { ok: true };
    },
    'gateway.timeline': () => [...timeline],
    'gateway.logs': () => logs.slice(-2000),
    'gateway.files': () => [{ path: '/home/trader/Jts/jts.ini', text: '[IBGateway]\nApiOnly=true\nTrustedIPs=127.0.0.1\n' }],
    'diagnostics.run': () => [
      { id: 'install', label: 'IB Gateway installed', ok: true, detail: '10.30.1t at ~/Jts/ibgateway/1030', hint: null, ms: 8 },
      { id: 'jts', label: 'jts.ini has API settings', ok: true, detail: 'TrustedIPs=127.0.0.1', hint: null, ms: 3 },
      { id: 'port', label: 'Port 4002 reachable', ok: false, detail: 'Connection refused on 127.0.0.1:4002', hint: 'Port 4002 is closed: is the Gateway running and logged in? API → Settings → Enable ActiveX and Socket Clients', ms: 1004 },
      { id: 'login', label: 'Logged in', ok: true, detail: 'Session for jdoe', hint: null, ms: 150 },
    ],
    'account.refresh': () => ({ ok: true }),
    'contracts.lookup': ({ symbol }) => {
      const s = symbol.trim().toUpperCase();
      const p = PRICES[s];
      if (!p) throw new FakeError({ code: 'NOT_FOUND', message: `No stock called ${s} on SMART.`, hint: 'Check the ticker; for other markets add the exchange, e.g. VOD on LSE.' });
      return { conId: 1000 + s.length, symbol: s, secType: 'STK', exchange: 'SMART', primaryExchange: p.exch, currency: 'USD', longName: p.name, minTick: 0.01 };
    },
    // ES and CL as the simulator lists them in December 2026 (universe.ts FUTURES): front month first.
    'contracts.expiries': ({ symbol }) =>
      ({
        ES: [
          { lastTradeDateOrContractMonth: '20261218', localSymbol: 'ESZ6', conId: 495202612, multiplier: 50, label: 'Dec 2026' },
          { lastTradeDateOrContractMonth: '20270319', localSymbol: 'ESH7', conId: 495202703, multiplier: 50, label: 'Mar 2027' },
        ],
        CL: [
          { lastTradeDateOrContractMonth: '20261222', localSymbol: 'CLF7', conId: 498202701, multiplier: 1000, label: 'Jan 2027' },
          { lastTradeDateOrContractMonth: '20270120', localSymbol: 'CLG7', conId: 498202702, multiplier: 1000, label: 'Feb 2027' },
        ],
      })[symbol.trim().toUpperCase()] ?? [],
    'orders.preview': (t) => {
      const { verdict, last } = verdictFor(t, 'orders.preview');
      return { whatIf: whatIfFor(t, last), verdict, lastPrice: last };
    },
    'orders.intent': () => ({ state: 'unknown', orderId: null, error: null }),
    'orders.place': (t) => {
      const { verdict, last } = verdictFor(t, 'orders.place');
      state.audit.unshift({ time: now(), kind: 'order', order: { ...t }, verdict: verdict.decision === 'allow' ? 'allowed' : 'refused', reasons: verdict.reasons, inputs: {} });
      refuseUnlessAllowed(verdict, whatIfFor(t, last));
      letThrough.push(now());
      const id = nextOrderId++;
      const view = orderView(id, t);
      if (t.type === 'MKT') {
        state.orders = {
          ...state.orders,
          done: [...state.orders.done, { ...view, status: 'Filled', filled: t.quantity, remaining: '0', avgFillPrice: '189.26' }],
          fills: [...state.orders.fills, { execId: `e${id}`, orderId: id, clientId: view.clientId, account: view.account, symbol: view.symbol, side: t.side, shares: t.quantity, price: '189.26', time: now(), commission: '1.00', realizedPnl: null }],
        };
      } else {
        state.orders = { ...state.orders, open: [...state.orders.open, view] };
      }
      publish('orders', state.orders);
      publish('risk', riskState());
      return { orderId: id };
    },
    'orders.modify': ({ orderId, ticket }) => {
      // As the gate does: the order being modified is checked in place of its old terms, not beside them.
      const { verdict, last } = verdictFor(ticket, 'orders.modify', orderId);
      refuseUnlessAllowed(verdict, whatIfFor(ticket, last));
      letThrough.push(now());
      state.orders = { ...state.orders, open: state.orders.open.map((o) => (o.orderId === orderId ? { ...orderView(orderId, ticket), updatedAt: now() } : o)) };
      publish('orders', state.orders);
      return { orderId };
    },
    'orders.cancel': ({ orderId }) => {
      const o = state.orders.open.find((x) => x.orderId === orderId);
      if (!o) throw new FakeError({ code: 'NOT_FOUND', message: `Order ${orderId} is not open any more.` });
      state.orders = { ...state.orders, open: state.orders.open.filter((x) => x.orderId !== orderId), done: [...state.orders.done, { ...o, status: 'Cancelled' }] };
      publish('orders', state.orders);
      return { ok: true };
    },
    'market.bars': ({ symbol, barSize }) => {
      // A gentle deterministic walk ending at the symbol's price: 60 bars, oldest first.
      const s = String(symbol).toUpperCase();
      const p = PRICES[s];
      if (!p) throw new FakeError({ code: 'IB_ERROR', message: `IB sent no bars for ${s}: No security definition has been found for the request (200).` });
      const step = barSize === '1 min' ? 60_000 : barSize === '5 mins' ? 300_000 : 86_400_000;
      const end = Math.floor(now() / step) * step;
      const bars = Array.from({ length: 60 }, (_, i) => {
        const close = Number((p.price * (1 + 0.004 * Math.sin((i - 59) / 5))).toFixed(2));
        const open = Number((close - 0.1).toFixed(2));
        return { time: end - (59 - i) * step, open, high: Number((close + 0.25).toFixed(2)), low: Number((open - 0.25).toFixed(2)), close, volume: 1000 + i };
      });
      return { symbol: s, barSize, bars };
    },
    'market.watch': (input) => {
      // As core keys the quotes stream (contract/keys.ts instrumentId): "AAPL", "ES 20261218".
      state.watched.push(instrumentId(input));
      return { ok: true as const };
    },
    // core's own CSV writer, on the fake's book (in UTC so assertions do not depend on the machine's zone)
    'orders.exportCsv': ({ kind }) => ({
      filename: csvFilename(kind, now(), 'UTC'),
      csv: kind === 'fills' ? fillsCsv(state.orders.fills, 'UTC') : ordersCsv(state.orders, 'UTC'),
    }),
    'orders.cancelAll': () => {
      state.orders = { ...state.orders, open: [], done: [...state.orders.done, ...state.orders.open.map((o) => ({ ...o, status: 'Cancelled' }))] };
      publish('orders', state.orders);
      return { ok: true };
    },
    'risk.get': () => riskState(),
    'risk.setLimits': (limits) => {
      // Core's own validator, so the form is tested against the messages core really sends.
      try {
        state.limits = parseLimits(limits);
      } catch (e) {
        if (e instanceof AppError) throw new FakeError(e.toShape());
        throw e;
      }
      publish('risk', riskState());
      return state.limits;
    },
    'risk.killSwitch': ({ active, reason }) => {
      state.killSwitch = { active, reason: reason ?? (active ? 'Tripped by you' : null), since: active ? now() : null };
      state.audit.unshift({ time: now(), kind: 'kill-switch', order: null, verdict: 'info', reasons: [active ? 'Kill switch on' : 'Kill switch off'], inputs: {} });
      if (active) {
        state.orders = { ...state.orders, open: [], done: [...state.orders.done, ...state.orders.open.map((o) => ({ ...o, status: 'Cancelled' }))] };
        publish('orders', state.orders);
      }
      const s = lastValues.get('status') as Status | undefined;
      if (s) publish('status', { ...s, killSwitch: active, orders: fakeOrdersGate(s.level, active) });
      publish('risk', riskState());
      return riskState();
    },
    'risk.audit': () => [...state.audit],
    'firewall.clients': () => apiClients(),
    'firewall.settings': () => structuredClone(state.firewall),
    'firewall.saveSettings': (input) => {
      // Core's own validator, so the form is tested against the messages core really sends.
      const p = activeProfile();
      if (!p) throw new FakeError({ code: 'NOT_FOUND', message: 'No profile is set up yet.' });
      try {
        state.firewall = parseFirewallSettings(input, p);
      } catch (e) {
        if (e instanceof AppError) throw new FakeError(e.toShape());
        throw e;
      }
      return structuredClone(state.firewall);
    },
    'firewall.disconnect': ({ id }) => {
      const before = state.apiClients.length;
      state.apiClients = state.apiClients.filter((c) => c.id !== id);
      if (state.apiClients.length === before) throw new FakeError({ code: 'NOT_FOUND', message: 'That API client is no longer connected.' });
      publish('apiClients', apiClients());
      return { ok: true as const };
    },
  };

  async function invoke<C extends CommandName>(command: C, input?: CommandInput<C>): Promise<Result<CommandOutput<C>>> {
    calls.push({ command, input });
    if (opts.latency) await new Promise((r) => setTimeout(r, opts.latency));
    else await Promise.resolve();
    try {
      const fn = (overrides.get(command) ?? handlers[command]) as (i: unknown) => unknown;
      const value = await fn(input);
      return { ok: true, value: structuredClone(value) as CommandOutput<C> };
    } catch (err) {
      if (err instanceof FakeError) return { ok: false, error: err.shape };
      return { ok: false, error: { code: 'INTERNAL', message: String(err) } };
    }
  }

  return {
    calls,
    state,
    invoke,
    subscribe<S extends StreamName>(stream: S, listener: (message: StreamMessage<StreamValue<S>>) => void) {
      let set = listeners.get(stream);
      if (!set) listeners.set(stream, (set = new Set()));
      const l = listener as (m: StreamMessage) => void;
      set.add(l);
      if (sent.has(stream)) l({ kind: 'snapshot', value: structuredClone(sent.get(stream)) });
      return () => set.delete(l);
    },
    handle(command, fn) {
      overrides.set(command, fn as (input: unknown) => unknown);
    },
    fail(command, error) {
      overrides.set(command, () => {
        throw new FakeError(error);
      });
    },
    publish,
    reconnect() {
      for (const [stream, set] of listeners) {
        if (!sent.has(stream)) continue;
        for (const l of set) l({ kind: 'snapshot', value: structuredClone(sent.get(stream)) });
      }
    },
    last<S extends StreamName>(stream: S) {
      return lastValues.get(stream) as StreamValue<S> | undefined;
    },
  };
}
