/**
 * Orders: the ticket draft with its basic required-field checks, contract lookup, preview (what-if + risk
 * verdict from core), place with live confirmation, and the open-orders actions. Risk decisions come from
 * core; this store only shows them.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  ContractInfo,
  FutureExpiry,
  GatehouseApi,
  OrdersSnapshot,
  OrderTicket,
  OrderType,
  OrderView,
  Position,
  Preview,
  RiskVerdict,
} from '../../../electron/core/contract.ts';
import { OCA_TYPE_LABELS, OCA_TYPES, ORDER_TYPE_LABELS, ORDER_TYPES, TIF_LABELS, TIFS } from '../../../electron/core/contract/constants.ts';
import { orderKey } from '../../../electron/core/contract/keys.ts';
import { fieldsFor, type UiError } from '../lib/errors.ts';
import { call } from './call.ts';
import { follow } from './follow.ts';

export { OCA_TYPE_LABELS, OCA_TYPES, ORDER_TYPE_LABELS, ORDER_TYPES, TIF_LABELS, TIFS };

export interface TicketDraft {
  symbol: string;
  side: 'BUY' | 'SELL';
  quantity: string;
  type: OrderType;
  limitPrice: string;
  stopPrice: string;
  trailAmount: string;
  trailPercent: string;
  tif: Tif;
  /** GTD: the expiry as a datetime-local value ("2026-12-31T16:00"), in this computer's time. */
  goodTillDate: string;
  outsideRth: boolean;
  /** Stock or future; a future also needs its expiry (contracts.expiries lists them, front month first). */
  secType: 'STK' | 'FUT';
  expiry: string;
  /**
   * A future's exchange when the ticket knows it (opened from a position: NYMEX for CL), '' otherwise: core
   * then names it from the contract's details, never a guess (ContractBook.route).
   */
  exchange: string;
  /** Orders attached to this one (IB's parentId): a bracket (take-profit + stop-loss) or a trailing stop. */
  attach: AttachKind;
  takeProfit: string;
  stopLoss: string;
  attachTrailAmount: string;
  attachTrailPercent: string;
  /**
   * The trader's own One-Cancels-All group ('' = none): orders with the same name cancel or reduce one
   * another when one fills. Only for an order with nothing attached: a bracket or trailing stop already puts
   * its children in a group of its own (bracket-<parentId>), and mixing the two would tie the exits to
   * unrelated orders, which is not what a trader attaching a bracket means.
   */
  ocaGroup: string;
  ocaType: OcaType;
  /**
   * The one contract a held future was taken from (Close's "Edit in ticket", the bid/ask hotkeys on a
   * position): core routes by it (ContractBook.route), since a root and month may be listed on more than one
   * exchange and a position may come without one. Dropped as soon as the instrument is changed here.
   */
  conId?: number;
}

export type OcaType = (typeof OCA_TYPES)[number];

export type Tif = (typeof TIFS)[number];
export type AttachKind = 'none' | 'bracket' | 'trailing';
export const ATTACH_LABELS: Record<AttachKind, string> = {
  none: 'Nothing attached',
  bracket: 'Bracket: take-profit + stop-loss',
  trailing: 'Attached trailing stop',
};

export type PriceField = 'limitPrice' | 'stopPrice' | 'trailAmount' | 'trailPercent';

/** Which price inputs the ticket shows for an order type. */
export function priceFieldsFor(type: OrderType): PriceField[] {
  switch (type) {
    case 'LMT':
      return ['limitPrice'];
    case 'STP':
      return ['stopPrice'];
    case 'STP LMT':
      return ['stopPrice', 'limitPrice'];
    case 'TRAIL':
      return ['trailAmount', 'trailPercent'];
    default:
      return [];
  }
}

export function emptyDraft(): TicketDraft {
  return {
    symbol: '',
    side: 'BUY',
    quantity: '',
    type: 'LMT',
    limitPrice: '',
    stopPrice: '',
    trailAmount: '',
    trailPercent: '',
    tif: 'DAY',
    goodTillDate: '',
    outsideRth: false,
    secType: 'STK',
    expiry: '',
    exchange: '',
    attach: 'none',
    takeProfit: '',
    stopLoss: '',
    attachTrailAmount: '',
    attachTrailPercent: '',
    ocaGroup: '',
    ocaType: 1,
  };
}

const DECIMAL = /^\d+(\.\d+)?$/;
/**
 * OCA group names as core's contract takes them (ORDER_REF_PATTERN in contract/wire.ts, which the renderer
 * may not import): printable ASCII, up to 64. Checked here so the trader sees it on the field, not as a refusal.
 */
const OCA_GROUP = /^[\x20-\x7E]{1,64}$/;

/** Basic required-field checks only; the trading rules are core's. */
export function checkDraft(d: TicketDraft): Record<string, string> {
  const f: Record<string, string> = {};
  if (!d.symbol.trim()) f.symbol = d.secType === 'FUT' ? 'Enter a future, e.g. ES' : 'Enter a symbol, e.g. AAPL';
  // A future without an expiry is ambiguous at the Gateway (error 200): the trader picks the month.
  if (d.secType === 'FUT' && d.symbol.trim() && !d.expiry) f.expiry = 'Choose an expiry';
  const q = d.quantity.trim();
  if (!q) f.quantity = 'Enter how many shares';
  else if (!DECIMAL.test(q) || Number(q) <= 0) f.quantity = 'Enter a quantity above 0, e.g. 100';
  const need = (key: PriceField, label: string) => {
    const v = d[key].trim();
    if (!v) f[key] = `Enter a ${label} for a ${ORDER_TYPE_LABELS[d.type].toLowerCase()} order`;
    else if (!DECIMAL.test(v) || Number(v) <= 0) f[key] = `Enter a ${label} above 0, e.g. 150.25`;
  };
  if (d.type === 'LMT' || d.type === 'STP LMT') need('limitPrice', 'limit price');
  if (d.type === 'STP' || d.type === 'STP LMT') need('stopPrice', 'stop price');
  if (d.type === 'TRAIL') {
    const a = d.trailAmount.trim();
    const p = d.trailPercent.trim();
    if (!a && !p) f.trailAmount = 'Enter a trailing amount or a trailing percent';
    else if (a && p) f.trailAmount = 'Use either a trailing amount or a percent, not both';
    else if (a && (!DECIMAL.test(a) || Number(a) <= 0)) f.trailAmount = 'Enter an amount above 0, e.g. 1.50';
    else if (p && (!DECIMAL.test(p) || Number(p) <= 0)) f.trailPercent = 'Enter a percent above 0, e.g. 2';
  }
  if (d.tif === 'GTD') {
    if (!d.goodTillDate) f.goodTillDate = 'Pick the date and time the order expires';
    else if (Number.isNaN(new Date(d.goodTillDate).getTime())) f.goodTillDate = 'Enter a date and time, e.g. 2026-12-31 16:00';
  }
  const price = (key: 'takeProfit' | 'stopLoss' | 'attachTrailAmount' | 'attachTrailPercent', text: string) => {
    const v = d[key].trim();
    if (!v) f[key] = text;
    else if (!DECIMAL.test(v) || Number(v) <= 0) f[key] = 'Enter a number above 0';
  };
  if (d.attach === 'bracket') {
    price('takeProfit', 'Enter the take-profit limit price');
    price('stopLoss', 'Enter the stop-loss stop price');
  }
  if (d.attach === 'trailing') {
    const a = d.attachTrailAmount.trim();
    const p = d.attachTrailPercent.trim();
    if (!a && !p) f.attachTrailAmount = 'Enter a trailing amount or a trailing percent';
    else if (a && p) f.attachTrailAmount = 'Use either a trailing amount or a percent, not both';
    else if (a) price('attachTrailAmount', '');
    else price('attachTrailPercent', '');
  }
  const oca = d.ocaGroup.trim();
  if (d.attach === 'none' && oca && !OCA_GROUP.test(oca)) f.ocaGroup = 'Use letters, digits, spaces and plain punctuation only (up to 64)';
  return f;
}

/** The contract's ticket from a draft: only the price fields this type uses. */
export function draftToTicket(d: TicketDraft, confirmed = false): OrderTicket {
  const t: OrderTicket = {
    symbol: d.symbol.trim().toUpperCase(),
    side: d.side,
    quantity: d.quantity.trim(),
    type: d.type,
    tif: d.tif,
    outsideRth: d.outsideRth,
    confirmed,
  };
  if (d.secType === 'FUT') {
    t.secType = 'FUT';
    if (d.exchange) t.exchange = d.exchange;
    if (d.expiry) t.lastTradeDateOrContractMonth = d.expiry;
    if (d.conId) t.conId = d.conId;
  }
  for (const key of priceFieldsFor(d.type)) {
    const v = d[key].trim();
    if (v) t[key] = v;
  }
  if (d.tif === 'GTD' && d.goodTillDate) {
    // datetime-local is this computer's wall time; the contract carries the instant.
    const at = new Date(d.goodTillDate).getTime();
    if (!Number.isNaN(at)) t.goodTillDate = at;
  }
  if (d.attach === 'bracket') t.attached = { takeProfit: d.takeProfit.trim(), stopLoss: d.stopLoss.trim() };
  if (d.attach === 'trailing') {
    t.attached = d.attachTrailPercent.trim() ? { trailPercent: d.attachTrailPercent.trim() } : { trailAmount: d.attachTrailAmount.trim() };
  }
  const oca = d.ocaGroup.trim();
  if (d.attach === 'none' && oca) {
    t.ocaGroup = oca;
    t.ocaType = d.ocaType;
  }
  return t;
}

/** The orders a ticket sends, in words, parent first: what the preview lists for a bracket. */
export function describeLegs(t: OrderTicket): string[] {
  const a = t.attached;
  if (!a) return [describeTicket(t)];
  const exit = t.side === 'BUY' ? 'SELL' : 'BUY';
  const legs = [describeTicket({ ...t, attached: undefined })];
  if (a.takeProfit) legs.push(`Take-profit: ${exit} ${t.quantity} LMT @ ${a.takeProfit}`);
  if (a.stopLoss) legs.push(`Stop-loss: ${exit} ${t.quantity} STP ${a.stopLoss}`);
  if (a.trailPercent) legs.push(`Trailing stop: ${exit} ${t.quantity} TRAIL ${a.trailPercent}%`);
  else if (a.trailAmount) legs.push(`Trailing stop: ${exit} ${t.quantity} TRAIL ${a.trailAmount}`);
  return legs;
}

/** A second identical order within this many ms of the first asks before it is sent (a double send, not a plan). */
export const REPEAT_WINDOW_MS = 5_000;

/** What makes two orders "the same" for the repeat check: instrument, side, size, type and prices. */
export function sameOrderKey(t: OrderTicket): string {
  const { confirmed: _c, ...rest } = t;
  return JSON.stringify({ ...rest, symbol: String(t.symbol).toUpperCase(), quantity: String(Number(t.quantity)) });
}

export interface Refusal {
  title: string;
  reasons: string[];
  hint: string | null;
}

export interface RowEdit {
  /** Whose order is being edited (order ids are per client; only Gatehouse's own rows offer Modify). */
  clientId: number;
  quantity: string;
  price: string;
  error: string | null;
  busy: boolean;
}

export interface OrdersState {
  snapshot: OrdersSnapshot | null;
  draft: TicketDraft;
  fieldErrors: Record<string, string>;
  lookup: { status: 'idle' | 'loading' | 'ok' | 'error'; symbol: string; info: ContractInfo | null; error: UiError | null };
  /** A future's listed expiries for the ticket's select (front month first). */
  expiries: { status: 'idle' | 'loading' | 'ok' | 'error'; symbol: string; list: FutureExpiry[]; error: UiError | null };
  preview: Preview | null;
  /** The ticket the preview was made for, so an edited ticket drops a stale preview. */
  previewKey: string | null;
  previewing: boolean;
  placing: boolean;
  refusal: Refusal | null;
  ticketError: UiError | null;
  /** The last thing that happened, in words ("Order 12 sent: BUY 100 AAPL LMT 150.00"). */
  result: string | null;
  confirm: { ticket: OrderTicket; verdict: RiskVerdict } | null;
  /** A position's closing order, shown exactly before it is sent (Close on a position row). */
  closeAsk: { position: Position; ticket: OrderTicket; busy: boolean; error: string | null } | null;
  /** The same order was sent moments ago: asked before it goes again. */
  repeat: { ticket: OrderTicket; secondsAgo: number } | null;
  edits: Record<number, RowEdit>;
  rowBusy: Record<number, string>;
  rowErrors: Record<number, string>;
  cancelAllAsk: boolean;
  cancellingAll: boolean;

  setField<K extends keyof TicketDraft>(key: K, value: TicketDraft[K]): void;
  resetTicket(): void;
  lookupSymbol(): Promise<void>;
  previewOrder(): Promise<void>;
  placeOrder(): Promise<void>;
  confirmPlace(): Promise<void>;
  dismissConfirm(): void;
  confirmRepeat(): Promise<void>;
  dismissRepeat(): void;
  prefillClose(position: Position): void;
  askClose(position: Position | null): void;
  confirmClose(): Promise<void>;
  /** The asked closing order goes into the ticket instead, to be changed there. */
  editClose(): void;
  startEdit(order: OrderView): void;
  setEdit(orderId: number, key: 'quantity' | 'price', value: string): void;
  stopEdit(orderId: number): void;
  saveEdit(orderId: number): Promise<void>;
  /** clientId: whose order; core refuses another program's (only the placing client may cancel). */
  cancelOrder(orderId: number, clientId?: number): Promise<void>;
  askCancelAll(ask: boolean): void;
  cancelAll(): Promise<void>;
}

export type OrdersStore = StoreApi<OrdersState>;

export interface OrdersDeps {
  isLive(): boolean;
  notify(text: string, tone?: 'ok' | 'info' | 'bad'): void;
}

/** One line in trader words: "BUY 100 AAPL LMT @ 189.00 DAY". */
/**
 * What a trader calls a position's contract: a future by its month's local symbol (ESH7, as TWS shows it), so
 * two months of ES are two names; anything else by its symbol.
 */
export function contractLabel(p: Pick<Position, 'symbol' | 'secType' | 'localSymbol'>): string {
  return p.secType === 'FUT' && p.localSymbol ? p.localSymbol : p.symbol;
}

/** `label`: the contract's name when the symbol alone does not say it (contractLabel: a future's month). */
export function describeTicket(t: OrderTicket, label?: string): string {
  const px =
    t.type === 'LMT'
      ? ` @ ${t.limitPrice}`
      : t.type === 'STP'
        ? ` stop ${t.stopPrice}`
        : t.type === 'STP LMT'
          ? ` stop ${t.stopPrice} limit ${t.limitPrice}`
          : t.type === 'TRAIL'
            ? t.trailPercent
              ? ` trail ${t.trailPercent}%`
              : ` trail ${t.trailAmount}`
            : '';
  const a = t.attached;
  const attached = a ? (a.takeProfit || a.stopLoss ? ' + take-profit / stop-loss' : ' + trailing stop') : '';
  return `${t.side} ${t.quantity} ${label ?? String(t.symbol).toUpperCase()} ${t.type}${px} ${t.tif}${attached}`;
}

/** IB's UTC date-time ("20261231-21:00:00", as core sends GTD) as epoch ms; null for any other form. */
export function ibUtcToMs(text: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2}):(\d{2}):(\d{2})$/.exec(text);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) : null;
}

/** The edited price of an open order goes to the field its type uses. */
export function editablePriceField(type: string): 'limitPrice' | 'stopPrice' | null {
  if (type === 'LMT' || type === 'STP LMT') return 'limitPrice';
  if (type === 'STP') return 'stopPrice';
  return null;
}

/** The market order that flattens a position: the opposite side, the whole size, today only. */
export function closingTicket(p: Position): OrderTicket {
  const t: OrderTicket = {
    symbol: p.symbol,
    side: Number(p.quantity) >= 0 ? 'SELL' : 'BUY',
    quantity: p.quantity.replace(/^-/, ''),
    type: 'MKT',
    tif: 'DAY',
    outsideRth: false,
  };
  if (p.secType === 'STK' || p.secType === 'FUT' || p.secType === 'CASH') t.secType = p.secType;
  if (p.secType === 'FUT') {
    // The position's own month: "ES" alone is ambiguous at the Gateway, and the front month would open a
    // second position rather than close this one. Its own exchange when the position names it (CL: NYMEX);
    // otherwise none, and core names it from contract details.
    if (p.exchange) t.exchange = p.exchange;
    if (p.lastTradeDateOrContractMonth) t.lastTradeDateOrContractMonth = p.lastTradeDateOrContractMonth;
    // The one contract held: a root and month can be listed on more than one exchange, its conId cannot.
    if (p.conId > 0) t.conId = p.conId;
  }
  return t;
}

const NO_LOOKUP: OrdersState['lookup'] = { status: 'idle', symbol: '', info: null, error: null };
const NO_EXPIRIES: OrdersState['expiries'] = { status: 'idle', symbol: '', list: [], error: null };

/**
 * A ticket holding `draft` and nothing of the one before it: no errors, preview, refusal, result, looked-up
 * contract or futures months. Clear and "Edit in ticket" both start from here; a lookup still out for the old
 * symbol finds a different draft when it answers and leaves it alone (lookupSymbol, loadExpiries).
 */
function cleanTicket(draft: TicketDraft): Partial<OrdersState> {
  return { draft, fieldErrors: {}, preview: null, previewKey: null, refusal: null, ticketError: null, result: null, lookup: NO_LOOKUP, expiries: NO_EXPIRIES };
}

function refusalFromVerdict(verdict: RiskVerdict, title: string): Refusal {
  const reasons = verdict.reasons.length > 0 ? verdict.reasons : verdict.rules.filter((r) => !r.ok).map((r) => r.message);
  return { title, reasons, hint: null };
}

export function createOrdersStore(api: GatehouseApi, deps: OrdersDeps): OrdersStore & { dispose(): void } {
  let resolveLostIntent = () => {};
  const store = createStore<OrdersState>()((set, get) => {
    /** Runs the checks; returns the ticket or null when fields are missing. */
    function readyTicket(confirmed = false): OrderTicket | null {
      const errs = checkDraft(get().draft);
      set({ fieldErrors: errs });
      if (Object.keys(errs).length > 0) return null;
      return draftToTicket(get().draft, confirmed);
    }

    function failed(error: UiError) {
      const fields = fieldsFor(error, 'ticket');
      if (Object.keys(fields).length > 0) set({ fieldErrors: fields });
      if (error.code === 'RISK_REJECTED' || error.code === 'KILL_SWITCH') {
        set({
          refusal: { title: 'Order refused by your risk limits', reasons: [error.message], hint: error.hint ?? null },
          ticketError: null,
        });
      } else {
        set({ ticketError: error });
      }
    }

    /**
     * An order whose answer was lost with the link to core (the bridge dropped while it was in flight):
     * core may well have placed it. Until core says what became of it (orders.intent, asked once the link
     * is back) the ticket sends nothing, so a natural retry cannot make it two.
     */
    let lost: { intentId: string; ticket: OrderTicket } | null = null;

    function placed(orderId: number, ticket: OrderTicket, text: string) {
      lastSent = { key: sameOrderKey(ticket), at: Date.now() };
      // The quantity goes, symbol/side/type/price stay: one more click cannot send the same order again.
      set({ result: text, preview: null, previewKey: null, draft: { ...get().draft, quantity: '' } });
      deps.notify(text, 'ok');
    }

    /** Asks core about the lost intent; called again on every orders snapshot until it has an answer. */
    async function resolveLost() {
      const l = lost;
      if (!l) return;
      const r = await call(api, 'orders.intent', { intentId: l.intentId });
      if (!r.ok || lost !== l || r.value.state === 'pending') return; // still away, or still on its way
      lost = null;
      set({ ticketError: null });
      if (r.value.state === 'placed' && r.value.orderId !== null) {
        placed(r.value.orderId, l.ticket, `Order ${r.value.orderId} was placed: ${describeTicket(l.ticket)} (the connection dropped before Gatehouse could say so)`);
      } else if (r.value.state === 'failed' && r.value.error) {
        failed(r.value.error);
      } else {
        set({
          ticketError: {
            code: 'NOT_CONNECTED',
            message: `The order was not placed: ${describeTicket(l.ticket)} never reached Gatehouse core.`,
            hint: 'Send it again if you still want it.',
          },
        });
      }
    }

    async function send(ticket: OrderTicket) {
      set({ placing: true, ticketError: null, refusal: null, result: null });
      // One key per intent: should this frame be sent twice (a retry after a dropped bridge), core places one order.
      const intentId = crypto.randomUUID();
      const r = await call(api, 'orders.place', { ...ticket, intentId });
      set({ placing: false });
      if (!r.ok && r.error.code === 'NOT_CONNECTED') {
        lost = { intentId, ticket };
        set({
          ticketError: {
            code: 'NOT_CONNECTED',
            message: `Lost the connection while sending ${describeTicket(ticket)}: checking with Gatehouse whether it was placed…`,
            hint: 'Nothing is sent again meanwhile; the answer appears here once the connection is back.',
          },
        });
        void resolveLost();
        return;
      }
      if (!r.ok) {
        failed(r.error);
        const refusedBy = r.error.verdict;
        if (refusedBy) {
          // The one refusal carries the exact verdict and IB's what-if: no second preview round trip.
          set({
            refusal: { ...refusalFromVerdict(refusedBy, 'Order refused by your risk limits'), hint: r.error.hint ?? null },
            preview: { whatIf: r.error.whatIf ?? get().preview?.whatIf ?? null, verdict: refusedBy, lastPrice: get().preview?.lastPrice ?? null },
            previewKey: JSON.stringify(draftToTicket(get().draft)),
          });
        }
        return;
      }
      placed(r.value.orderId, ticket, `Order ${r.value.orderId} sent: ${describeTicket(ticket)}`);
    }

    /** True from the first click or keypress of an intent until its answer (or its confirmation dialog). */
    let inFlight = false;
    /** The last order that left, for the repeat check. */
    let lastSent: { key: string; at: number } | null = null;

    resolveLostIntent = () => void resolveLost();

    async function placeIntent(repeatOk = false) {
      if (lost) return void resolveLost(); // the last order's fate is not known yet: never a second one
      const ticket = readyTicket();
      if (!ticket) return;
      const ago = lastSent && lastSent.key === sameOrderKey(ticket) ? Date.now() - lastSent.at : null;
      if (!repeatOk && ago !== null && ago < REPEAT_WINDOW_MS) {
        set({ repeat: { ticket, secondsAgo: Math.max(1, Math.round(ago / 1000)) } });
        return;
      }
      // In live mode the verdict decides whether to ask first: preview when there is no fresh one.
      if (deps.isLive()) {
        let preview = get().preview;
        if (!preview || get().previewKey !== JSON.stringify(ticket)) {
          await get().previewOrder();
          preview = get().preview;
          if (!preview) return;
        }
        if (preview.verdict.decision === 'confirm') {
          set({ confirm: { ticket, verdict: preview.verdict } });
          return;
        }
        if (preview.verdict.decision === 'refuse') {
          set({ refusal: refusalFromVerdict(preview.verdict, 'Order refused by your risk limits') });
          return;
        }
      }
      await send(ticket);
    }

    /**
     * A future's months for the select, the front month preselected (or the chosen one kept while it is still
     * listed). False when there is nothing to choose from (the error shows under the symbol).
     */
    async function loadExpiries(symbol: string): Promise<boolean> {
      if (get().expiries.symbol !== symbol || get().expiries.status !== 'ok') {
        set({ expiries: { status: 'loading', symbol, list: [], error: null } });
        const r = await call(api, 'contracts.expiries', { symbol });
        if (get().draft.symbol.trim().toUpperCase() !== symbol) return false;
        if (!r.ok) {
          set({ expiries: { status: 'error', symbol, list: [], error: r.error }, lookup: { status: 'error', symbol, info: null, error: r.error } });
          return false;
        }
        set({ expiries: { status: 'ok', symbol, list: r.value, error: null } });
      }
      const list = get().expiries.list;
      const chosen = get().draft.expiry;
      if (!list.some((e) => e.lastTradeDateOrContractMonth === chosen)) {
        set({ draft: { ...get().draft, expiry: list[0]?.lastTradeDateOrContractMonth ?? '' } });
      }
      return list.length > 0;
    }

    return {
      snapshot: null,
      draft: emptyDraft(),
      fieldErrors: {},
      lookup: NO_LOOKUP,
      expiries: NO_EXPIRIES,
      preview: null,
      previewKey: null,
      previewing: false,
      placing: false,
      refusal: null,
      ticketError: null,
      result: null,
      confirm: null,
      repeat: null,
      closeAsk: null,
      edits: {},
      rowBusy: {},
      rowErrors: {},
      cancelAllAsk: false,
      cancellingAll: false,

      setField(key, value) {
        const before = get().draft;
        const draft = { ...before, [key]: value };
        // Another instrument is not on the last one's exchange.
        if (key === 'symbol' || key === 'secType') draft.exchange = '';
        // Nor is it the contract held: its conId named that one.
        if ((key === 'symbol' || key === 'secType' || key === 'expiry' || key === 'exchange') && before[key] !== value) delete draft.conId;
        const fieldErrors = { ...get().fieldErrors };
        delete fieldErrors[key];
        if (key === 'type') for (const k of ['limitPrice', 'stopPrice', 'trailAmount', 'trailPercent']) delete fieldErrors[k];
        if (key === 'trailPercent') delete fieldErrors.trailAmount;
        const stale = JSON.stringify(draftToTicket(draft)) !== get().previewKey;
        set({
          draft,
          fieldErrors,
          refusal: null,
          ticketError: null,
          ...(stale ? { preview: null, previewKey: null } : {}),
          ...(key === 'symbol' || key === 'secType' || key === 'expiry' ? { lookup: NO_LOOKUP } : {}),
          ...(key === 'symbol' || key === 'secType' ? { expiries: NO_EXPIRIES } : {}),
        });
        if (key === 'expiry') void get().lookupSymbol();
      },

      resetTicket() {
        set(cleanTicket(emptyDraft()));
      },

      async lookupSymbol() {
        const symbol = get().draft.symbol.trim().toUpperCase();
        if (!symbol || get().lookup.symbol === symbol) return;
        if (get().draft.secType === 'FUT' && !(await loadExpiries(symbol))) return;
        const { secType, expiry } = get().draft;
        set({ lookup: { status: 'loading', symbol, info: null, error: null } });
        const r = await call(api, 'contracts.lookup', secType === 'FUT' ? { symbol, secType, lastTradeDateOrContractMonth: expiry } : { symbol });
        if (get().draft.symbol.trim().toUpperCase() !== symbol || get().draft.expiry !== expiry) return;
        set({
          lookup: r.ok
            ? { status: 'ok', symbol, info: r.value, error: null }
            : { status: 'error', symbol, info: null, error: r.error },
        });
      },

      async previewOrder() {
        const ticket = readyTicket();
        if (!ticket) return;
        set({ previewing: true, ticketError: null, refusal: null, result: null });
        const r = await call(api, 'orders.preview', ticket);
        set({ previewing: false });
        if (!r.ok) {
          failed(r.error);
          return;
        }
        set({ preview: r.value, previewKey: JSON.stringify(draftToTicket(get().draft)) });
        if (r.value.verdict.decision === 'refuse') {
          set({ refusal: refusalFromVerdict(r.value.verdict, 'This order would be refused') });
        }
      },

      async placeOrder() {
        // Re-entry guard: one intent is one order, however many clicks or keypresses arrive meanwhile.
        if (inFlight) return;
        inFlight = true;
        try {
          await placeIntent();
        } finally {
          inFlight = false;
        }
      },

      async confirmPlace() {
        const c = get().confirm;
        if (!c || inFlight) return;
        set({ confirm: null });
        inFlight = true;
        try {
          await send({ ...c.ticket, confirmed: true });
        } finally {
          inFlight = false;
        }
      },

      dismissConfirm() {
        set({ confirm: null });
      },

      async confirmRepeat() {
        if (!get().repeat || inFlight) return;
        set({ repeat: null });
        inFlight = true;
        try {
          // Still the whole intent path (live confirmation included), minus the repeat question just answered.
          await placeIntent(true);
        } finally {
          inFlight = false;
        }
      },

      dismissRepeat() {
        set({ repeat: null });
      },

      prefillClose(position) {
        const qty = Number(position.quantity);
        const future = position.secType === 'FUT';
        set(
          cleanTicket({
            ...emptyDraft(),
            symbol: position.symbol,
            side: qty >= 0 ? 'SELL' : 'BUY',
            quantity: position.quantity.replace(/^-/, ''),
            type: 'MKT',
            // A future opens as the future it is, on its own month (loadExpiries keeps a listed month chosen).
            ...(future ? { secType: 'FUT' as const, expiry: position.lastTradeDateOrContractMonth ?? '', exchange: position.exchange ?? '' } : {}),
            ...(future && position.conId > 0 ? { conId: position.conId } : {}),
          }),
        );
        if (future) void get().lookupSymbol();
      },

      askClose(position) {
        set({ closeAsk: position ? { position, ticket: closingTicket(position), busy: false, error: null } : null });
      },

      async confirmClose() {
        const c = get().closeAsk;
        if (!c || c.busy) return;
        set({ closeAsk: { ...c, busy: true, error: null } });
        // The same command and risk gate as the ticket. In live mode this dialog, which shows the exact
        // order, is the user's confirmation.
        const r = await call(api, 'orders.place', { ...c.ticket, confirmed: deps.isLive(), intentId: crypto.randomUUID() });
        if (!r.ok) {
          const reasons = r.error.verdict ? refusalFromVerdict(r.error.verdict, '').reasons.join('; ') : r.error.message;
          set({ closeAsk: { ...c, busy: false, error: `${reasons}${r.error.hint ? ` ${r.error.hint}` : ''}` } });
          return;
        }
        set({ closeAsk: null });
        deps.notify(`Order ${r.value.orderId} sent: ${describeTicket(c.ticket, contractLabel(c.position))}`, 'ok');
      },

      editClose() {
        const c = get().closeAsk;
        if (!c) return;
        set({ closeAsk: null });
        get().prefillClose(c.position);
      },

      startEdit(order) {
        const pf = editablePriceField(order.type);
        set({
          edits: {
            ...get().edits,
            [order.orderId]: {
              clientId: order.clientId,
              quantity: order.remaining !== '0' ? order.remaining : order.quantity,
              price: pf ? (order[pf] ?? '') : '',
              error: null,
              busy: false,
            },
          },
        });
      },

      setEdit(orderId, key, value) {
        const e = get().edits[orderId];
        if (!e) return;
        set({ edits: { ...get().edits, [orderId]: { ...e, [key]: value, error: null } } });
      },

      stopEdit(orderId) {
        const edits = { ...get().edits };
        delete edits[orderId];
        set({ edits });
      },

      async saveEdit(orderId) {
        const e = get().edits[orderId];
        const order = get().snapshot?.open.find((o) => o.orderId === orderId && o.clientId === e?.clientId);
        if (!e || !order) return;
        const put = (patch: Partial<RowEdit>) => {
          const cur = get().edits[orderId];
          if (cur) set({ edits: { ...get().edits, [orderId]: { ...cur, ...patch } } });
        };
        const pf = editablePriceField(order.type);
        if (!DECIMAL.test(e.quantity.trim()) || Number(e.quantity) <= 0) {
          put({ error: 'Enter a quantity above 0' });
          return;
        }
        if (pf && (!DECIMAL.test(e.price.trim()) || Number(e.price) <= 0)) {
          put({ error: 'Enter a price above 0' });
          return;
        }
        const ticket: OrderTicket = {
          symbol: order.symbol,
          side: order.side,
          quantity: e.quantity.trim(),
          type: order.type as OrderType,
          tif: (TIFS as readonly string[]).includes(order.tif) ? (order.tif as Tif) : 'DAY',
          outsideRth: order.outsideRth,
        };
        if (order.secType === 'STK' || order.secType === 'FUT' || order.secType === 'CASH') ticket.secType = order.secType;
        const gtd = order.tif === 'GTD' ? ibUtcToMs(order.goodTillDate ?? '') : null;
        if (gtd !== null) ticket.goodTillDate = gtd;
        if (order.ocaGroup && !order.parentId) {
          ticket.ocaGroup = order.ocaGroup;
          if (order.ocaType === 1 || order.ocaType === 2 || order.ocaType === 3) ticket.ocaType = order.ocaType;
        }
        if (order.limitPrice !== null) ticket.limitPrice = order.limitPrice;
        if (order.stopPrice !== null) ticket.stopPrice = order.stopPrice;
        if (order.trailAmount !== null) ticket.trailAmount = order.trailAmount;
        if (order.trailPercent !== null) ticket.trailPercent = order.trailPercent;
        if (pf) ticket[pf] = e.price.trim();
        put({ busy: true, error: null });
        const r = await call(api, 'orders.modify', { orderId, clientId: order.clientId, ticket });
        if (!r.ok) {
          const text = r.error.verdict
            ? `Refused: ${refusalFromVerdict(r.error.verdict, '').reasons.join('; ')}`
            : `${r.error.message}${r.error.hint ? ` ${r.error.hint}` : ''}`;
          put({ busy: false, error: text });
          return;
        }
        get().stopEdit(orderId);
        deps.notify(`Order ${orderId} modified: ${describeTicket(ticket)}`, 'ok');
      },

      async cancelOrder(orderId, clientId) {
        set({ rowBusy: { ...get().rowBusy, [orderId]: 'Cancelling…' } });
        const r = await call(api, 'orders.cancel', clientId === undefined ? { orderId } : { orderId, clientId });
        const rowBusy = { ...get().rowBusy };
        delete rowBusy[orderId];
        const rowErrors = { ...get().rowErrors };
        if (r.ok) delete rowErrors[orderId];
        else rowErrors[orderId] = `${r.error.message}${r.error.hint ? ` ${r.error.hint}` : ''}`;
        set({ rowBusy, rowErrors });
        if (r.ok) deps.notify(`Cancel sent for order ${orderId}.`, 'ok');
      },

      askCancelAll(ask) {
        set({ cancelAllAsk: ask });
      },

      async cancelAll() {
        set({ cancellingAll: true, cancelAllAsk: false });
        const r = await call(api, 'orders.cancelAll');
        set({ cancellingAll: false });
        if (r.ok) deps.notify('Cancel sent for all open orders.', 'ok');
        else deps.notify(`${r.error.message}${r.error.hint ? ` ${r.error.hint}` : ''}`, 'bad');
      },
    };
  });
  const off = follow(api, 'orders', (snapshot) => {
    // Edits of orders that are no longer open go away with them.
    const open = new Set(snapshot.open.map(orderKey));
    const edits = Object.fromEntries(Object.entries(store.getState().edits).filter(([id, e]) => open.has(orderKey({ clientId: e.clientId, orderId: Number(id) }))));
    store.setState({ snapshot, edits });
    // A snapshot after a drop means the link is back: ask what became of an order lost in flight.
    resolveLostIntent();
  });
  return Object.assign(store, { dispose: off });
}
