/**
 * The facts several layers need, written once. This module has no imports at all, so the renderer and the
 * preload may import it as values (eslint.config.js allows exactly this module); the zod schemas in
 * `schemas.ts` are built from these tables, and so are core's validator, defaults and the limits form.
 *
 * Adding a risk limit: add a row to RISK_LIMITS and write the rule that enforces it (risk/rules.ts). The
 * schema, the defaults, the validator's messages and the Risk screen's form all follow from the row;
 * tests/unit/risk/limits-table.test.ts walks the table to prove it.
 */

// ---------------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------------

export const ERROR_CODES = [
  'BAD_INPUT',
  'UNKNOWN_COMMAND',
  'NOT_FOUND',
  'NOT_CONNECTED',
  'GATEWAY_RUNNING',
  'GATEWAY_NOT_INSTALLED',
  'PORT_TAKEN',
  'RISK_REJECTED',
  'KILL_SWITCH',
  'READ_ONLY',
  'IB_ERROR',
  'IO_ERROR',
  'UNAUTHORIZED',
  'INTERNAL',
] as const;

// ---------------------------------------------------------------------------------------------------------
// Gateway, status, profiles
// ---------------------------------------------------------------------------------------------------------

export const TRADING_MODES = ['paper', 'live'] as const;
export const PRODUCTS = ['gateway', 'tws'] as const;

/** IBC's values for ExistingSessionDetectedAction (ExistingSessionDetectedDialogHandler.java:39-42). */
export const EXISTING_SESSION_ACTIONS = ['manual', 'secondary', 'primary', 'primaryoverride'] as const;

/** The supervisor's own state machine (finer than the user-facing status). */
export const GATEWAY_STATES = [
  'stopped',
  'starting',
  'awaiting-login',
  'api-ready',
  'running',
  'degraded',
  'restarting',
  'crashed',
  'stopping',
] as const;

/** One derived status for tray and UI. */
export const STATUS_LEVELS = ['stopped', 'starting', 'login', 'connected', 'degraded', 'down'] as const;

/** IB's standard API ports: the Gateway and TWS each have a live and a paper port. */
export const DEFAULT_PORTS = {
  gateway: { live: 4001, paper: 4002 },
  tws: { live: 7496, paper: 7497 },
} as const satisfies Record<(typeof PRODUCTS)[number], Record<(typeof TRADING_MODES)[number], number>>;

// ---------------------------------------------------------------------------------------------------------
// Orders
// ---------------------------------------------------------------------------------------------------------

export const ORDER_SIDES = ['BUY', 'SELL'] as const;
export const ORDER_TYPES = ['MKT', 'LMT', 'STP', 'STP LMT', 'TRAIL'] as const;
export const ORDER_TYPE_LABELS = {
  MKT: 'Market',
  LMT: 'Limit',
  STP: 'Stop',
  'STP LMT': 'Stop limit',
  TRAIL: 'Trailing stop',
} as const satisfies Record<(typeof ORDER_TYPES)[number], string>;
/**
 * IB's times in force the ticket offers (TWS API Order.tif, https://interactivebrokers.github.io/tws-api/classIBApi_1_1Order.html):
 * DAY, GTC, IOC (fill what can be filled now, cancel the rest), GTD (until `goodTillDate`), FOK (all at once
 * or nothing), OPG (at the opening auction: market-on-open or limit-on-open only).
 */
export const TIFS = ['DAY', 'GTC', 'IOC', 'GTD', 'FOK', 'OPG'] as const;
export const TIF_LABELS = {
  DAY: 'today only',
  GTC: 'until cancelled',
  IOC: 'immediate or cancel',
  GTD: 'until a date and time',
  FOK: 'fill or kill',
  OPG: 'at the open',
} as const satisfies Record<(typeof TIFS)[number], string>;
/** The order types IB accepts with OPG: market-on-open and limit-on-open (IB's order-type page, "At the Opening"). */
export const OPG_ORDER_TYPES = ['MKT', 'LMT'] as const;
/**
 * IB's ocaType (ibapi/order.py: 1 CANCEL_WITH_BLOCK, 2 REDUCE_WITH_BLOCK, 3 REDUCE_NON_BLOCK;
 * https://interactivebrokers.github.io/tws-api/oca.html): what the other orders of a one-cancels-all group do
 * when one of them (partly) fills.
 */
export const OCA_TYPES = [1, 2, 3] as const;
export const OCA_TYPE_LABELS = {
  1: 'cancel the others',
  2: 'reduce the others (with block)',
  3: 'reduce the others (no block)',
} as const satisfies Record<(typeof OCA_TYPES)[number], string>;
/** The orders a ticket can attach to its order (IB's parentId), each closing what the parent opens. */
export const ATTACHED_ROLES = ['take-profit', 'stop-loss', 'trailing-stop'] as const;
export const SEC_TYPES = ['STK', 'FUT', 'CASH'] as const;

/** IB's order statuses (orderStatus messages). */
export const ORDER_STATUSES = [
  'PendingSubmit',
  'PreSubmitted',
  'Submitted',
  'Filled',
  'Cancelled',
  'ApiCancelled',
  'PendingCancel',
  'Inactive',
] as const;

/** Statuses after which IB sends nothing more for the order. */
export const DONE_ORDER_STATUSES = ['Filled', 'Cancelled', 'ApiCancelled', 'Inactive'] as const;

// ---------------------------------------------------------------------------------------------------------
// Risk
// ---------------------------------------------------------------------------------------------------------

/**
 * What the risk engine decided about an order: send it, ask the user first (live order above the
 * confirmation threshold, nothing else wrong), or refuse it.
 */
export const RISK_DECISIONS = ['allow', 'confirm', 'refuse'] as const;

/** Every risk rule's id, in the order the ticket shows them. */
export const RULE_IDS = [
  'kill-switch',
  'limits',
  'account-data',
  'ticket',
  'symbol',
  'order-type',
  'market-price',
  'order-qty',
  'order-notional',
  'position-qty',
  'position-notional',
  'gross-exposure',
  'daily-loss',
  'drawdown',
  'orders-per-minute',
  'price-band',
  'pdt',
  'attached',
  'live-confirm',
] as const;

type RuleName = (typeof RULE_IDS)[number];

/**
 * What a trader calls each rule. A rule that enforces a limit takes that limit's label (RISK_LIMITS below),
 * so the ticket, the Risk screen and the refusal text use one name.
 */
const OTHER_RULE_LABELS = {
  'kill-switch': 'Kill switch',
  limits: 'Limits in force',
  'account-data': 'Account data',
  ticket: 'Order ticket',
  symbol: 'Allowed symbols',
  'order-type': 'Allowed order types',
  'market-price': 'Market price known',
  'orders-per-minute': 'Max orders per minute',
  pdt: 'Pattern day trader rule',
  attached: 'Attached orders (bracket)',
} as const satisfies Partial<Record<RuleName, string>>;

export function ruleLabel(rule: RuleName): string {
  return (OTHER_RULE_LABELS as Partial<Record<RuleName, string>>)[rule] ?? RISK_LIMITS.find((l) => l.rule === rule)?.label ?? rule;
}

/**
 * The numeric limits a profile sets, each an optional decimal (empty means "no limit").
 * - `kind: 'cap'`: must be more than 0 when set; `'threshold'`: 0 or more (0 = always).
 * - `unit: '%'` caps the value at 100.
 * - `notAbove`: a limit this one can never usefully exceed (an order limit above the position limit is a typo).
 * - `rule`: the rule that enforces it.
 * - `default`: what a new profile starts with;
 * - `zero` (thresholds): what 0 means, for the validator's message.
 */
export const RISK_LIMITS = [
  { key: 'maxOrderQty', label: 'Max order size', unit: 'shares', kind: 'cap', rule: 'order-qty', default: '1000', notAbove: 'maxPositionQty' },
  { key: 'maxOrderNotional', label: 'Max order value', unit: '$', kind: 'cap', rule: 'order-notional', default: '50000', notAbove: 'maxPositionNotional' },
  { key: 'maxPositionQty', label: 'Max position size', unit: 'shares', kind: 'cap', rule: 'position-qty', default: null },
  { key: 'maxPositionNotional', label: 'Max position value', unit: '$', kind: 'cap', rule: 'position-notional', default: null, notAbove: 'maxGrossExposure' },
  { key: 'maxGrossExposure', label: 'Max gross exposure', unit: '$', kind: 'cap', rule: 'gross-exposure', default: null },
  { key: 'dailyLossLimit', label: 'Daily loss limit', unit: '$', kind: 'cap', rule: 'daily-loss', default: '2000', hint: 'Reaching it trips the kill switch.' },
  { key: 'maxDrawdown', label: 'Max drawdown from peak', unit: '$', kind: 'cap', rule: 'drawdown', default: null, hint: 'Reaching it trips the kill switch.' },
  { key: 'priceBandPercent', label: 'Price band around last', unit: '%', kind: 'cap', rule: 'price-band', default: null },
  { key: 'liveConfirmNotional', label: 'Confirm live orders above', unit: '$', kind: 'threshold', rule: 'live-confirm', default: '10000', zero: 'asks for confirmation on every live order' },
] as const satisfies readonly RiskLimitRow[];

/** The shape of one RISK_LIMITS row (spelled out so a new row is checked as it is typed). */
export interface RiskLimitRow {
  readonly key: string;
  readonly label: string;
  readonly unit: '$' | 'shares' | '%';
  readonly kind: 'cap' | 'threshold';
  readonly rule: (typeof RULE_IDS)[number];
  readonly default: string | null;
  readonly notAbove?: string;
  readonly hint?: string;
  readonly zero?: string;
}

export type RiskLimitKey = (typeof RISK_LIMITS)[number]['key'];
export const RISK_LIMIT_KEYS = RISK_LIMITS.map((l) => l.key) as readonly RiskLimitKey[];

/** The row for a key (for labels in messages). */
export function riskLimit(key: RiskLimitKey): (typeof RISK_LIMITS)[number] {
  return RISK_LIMITS.find((l) => l.key === key)!;
}

// ---------------------------------------------------------------------------------------------------------
// Wire
// ---------------------------------------------------------------------------------------------------------

/** IPC channel names used by the Electron shell; the web bridge uses the same names inside its frames. */
/** The price chart's bar sizes, in IB's own bar-size strings. */
export const BAR_SIZES = ['1 min', '5 mins', '1 day'] as const;

// ---------------------------------------------------------------------------------------------------------
// Desk hotkeys
// ---------------------------------------------------------------------------------------------------------

/**
 * The desk's configurable hotkeys. `destructive` ones (they cancel or send an order without the ticket)
 * ask first unless the user turns that off per hotkey in Settings. Bindings read like "Shift+B".
 */
export const HOTKEY_ACTIONS = [
  { id: 'buyAsk', label: 'Buy at the ask (fills the ticket)', default: 'Shift+B', destructive: false },
  { id: 'sellBid', label: 'Sell at the bid (fills the ticket)', default: 'Shift+S', destructive: false },
  { id: 'cancelLast', label: 'Cancel the last order', default: 'Shift+C', destructive: true },
  { id: 'cancelAll', label: 'Cancel all open orders', default: 'Shift+X', destructive: true },
  { id: 'flatten', label: 'Flatten the selected position', default: 'Shift+F', destructive: true },
] as const;
export type HotkeyAction = (typeof HOTKEY_ACTIONS)[number]['id'];
export const HOTKEY_ACTION_IDS = HOTKEY_ACTIONS.map((a) => a.id) as unknown as readonly [HotkeyAction, ...HotkeyAction[]];

/** Keys the app itself uses (renderer App.tsx, screens in app-store SCREENS order); a hotkey may not take them. */
export const RESERVED_KEYS = [
  { key: '?', use: 'the hotkey help' },
  { key: 'N', use: 'new order' },
  { key: 'Ctrl+Enter', use: 'place order' },
  { key: 'Ctrl+1', use: 'Dashboard' },
  { key: 'Ctrl+2', use: 'Orders' },
  { key: 'Ctrl+3', use: 'Risk' },
  { key: 'Ctrl+4', use: 'Gateway' },
  { key: 'Ctrl+5', use: 'Diagnostics' },
  { key: 'Ctrl+6', use: 'Settings' },
  { key: 'Ctrl+7', use: 'API clients' },
  { key: 'Escape', use: 'closing dialogs' },
  { key: 'Enter', use: 'buttons and forms' },
  { key: 'Tab', use: 'moving between fields' },
  { key: 'Shift+Tab', use: 'moving between fields' },
] as const;

export const IPC_CHANNELS = {
  invoke: 'gatehouse:invoke',
  subscribe: 'gatehouse:subscribe',
  unsubscribe: 'gatehouse:unsubscribe',
  stream: 'gatehouse:stream',
} as const;
