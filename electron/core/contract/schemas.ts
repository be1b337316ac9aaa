/**
 * The one contract between the UI and core. Every command and every stream is declared here with a zod
 * schema built from the constant tables in `constants.ts`; main (IPC) and the web bridge validate against
 * it, the renderer imports only its types (and the constants as values).
 *
 * Rules that keep the boundary honest:
 * - payloads are plain JSON (numbers, strings, booleans, arrays, objects; times as epoch milliseconds);
 * - a command answers a `Result`, never throws across the boundary;
 * - streams are coalesced in core; a subscriber gets a whole snapshot first, then only what changed, keyed
 *   by row (contract/changes.ts), so a late subscriber is always complete.
 */
import { z } from 'zod';
import type { StreamMessage } from './changes.ts';
import { CURRENCY_PATTERN, EXCHANGE_PATTERN, EXPIRY_PATTERN, INTENT_ID_PATTERN, SYMBOL_PATTERN } from './wire.ts';
import {
  ERROR_CODES,
  RISK_DECISIONS,
  EXISTING_SESSION_ACTIONS,
  BAR_SIZES,
  GATEWAY_STATES,
  HOTKEY_ACTION_IDS,
  IPC_CHANNELS,
  ORDER_SIDES,
  ORDER_STATUSES,
  ORDER_TYPES,
  PRODUCTS,
  RISK_LIMITS,
  RULE_IDS,
  SEC_TYPES,
  STATUS_LEVELS,
  TIFS,
  TRADING_MODES,
  type RiskLimitKey,
} from './constants.ts';

// ---------------------------------------------------------------------------------------------------------
// Errors and results
// ---------------------------------------------------------------------------------------------------------

export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const RuleId = z.enum(RULE_IDS);
export type RuleId = z.infer<typeof RuleId>;

export const RuleOutcome = z.object({ rule: RuleId, ok: z.boolean(), message: z.string() });
export type RuleOutcome = z.infer<typeof RuleOutcome>;

export const RiskVerdict = z.object({
  /** The one decision: send it, ask the user first (live-mode confirmation only), or refuse. */
  decision: z.enum(RISK_DECISIONS),
  reasons: z.array(z.string()),
  rules: z.array(RuleOutcome),
});
export type RiskVerdict = z.infer<typeof RiskVerdict>;

/** Money and quantities cross the boundary as decimal strings: no binary floating point for money. */
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal number');

export const WhatIf = z.object({
  commission: decimal.nullable(),
  initMarginChange: decimal.nullable(),
  maintMarginChange: decimal.nullable(),
  equityWithLoanAfter: decimal.nullable(),
  warning: z.string().nullable(),
});

export const AppErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  /** What the user can do about it, in a trader's words. */
  hint: z.string().optional(),
  /** Field-level messages for forms, keyed by dotted path (`limits.maxOrderQty`). */
  fields: z.record(z.string(), z.string()).optional(),
  /** The IB error code when the Gateway produced the error. */
  ibCode: z.number().int().optional(),
  /** For a refused order: the exact verdict that refused it, every rule's outcome. */
  verdict: RiskVerdict.optional(),
  /** For a refused order: IB's what-if for it (null when IB could not answer), so no second preview is needed. */
  whatIf: WhatIf.nullable().optional(),
});
export type AppErrorShape = z.infer<typeof AppErrorShape>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

// ---------------------------------------------------------------------------------------------------------
// Shared shapes
// ---------------------------------------------------------------------------------------------------------

export const TradingMode = z.enum(TRADING_MODES);
export type TradingMode = z.infer<typeof TradingMode>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  shell: z.enum(['electron', 'web']),
  demo: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfo>;

/** The supervisor's own state machine (finer than the user-facing status). */
export const GatewayState = z.enum(GATEWAY_STATES);
export type GatewayState = z.infer<typeof GatewayState>;

/** One derived status for tray and UI. */
export const StatusLevel = z.enum(STATUS_LEVELS);
export type StatusLevel = z.infer<typeof StatusLevel>;

export const FarmState = z.enum(['ok', 'broken', 'inactive']);

export const Status = z.object({
  level: StatusLevel,
  /** One short sentence for the status bar and the tray tooltip. */
  message: z.string(),
  gateway: GatewayState,
  profile: z.object({ name: z.string(), mode: TradingMode }).nullable(),
  account: z.string().nullable(),
  broker: z.object({
    connected: z.boolean(),
    serverVersion: z.number().int().nullable(),
    clientId: z.number().int().nullable(),
    connectedAt: z.number().nullable(),
    /** IB's own link to its servers: 1100 lost, 1101/1102 restored. */
    ibLink: z.enum(['ok', 'lost']),
    farms: z.record(z.string(), FarmState),
  }),
  killSwitch: z.boolean(),
  /** Whether an order could leave for the Gateway right now, and if not, the first reason why not. */
  orders: z.object({ enabled: z.boolean(), reason: z.string().nullable() }),
  since: z.number(),
});
export type Status = z.infer<typeof Status>;

// ---------------------------------------------------------------------------------------------------------
// Profiles and settings
// ---------------------------------------------------------------------------------------------------------

const port = z.number().int().min(1).max(65535);

export type ExistingSessionAction = (typeof EXISTING_SESSION_ACTIONS)[number];

export const Profile = z.object({
  id: z.string().min(1),
  name: z.string().min(1).max(60),
  mode: TradingMode,
  /** Program folder of the Gateway (or TWS) install, e.g. ~/Jts/ibgateway/1030. */
  installPath: z.string(),
  /** Folder holding jts.ini; defaults to the OS settings folder (~/Jts, C:\Jts). */
  settingsPath: z.string(),
  ibcPath: z.string().nullable(),
  product: z.enum(PRODUCTS),
  apiPort: port,
  clientId: z.number().int().min(0).max(2_147_483_647),
  trustedIps: z.array(z.string()),
  readOnlyApi: z.boolean(),
  username: z.string(),
  account: z.string(),
  /** "HH:MM AM/PM" as IBC expects, or empty for none. */
  autoRestartTime: z.string(),
  twoFactor: z.object({
    timeoutAction: z.enum(['restart', 'exit']),
    device: z.string(),
  }),
  /**
   * IBC's ExistingSessionDetectedAction: what to do when the same username is logged in elsewhere (the
   * user's own TWS, IBKR Mobile, the portal). `manual` (default) leaves IB's dialog for the user to answer;
   * `secondary` gives way; `primary` takes over; `primaryoverride` takes over at login but gives way later.
   */
  existingSessionAction: z.enum(EXISTING_SESSION_ACTIONS),
  /**
   * IBC's ColdRestartTime, "HH:MM" 24-hour, always on Sunday (IBC fixes the day): the weekly full login
   * that needs a 2FA approval, at a time the user is awake. Empty: no planned full login.
   */
  coldRestartTime: z.string(),
  /**
   * The Gateway's Java heap in MB: the -Xmx line of the install's ibgateway.vmoptions (installer default
   * 768). Null: leave the file as the installer wrote it. Memory growth is a common reason to raise it.
   */
  javaHeapMb: z.number().int().min(256).max(65_536).nullable(),
  demo: z.boolean(),
  /**
   * Start this profile's Gateway when Gatehouse starts. Absent means the default for the kind of profile:
   * on for demo (it is Gatehouse's own simulated Gateway), off for a real one (the user decides).
   */
  startOnLaunch: z.boolean().optional(),
});
export type Profile = z.infer<typeof Profile>;

/** Whether Gatehouse starts this profile's Gateway when it starts itself (see `startOnLaunch`). */
export function startsOnLaunch(p: Pick<Profile, 'demo' | 'startOnLaunch'>): boolean {
  return p.startOnLaunch ?? p.demo;
}

export const ProfileInput = Profile.omit({ id: true }).partial().extend({ id: z.string().optional() });
export type ProfileInput = z.infer<typeof ProfileInput>;

export const Preferences = z.object({
  theme: z.enum(['dark', 'light']),
  notifications: z.object({
    disconnect: z.boolean(),
    reconnect: z.boolean(),
    fills: z.boolean(),
    rejections: z.boolean(),
    risk: z.boolean(),
  }),
  quitStopsGateway: z.enum(['ask', 'always', 'never']),
  startAtLogin: z.boolean(),
  wizardStep: z.string().nullable(),
  wizardDone: z.boolean(),
  /** The screen showing when Gatehouse was last used, reopened at the next start (absent: the dashboard). */
  lastScreen: z.string().nullable().optional(),
  /** Desk hotkeys: a binding per action (absent: the default of HOTKEY_ACTIONS), and ask-first per action. */
  hotkeys: z
    .object({
      bindings: z.partialRecord(z.enum(HOTKEY_ACTION_IDS), z.string().max(40)),
      confirm: z.partialRecord(z.enum(HOTKEY_ACTION_IDS), z.boolean()),
    })
    .optional(),
  /** Column widths in px the user dragged, per table then column (absent: the table's own layout). */
  columnWidths: z.record(z.string().max(40), z.record(z.string().max(40), z.number().int().min(32).max(1200))).optional(),
  /** The column each table is sorted by and which way, per table (absent: the table's own default order). */
  tableSorts: z.record(z.string().max(40), z.object({ key: z.string().max(40), dir: z.enum(['asc', 'desc']) })).optional(),
});
export type Preferences = z.infer<typeof Preferences>;

export const SettingsView = z.object({
  profiles: z.array(Profile),
  activeProfileId: z.string().nullable(),
  preferences: Preferences,
  /** Set when the settings file was unreadable and was moved aside. */
  recoveredFrom: z.string().nullable(),
  secretsBackend: z.object({ persistent: z.boolean(), description: z.string() }),
});
export type SettingsView = z.infer<typeof SettingsView>;

// ---------------------------------------------------------------------------------------------------------
// Wizard and gateway management
// ---------------------------------------------------------------------------------------------------------

export const InstallCandidate = z.object({
  path: z.string(),
  product: z.enum(PRODUCTS),
  version: z.string(),
  valid: z.boolean(),
  problem: z.string().nullable(),
  /** Offline (standalone) installs work with IBC; auto-updating ones do not. */
  standalone: z.boolean(),
});
export type InstallCandidate = z.infer<typeof InstallCandidate>;

export const IbcCandidate = z.object({ path: z.string(), version: z.string().nullable(), valid: z.boolean() });
export type IbcCandidate = z.infer<typeof IbcCandidate>;

export const Discovery = z.object({
  installs: z.array(InstallCandidate),
  ibc: z.array(IbcCandidate),
  settingsPath: z.string(),
});
export type Discovery = z.infer<typeof Discovery>;

export const FileChange = z.object({
  path: z.string(),
  kind: z.enum(['jts.ini', 'ibc-config', 'vmoptions']),
  before: z.string().nullable(),
  after: z.string(),
});
export type FileChange = z.infer<typeof FileChange>;

export const LogLine = z.object({
  seq: z.number().int(),
  time: z.number(),
  source: z.enum(['gateway', 'ibc', 'supervisor', 'broker']),
  level: z.enum(['debug', 'info', 'warn', 'error']),
  text: z.string(),
});
export type LogLine = z.infer<typeof LogLine>;

export const GatewayEvent = z.object({
  time: z.number(),
  state: GatewayState,
  reason: z.string(),
});
export type GatewayEvent = z.infer<typeof GatewayEvent>;

export const CheckResult = z.object({
  id: z.string(),
  label: z.string(),
  ok: z.boolean(),
  detail: z.string(),
  hint: z.string().nullable(),
  ms: z.number(),
});
export type CheckResult = z.infer<typeof CheckResult>;

// ---------------------------------------------------------------------------------------------------------
// Account, positions, orders
// ---------------------------------------------------------------------------------------------------------


export const Position = z.object({
  account: z.string(),
  conId: z.number().int(),
  symbol: z.string(),
  secType: z.string(),
  /** A future's last trade date as the Gateway reports it (YYYYMMDD): each month is a position of its own. */
  lastTradeDateOrContractMonth: z.string().optional(),
  currency: z.string(),
  /**
   * The rest of a future's (or option's) identity, as IB's portfolio and position messages carry it
   * (ibapi/decoder.py processPortfolioValueMsg / processPositionDataMsg): ESH7 and its multiplier, so a close
   * names the contract it holds. Absent for a stock.
   */
  localSymbol: z.string().optional(),
  multiplier: decimal.optional(),
  /**
   * A future's exchange as IB's position message names it (decoder.py processPositionDataMsg reads the
   * contract's exchange; the portfolio message has only primaryExchange): CBOT for ZN, NYMEX for CL, so a
   * close goes where the contract trades. Absent for a stock (there it is the listing, NASDAQ, which the
   * Gateway refuses as an order's exchange: ib_insync #140) and when the Gateway leaves it empty.
   */
  exchange: z.string().optional(),
  quantity: decimal,
  avgCost: decimal,
  marketPrice: decimal.nullable(),
  marketValue: decimal.nullable(),
  unrealizedPnl: decimal.nullable(),
  realizedPnl: decimal.nullable(),
  /** Today's P&L of this position (IB's reqPnLSingle dailyPnL); absent or null until the Gateway sends one. */
  dailyPnl: decimal.nullable().optional(),
});
export type Position = z.infer<typeof Position>;

export const AccountSnapshot = z.object({
  account: z.string(),
  currency: z.string(),
  summary: z.record(z.string(), decimal),
  pnl: z.object({ daily: decimal.nullable(), unrealized: decimal.nullable(), realized: decimal.nullable() }),
  positions: z.array(Position),
  /** Net liquidation samples for the intraday equity line. */
  equityLine: z.array(z.object({ time: z.number(), value: decimal })),
  updatedAt: z.number(),
  stale: z.boolean(),
});
export type AccountSnapshot = z.infer<typeof AccountSnapshot>;

export const OrderSide = z.enum(ORDER_SIDES);
export const OrderType = z.enum(ORDER_TYPES);
export type OrderType = z.infer<typeof OrderType>;
export const Tif = z.enum(TIFS);
export const SecType = z.enum(SEC_TYPES);

const symbol = z
  .string()
  .trim()
  .min(1, 'enter a symbol')
  .max(21)
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(SYMBOL_PATTERN, 'letters, digits, space, dot, slash or dash only'));
const exchange = z.string().regex(EXCHANGE_PATTERN, 'an exchange code such as SMART or ISLAND');
const currency = z.string().regex(CURRENCY_PATTERN, 'a three-letter currency code such as USD');
/** A future's expiry (YYYYMM or YYYYMMDD): a future without one is ambiguous at the Gateway (error 200). */
export const Expiry = z.string().regex(EXPIRY_PATTERN, 'an expiry such as 202612 or 20261218');

/**
 * Orders attached to the ticket's order, IB's bracket pattern (https://interactivebrokers.github.io/tws-api/bracket_order.html):
 * each is the opposite side for the same quantity, carries the parent's id (`parentId`), works only once the
 * parent fills, and the attached orders cancel one another (one OCA group). A take-profit is a limit, a
 * stop-loss a stop; a trailing stop (amount or percent) takes the stop-loss's place.
 */
export const AttachedOrders = z.object({
  takeProfit: decimal.optional(),
  stopLoss: decimal.optional(),
  trailAmount: decimal.optional(),
  trailPercent: decimal.optional(),
});
export type AttachedOrders = z.infer<typeof AttachedOrders>;

export const OrderTicket = z.object({
  symbol,
  secType: SecType.default('STK'),
  exchange: exchange.default('SMART'),
  currency: currency.default('USD'),
  /** Futures only: the expiry chosen on the ticket (contracts.expiries lists them). */
  lastTradeDateOrContractMonth: Expiry.optional(),
  /**
   * A future's conId when the order comes from a position (Close, a row hotkey): IB names a contract
   * uniquely by it, so core routes by it when the position left the exchange empty (ContractBook.route).
   */
  conId: z.number().int().positive().optional(),
  side: OrderSide,
  quantity: decimal,
  type: OrderType,
  limitPrice: decimal.optional(),
  stopPrice: decimal.optional(),
  trailAmount: decimal.optional(),
  trailPercent: decimal.optional(),
  tif: Tif.default('DAY'),
  /** GTD only: when the order expires, epoch milliseconds (sent to IB in UTC). */
  goodTillDate: z.number().int().positive().optional(),
  outsideRth: z.boolean().default(false),
  /**
   * One-Cancels-All: IB's ocaGroup name and ocaType (1 cancel the rest, 2 reduce the rest, both with
   * overfill block; 3 reduce without block). Risk counts a blocking group as its largest member (risk/oca.ts).
   */
  ocaGroup: z.string().trim().min(1).max(64).optional(),
  ocaType: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  /** Take-profit / stop-loss / trailing stop attached to this order: placed, checked and refused with it. */
  attached: AttachedOrders.optional(),
  /** The user has confirmed a live-mode order above the confirmation threshold. */
  confirmed: z.boolean().default(false),
});
export type OrderTicket = z.input<typeof OrderTicket>;

/** One key per order intent: core places at most one order for it, however many frames carry it. */
export const IntentId = z.string().regex(INTENT_ID_PATTERN, '8 to 64 letters, digits or dashes');
export const PlaceOrder = OrderTicket.extend({ intentId: IntentId.optional() });
export type PlaceOrder = z.input<typeof PlaceOrder>;

export const IntentState = z.object({
  /** unknown: core never got it (send it again); pending: on its way; placed / failed: the first frame's answer. */
  state: z.enum(['unknown', 'pending', 'placed', 'failed']),
  orderId: z.number().int().nullable(),
  error: AppErrorShape.nullable(),
});
export type IntentState = z.infer<typeof IntentState>;
export type ParsedTicket = z.output<typeof OrderTicket>;

export const OrderStatusName = z.enum(ORDER_STATUSES);

export const OrderView = z.object({
  orderId: z.number().int(),
  permId: z.number().int(),
  clientId: z.number().int(),
  account: z.string(),
  symbol: z.string(),
  secType: z.string(),
  /** A future's last trade date (YYYYMMDD): ESZ6 and ESH7 are different instruments (contract/keys.ts instrumentId). */
  lastTradeDateOrContractMonth: z.string().optional(),
  side: OrderSide,
  quantity: decimal,
  type: z.string(),
  limitPrice: decimal.nullable(),
  stopPrice: decimal.nullable(),
  trailAmount: decimal.nullable(),
  trailPercent: decimal.nullable(),
  tif: z.string(),
  /** GTD: IB's expiry text as the Gateway reports it ("20261231-21:00:00"). */
  goodTillDate: z.string().optional(),
  outsideRth: z.boolean(),
  /** The order this one is attached to (a bracket's take-profit / stop-loss), 0 or absent for none. */
  parentId: z.number().int().optional(),
  /** One-cancels-all group, when the order is in one (a bracket's attached orders share one), and its type. */
  ocaGroup: z.string().optional(),
  ocaType: z.number().int().optional(),
  status: z.string(),
  /**
   * IB's orderStatus whyHeld: why a PreSubmitted order is not working yet — "locate" while IB looks for shares
   * to borrow for a short sale (ibapi/wrapper.py orderStatus). Absent or '' when nothing holds it.
   */
  whyHeld: z.string().optional(),
  filled: decimal,
  remaining: decimal,
  avgFillPrice: decimal.nullable(),
  lastError: z.string().nullable(),
  updatedAt: z.number(),
  /**
   * When the order was submitted, as Gatehouse saw it: IB's openOrder and orderStatus carry no such time
   * (ibapi/decoder.py processOpenOrder, processOrderStatusMsg). Absent for an order already working when this
   * connection was made: its time is unknown, not the connect time.
   */
  submittedAt: z.number().optional(),
});
export type OrderView = z.infer<typeof OrderView>;

export const Fill = z.object({
  execId: z.string(),
  orderId: z.number().int(),
  /** The API client whose order it filled: order ids are per client (contract/keys.ts orderKey). */
  clientId: z.number().int(),
  account: z.string(),
  symbol: z.string(),
  /**
   * The instrument as IB's execution names it (ibapi/decoder.py processExecutionDataMsg reads the whole
   * contract): a future's type, month and local symbol, so a fill is that month even when no order of this
   * core's session says so (placed before a restart). Absent for a stock.
   */
  secType: z.string().optional(),
  lastTradeDateOrContractMonth: z.string().optional(),
  localSymbol: z.string().optional(),
  side: OrderSide,
  shares: decimal,
  price: decimal,
  time: z.number(),
  commission: decimal.nullable(),
  realizedPnl: decimal.nullable(),
});
export type Fill = z.infer<typeof Fill>;

export const OrdersSnapshot = z.object({
  open: z.array(OrderView),
  done: z.array(OrderView),
  fills: z.array(Fill),
  /** False while orders are being reconciled after a reconnect: nothing may be sent until true. */
  reconciled: z.boolean(),
  /**
   * The client id of Gatehouse's own connection. An order or fill with another client id is another
   * program's, seen because Gatehouse is the Master API client: only that program can modify or cancel it.
   * Absent or null before the first connection.
   */
  ownClientId: z.number().int().nullable().optional(),
  /**
   * Why the Gateway's orders cannot be read at all on this connection; absent when they can. 'read-only':
   * the Gateway's API is read-only, and a read-only Gateway gives programs no order information (it answers
   * the open-orders request with 321). `reconciled` stays false: an empty book here is unknown, not "none".
   */
  unreadable: z.enum(['read-only']).optional(),
});
export type OrdersSnapshot = z.infer<typeof OrdersSnapshot>;



export type WhatIf = z.infer<typeof WhatIf>;

export const Preview = z.object({ whatIf: WhatIf.nullable(), verdict: RiskVerdict, lastPrice: decimal.nullable() });
export type Preview = z.infer<typeof Preview>;

/** Historical bars for the price chart (prices as the Gateway sent them; time = bar start, epoch ms). */
export const Bars = z.object({
  symbol: z.string(),
  barSize: z.enum(BAR_SIZES),
  bars: z.array(z.object({ time: z.number(), open: z.number(), high: z.number(), low: z.number(), close: z.number(), volume: z.number() })),
});
export type Bars = z.infer<typeof Bars>;

export const ContractInfo = z.object({
  conId: z.number().int(),
  symbol: z.string(),
  secType: z.string(),
  exchange: z.string(),
  primaryExchange: z.string(),
  currency: z.string(),
  longName: z.string(),
  minTick: z.number(),
  /** Futures: the resolved expiry (YYYYMMDD) and contract multiplier. */
  lastTradeDateOrContractMonth: z.string().optional(),
  multiplier: z.number().optional(),
});
export type ContractInfo = z.infer<typeof ContractInfo>;

/** One listed expiry of a future, as contracts.expiries answers (front month first, none expired). */
export const FutureExpiry = z.object({
  lastTradeDateOrContractMonth: z.string(),
  localSymbol: z.string(),
  conId: z.number().int(),
  multiplier: z.number(),
  /** "Dec 2026": what the ticket's select shows. */
  label: z.string(),
});
export type FutureExpiry = z.infer<typeof FutureExpiry>;

// ---------------------------------------------------------------------------------------------------------
// Risk
// ---------------------------------------------------------------------------------------------------------

const optionalMoney = decimal.nullable();

/**
 * One optional decimal per RISK_LIMITS row. A key missing from stored or sent limits takes the row's default
 * (never "no limit"): limits saved before a new row existed load with the new limit at its safe default.
 */
const limitFields = Object.fromEntries(RISK_LIMITS.map((l) => [l.key, optionalMoney.default(l.default)])) as {
  [K in RiskLimitKey]: z.ZodDefault<typeof optionalMoney>;
};

export const RiskLimits = z.object({
  ...limitFields,
  allowedSymbols: z.array(z.string()),
  blockedSymbols: z.array(z.string()),
  allowedOrderTypes: z.array(OrderType),
  maxOrdersPerMinute: z.number().int().min(1).nullable(),
  flattenOnKill: z.boolean(),
  pdt: z.object({
    enabled: z.boolean(),
    maxDayTrades: z.number().int().min(0),
    windowDays: z.number().int().min(1),
    equityThreshold: decimal,
  }),
});
export type RiskLimits = z.infer<typeof RiskLimits>;

export const AuditEntry = z.object({
  time: z.number(),
  kind: z.enum(['order', 'kill-switch', 'limits']),
  order: z.record(z.string(), z.unknown()).nullable(),
  verdict: z.enum(['allowed', 'refused', 'info']),
  reasons: z.array(z.string()),
  inputs: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const RiskState = z.object({
  limits: RiskLimits,
  killSwitch: z.object({ active: z.boolean(), reason: z.string().nullable(), since: z.number().nullable() }),
  usage: z.object({
    dailyLoss: decimal,
    drawdown: decimal,
    grossExposure: decimal,
    ordersLastMinute: z.number().int(),
    startOfDayEquity: decimal.nullable(),
    peakEquity: decimal.nullable(),
  }),
  pdt: z.object({ dayTrades: z.number().int(), dayTradesRemainingIb: z.number().int().nullable() }),
});
export type RiskState = z.infer<typeof RiskState>;

export const Alert = z.object({
  id: z.string(),
  time: z.number(),
  kind: z.enum(['disconnect', 'reconnect', 'fill', 'rejection', 'risk', 'gateway', 'info']),
  severity: z.enum(['info', 'warn', 'error']),
  title: z.string(),
  body: z.string(),
});
export type Alert = z.infer<typeof Alert>;

/** One program connected to Gatehouse's API port (electron/core/firewall). */
export const ApiClient = z.object({
  id: z.number().int(),
  clientId: z.number().int().nullable(),
  address: z.string(),
  connectedSince: z.number(),
  serverVersion: z.number().int().nullable(),
  ordersSent: z.number().int(),
  ordersRefused: z.number().int(),
  ordersFilled: z.number().int(),
  lastRefusal: z.object({ time: z.number(), orderId: z.number().int(), reason: z.string() }).nullable(),
});
export type ApiClient = z.infer<typeof ApiClient>;

/** The API port of the active profile and who is connected to it. */
/** One program's policy on Gatehouse's API port, by its client id (electron/core/firewall/policy.ts). */
export const ApiClientPolicy = z
  .object({
    clientId: z.number().int('a whole number').min(0, '0 or more').max(2147483647, 'at most 2147483647'),
    /** Every order refused; market and account data still flow. */
    readOnly: z.boolean(),
    /** Empty: any symbol the profile's limits allow. */
    allowedSymbols: z.array(z.string().max(21)).max(500),
    maxOrdersPerMinute: z.number().int('a whole number').min(1, 'at least 1').max(3000, 'at most 3000').nullable(),
    /** In the account currency; null: the profile's max order value. */
    maxOrderValue: z.string().regex(/^\d+(\.\d+)?$/, 'an amount such as 25000').nullable(),
  })
  .strict();
export type ApiClientPolicy = z.infer<typeof ApiClientPolicy>;

/** A profile's settings of Gatehouse's API port (kept beside its risk limits, firewall.json). */
export const FirewallSettings = z
  .object({
    /** null: the Gateway's port + 10. */
    port: port.nullable(),
    /** Addresses allowed besides this machine; any makes the port listen on all interfaces. */
    trustedAddresses: z.array(z.string().max(45)).max(50),
    policies: z.array(ApiClientPolicy).max(200),
  })
  .strict();
export type FirewallSettings = z.infer<typeof FirewallSettings>;

export const ApiClients = z.object({
  /** Where programs connect (IBKR_HOST / IBKR_PORT); null port without an active profile. */
  host: z.string(),
  port: z.number().int().nullable(),
  listening: z.boolean(),
  /** Why the port is not open (e.g. taken by another program), in words. */
  problem: z.string().nullable(),
  /** The client id Gatehouse itself uses: programs must pick another. */
  gatehouseClientId: z.number().int().nullable(),
  /**
   * Gatehouse's client id is the Gateway's Master API client id because IBC sets it (config.ini
   * OverrideTwsMasterClientID); false without IBC, where only the Gateway's own API settings can.
   */
  masterByIbc: z.boolean(),
  clients: z.array(ApiClient),
});
export type ApiClients = z.infer<typeof ApiClients>;

// ---------------------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------------------

const none = z.object({}).strict().optional();
const ok = z.object({ ok: z.literal(true) });

function command<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, doc: string) {
  return { input, output, doc };
}

export const commands = {
  'app.info': command(none, AppInfo, 'Name, version, platform, shell and demo flag.'),

  'settings.get': command(none, SettingsView, 'Profiles, preferences and where secrets are kept.'),
  'settings.saveProfile': command(
    z.object({ profile: ProfileInput, activate: z.boolean().default(true), importToken: z.string().max(100).optional() }).strict(),
    Profile.extend({ warnings: z.array(z.string()) }),
    'Create or update a profile (validated); warnings such as an advisor account number accepted as is. importToken: what settings.importEnv answered for this draft, so its password is stored with this profile.',
  ),
  'settings.deleteProfile': command(z.object({ id: z.string() }).strict(), ok, 'Delete a profile.'),
  'settings.activateProfile': command(
    z.object({ id: z.string() }).strict(),
    SettingsView,
    'Make a profile the active one (its Gateway, session and risk state take over the desk).',
  ),
  'settings.setPreferences': command(Preferences.partial().strict(), Preferences, 'Update preferences.'),
  'settings.importEnv': command(
    z.object({ text: z.string().max(100_000) }).strict(),
    z.object({ profile: ProfileInput, warnings: z.array(z.string()), hasPassword: z.boolean(), importToken: z.string().nullable() }),
    'Parse IBKR_* variables or a .env file into a profile draft; a password found waits in core under importToken for the save of this draft.',
  ),
  'settings.export': command(none, z.object({ json: z.string() }), 'Everything but secrets, as JSON.'),
  'settings.importJson': command(
    z.object({ text: z.string().max(1_000_000) }).strict(),
    z.object({ imported: z.number().int(), warnings: z.array(z.string()), settings: SettingsView }),
    'Read back an export: profiles (replaced by id or added) and preferences.',
  ),
  'secrets.setPassword': command(
    z.object({ profileId: z.string(), password: z.string().min(1).max(256) }).strict(),
    ok,
    'Keep the IB password in the vault.',
  ),
  'secrets.hasPassword': command(z.object({ profileId: z.string() }).strict(), z.object({ has: z.boolean() }), ''),

  'wizard.discover': command(
    z.object({ extraPath: z.string().max(4096).optional() }).strict().optional(),
    Discovery,
    'Find Gateway/TWS installs and IBC, newest first.',
  ),
  'wizard.useDemo': command(none, Profile, 'Create and activate a demo profile on the simulated Gateway.'),
  'wizard.previewFiles': command(none, z.array(FileChange), 'The exact jts.ini/config.ini changes.'),
  'wizard.writeFiles': command(none, z.array(z.object({ path: z.string(), backup: z.string().nullable() })), ''),
  'wizard.test': command(none, z.array(CheckResult), 'The setup guide connection checklist.'),

  'gateway.start': command(none, ok, 'Start (or attach to) the Gateway of the active profile.'),
  'gateway.stop': command(none, ok, 'Stop the Gateway cleanly.'),
  'gateway.restart': command(none, ok, 'Restart the Gateway.'),
  'gateway.timeline': command(none, z.array(GatewayEvent), 'State changes with reasons.'),
  'gateway.logs': command(
    z.object({ filter: z.string().max(200).optional(), limit: z.number().int().min(1).max(5000).optional() })
      .strict()
      .optional(),
    z.array(LogLine),
    'Recent log lines, credentials redacted.',
  ),
  'gateway.files': command(none, z.array(z.object({ path: z.string(), text: z.string() })), 'Files we wrote.'),

  'diagnostics.run': command(none, z.array(CheckResult), 'Troubleshooting checks one by one.'),

  'account.refresh': command(none, ok, 'Ask the Gateway for fresh account data.'),

  'contracts.lookup': command(
    z.object({ symbol: symbol, secType: SecType.optional(), lastTradeDateOrContractMonth: Expiry.optional() }).strict(),
    ContractInfo,
    'Look up an instrument (unknown or ill-formed symbols get a message with a suggestion).',
  ),

  'contracts.expiries': command(
    z.object({ symbol: symbol, exchange: exchange.optional(), currency: currency.optional() }).strict(),
    z.array(FutureExpiry),
    "A future's listed expiries, front month first, expired months left out (the ticket's expiry select).",
  ),

  'orders.preview': command(OrderTicket, Preview, 'What-if plus the risk verdict; sends nothing.'),
  'orders.place': command(
    PlaceOrder,
    z.object({ orderId: z.number().int() }),
    'Sent: the order id. Refused: RISK_REJECTED / KILL_SWITCH with the verdict and what-if. A repeated intentId returns the first answer and never places a second order.',
  ),
  'orders.intent': command(
    z.object({ intentId: IntentId }).strict(),
    IntentState,
    'What became of an order intent, by its key: for the page after a dropped connection.',
  ),
  'orders.modify': command(
    z.object({ orderId: z.number().int(), clientId: z.number().int().optional(), ticket: OrderTicket }).strict(),
    z.object({ orderId: z.number().int() }),
    'Re-place the same order id with new terms (refused like orders.place). clientId: whose order (default Gatehouse\'s own); only the placing client may modify an order.',
  ),
  'orders.cancel': command(
    z.object({ orderId: z.number().int(), clientId: z.number().int().optional() }).strict(),
    ok,
    "Cancel one order. clientId: whose order (default Gatehouse's own); IB lets only the placing client cancel it, so another program's order is refused (the kill switch's global cancel reaches all).",
  ),
  'orders.cancelAll': command(none, ok, 'Global cancel.'),
  'market.watch': command(
    z.object({ symbol: symbol, secType: SecType.optional(), lastTradeDateOrContractMonth: Expiry.optional() }).strict(),
    ok,
    'Start streaming a quote for a symbol (the ticket calls it when a symbol is entered).',
  ),
  'market.bars': command(
    z.object({ symbol: symbol, secType: SecType.optional(), barSize: z.enum(BAR_SIZES) }).strict(),
    Bars,
    "Historical bars for the ticket's chart (1 min for a day, 5 mins for two days, 1 day for six months).",
  ),
  'orders.exportCsv': command(
    z.object({ kind: z.enum(['fills', 'orders']) }).strict(),
    z.object({ filename: z.string(), csv: z.string() }),
    "Today's fills or orders as CSV for a spreadsheet.",
  ),

  'risk.get': command(none, RiskState, ''),
  'risk.setLimits': command(RiskLimits, RiskLimits, 'Validated; field errors on bad input.'),
  'risk.killSwitch': command(
    z.object({ active: z.boolean(), reason: z.string().max(200).optional() }).strict(),
    RiskState,
    'Trip or reset the kill switch.',
  ),
  'firewall.clients': command(none, ApiClients, "Gatehouse's API port and the programs connected to it."),
  'firewall.disconnect': command(z.object({ id: z.number().int() }).strict(), ok, 'Disconnect one API client.'),
  'firewall.settings': command(none, FirewallSettings, "The active profile's API port settings and per-client policies."),
  'firewall.saveSettings': command(FirewallSettings, FirewallSettings, 'Validated (field errors on bad input), saved and applied; a new port or address list reopens the port.'),
  'risk.audit': command(
    z.object({ limit: z.number().int().min(1).max(5000).optional() }).strict().optional(),
    z.array(AuditEntry),
    '',
  ),
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandInput<C extends CommandName> = z.input<Commands[C]['input']>;
export type CommandArgs<C extends CommandName> = z.output<Commands[C]['input']>;
export type CommandOutput<C extends CommandName> = z.output<Commands[C]['output']>;

// ---------------------------------------------------------------------------------------------------------
// Streams
// ---------------------------------------------------------------------------------------------------------

/** One instrument's top of book as the ticket shows it (numbers as the Gateway sent them; null = not yet). */
export const Quote = z.object({
  symbol: z.string(),
  /** Absent in older streams: a stock. */
  secType: z.string().optional(),
  /** Futures: the month this line is for (each month is its own line, keyed by contract/keys.ts instrumentId). */
  lastTradeDateOrContractMonth: z.string().optional(),
  /** Futures: the contract multiplier (ES: 50), null until the contract was looked up; one contract = price × it. */
  multiplier: z.number().nullable().optional(),
  bid: z.number().nullable(),
  bidSize: z.number().nullable(),
  ask: z.number().nullable(),
  askSize: z.number().nullable(),
  last: z.number().nullable(),
  lastSize: z.number().nullable(),
  close: z.number().nullable(),
  high: z.number().nullable(),
  low: z.number().nullable(),
  delayed: z.boolean(),
  /** Why there is no price (no definition, no permission), or null. */
  problem: z.string().nullable(),
});
export type Quote = z.infer<typeof Quote>;

export const streams = {
  status: Status,
  account: AccountSnapshot.nullable(),
  orders: OrdersSnapshot,
  risk: RiskState.nullable(),
  logs: z.array(LogLine),
  alerts: z.array(Alert),
  timeline: z.array(GatewayEvent),
  apiClients: ApiClients,
  /** Quotes for the symbols being watched (the ticket's, positions'), paced like all market data. */
  quotes: z.record(z.string(), Quote),
} as const;


/**
 * The messages a stream is sent in (contract/changes.ts): a whole snapshot, or for the object streams the
 * fields that changed, with the keyed arrays' rows one by one. Each is checked here before it leaves core,
 * as a whole snapshot was: a changed row against its row schema, a changed field against its field's.
 */
const keyedChange = <T extends z.ZodType>(row: T) =>
  z.object({ upsert: z.array(row), remove: z.array(z.string()), order: z.array(z.string()).optional() });

function streamMessage<V extends z.ZodType, S extends z.ZodType, K extends z.ZodRawShape>(value: V, set?: S, keyed?: K) {
  const snapshot = z.object({ kind: z.literal('snapshot'), value });
  if (!set) return snapshot;
  const change = z.object({
    kind: z.literal('change'),
    set: set.optional(),
    unset: z.array(z.string()).optional(),
    keyed: z.object(keyed ?? {}).partial().optional(),
  });
  return z.discriminatedUnion('kind', [snapshot, change]);
}

export const streamMessages = {
  status: streamMessage(streams.status, Status.partial()),
  account: streamMessage(streams.account, AccountSnapshot.partial(), {
    positions: keyedChange(Position),
    equityLine: keyedChange(AccountSnapshot.shape.equityLine.element),
  }),
  orders: streamMessage(streams.orders, OrdersSnapshot.partial(), {
    open: keyedChange(OrderView),
    done: keyedChange(OrderView),
    fills: keyedChange(Fill),
  }),
  risk: streamMessage(streams.risk, RiskState.partial()),
  logs: streamMessage(streams.logs),
  alerts: streamMessage(streams.alerts),
  timeline: streamMessage(streams.timeline),
  apiClients: streamMessage(streams.apiClients, ApiClients.partial()),
  quotes: streamMessage(streams.quotes, streams.quotes),
} as const satisfies Record<keyof typeof streams, z.ZodType>;

export type Streams = typeof streams;
export type StreamName = keyof Streams;
export type StreamValue<S extends StreamName> = z.output<Streams[S]>;

/** The single object the renderer talks to: `window.gatehouse` in Electron, a WebSocket twin in a browser. */
export interface GatehouseApi {
  invoke<C extends CommandName>(command: C, input?: CommandInput<C>): Promise<Result<CommandOutput<C>>>;
  /** First a snapshot, then changes (contract/changes.ts `applyMessage` merges them); again a snapshot after a reconnect. */
  subscribe<S extends StreamName>(stream: S, listener: (message: StreamMessage<StreamValue<S>>) => void): () => void;
}

export const commandNames = Object.keys(commands) as CommandName[];
export const streamNames = Object.keys(streams) as StreamName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commands, name);
}
export function isStreamName(name: unknown): name is StreamName {
  return typeof name === 'string' && Object.hasOwn(streams, name);
}

/** The IPC channel names (kept under their old name for the shell). */
export const ipcChannels = IPC_CHANNELS;
