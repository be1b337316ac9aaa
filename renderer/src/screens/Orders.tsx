import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ContractInfo, Fill, OrderView, Quote, RiskVerdict } from '../../../electron/core/contract.ts';
import { ruleLabel } from '../../../electron/core/contract/constants.ts';
import { instrumentId, orderKey } from '../../../electron/core/contract/keys.ts';
import { PriceChart } from '../components/PriceChart.tsx';
import { useColumnWidths } from '../components/ResizableTh.tsx';
import { VirtualRows } from '../components/VirtualRows.tsx';
import { SortableTh, useTableSort } from '../components/SortableTh.tsx';
import { AttachFields, BracketLegs, TifFields } from '../components/TicketGroups.tsx';
import { Card, Dialog, Empty, ErrorNote, Mark, Progress, Signed, TextField, Toggle } from '../components/ui.tsx';
import { clock, money, num, price, toNumber } from '../lib/format.ts';
import { distanceToMarket } from '../lib/distance.ts';
import { groupRows } from '../lib/order-groups.ts';
import { sortRows } from '../lib/table-sort.ts';
import { stableOrder, type StableOrder } from '../lib/stable-order.ts';
import { isLive } from '../stores/app-store.ts';
import { useAccount, useAppStore, useExport, useOrders, useQuotes, useStores } from '../stores/context.tsx';
import type { ExportKind } from '../stores/export-store.ts';
import type { QuotesState } from '../stores/quotes-store.ts';
import { describeTicket, draftToTicket, editablePriceField, ORDER_TYPE_LABELS, ORDER_TYPES, priceFieldsFor, type PriceField } from '../stores/orders-store.ts';

/** How the ticket shows each risk decision. */
const VERDICT: Record<RiskVerdict['decision'], { className: string; text: string }> = {
  allow: { className: 'verdict-ok', text: '✓ Passes your risk limits' },
  confirm: { className: 'verdict-warn', text: '! Needs your confirmation (live order above your threshold)' },
  refuse: { className: 'verdict-bad', text: '✗ Refused by your risk limits' },
};

const PRICE_LABELS: Record<PriceField, { label: string; unit: string }> = {
  limitPrice: { label: 'Limit price', unit: '$' },
  stopPrice: { label: 'Stop price', unit: '$' },
  trailAmount: { label: 'Trailing amount', unit: '$' },
  trailPercent: { label: 'Trailing percent', unit: '%' },
};

const lookupText = (c: ContractInfo) => `${c.longName} · ${c.primaryExchange || c.exchange} · ${c.currency}`;

function Ticket() {
  const stores = useStores();
  const o = stores.orders.getState();
  const { draft, fieldErrors, lookup, previewing, placing, ticketError, result, reconciled, unreadable } = useOrders(
    useShallow((s) => ({
      draft: s.draft,
      fieldErrors: s.fieldErrors,
      lookup: s.lookup,
      previewing: s.previewing,
      placing: s.placing,
      ticketError: s.ticketError,
      result: s.result,
      reconciled: s.snapshot?.reconciled ?? true,
      unreadable: s.snapshot?.unreadable ?? null,
    })),
  );
  const { ticketFocus, live, killSwitch } = useAppStore(
    useShallow((s) => ({ ticketFocus: s.ticketFocus, live: isLive(s), killSwitch: s.status?.killSwitch ?? false })),
  );
  const symbolRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ticketFocus > 0) symbolRef.current?.focus();
  }, [ticketFocus]);

  const busy = previewing || placing;
  return (
    <Card title="Order ticket" className="ticket" testId="ticket">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void o.previewOrder();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            // A held key repeats keydown: only the press itself is an intent.
            if (e.repeat) return;
            void o.placeOrder();
          }
        }}
        noValidate
        aria-label="Order ticket"
      >
        <div className="side-buttons" role="group" aria-label="Side">
          {(['BUY', 'SELL'] as const).map((side) => (
            <button
              key={side}
              type="button"
              className={`side side-${side.toLowerCase()} ${draft.side === side ? 'active' : ''}`}
              aria-pressed={draft.side === side}
              onClick={() => o.setField('side', side)}
            >
              {side}
            </button>
          ))}
        </div>

        <div className="field">
          <label htmlFor="ticket-sectype">Instrument</label>
          <select id="ticket-sectype" value={draft.secType} onChange={(e) => o.setField('secType', e.target.value as 'STK' | 'FUT')}>
            <option value="STK">Stock</option>
            <option value="FUT">Future</option>
          </select>
        </div>
        <TextField
          label="Symbol"
          value={draft.symbol}
          onChange={(v) => o.setField('symbol', v.toUpperCase())}
          onBlur={() => void o.lookupSymbol()}
          onEnter={() => void o.lookupSymbol()}
          error={fieldErrors.symbol}
          placeholder="AAPL"
          inputRef={symbolRef}
          testId="ticket-symbol"
          hint={
            // Exactly one line in every state. The blur that starts a lookup may be the press of a click on a
            // button below: a line that grows, or empties while "Looking up…" waits its 300 ms, between the
            // press and the release moves the button away from the pointer and the click is lost.
            <span className="hint-line">
              {lookup.status === 'loading' ? (
                <Progress active label="Looking up…" />
              ) : lookup.status === 'ok' && lookup.info ? (
                <span className="lookup-ok" data-testid="lookup-name" title={lookupText(lookup.info)}>
                  {lookupText(lookup.info)}
                </span>
              ) : (
                <span aria-hidden="true">&nbsp;</span>
              )}
            </span>
          }
        />
        {draft.secType === 'FUT' ? <ExpirySelect /> : null}
        {/* The lookup's answer, quote or error, fills space kept for it (the hint line's reason, again). */}
        <div className="quote-slot">
          {lookup.status === 'error' && lookup.error ? <ErrorNote error={lookup.error} /> : null}
          {lookup.status === 'ok' && lookup.info && draft.secType === 'STK' ? <QuoteLine symbol={lookup.symbol} /> : null}
          {lookup.status === 'ok' && lookup.info && draft.secType === 'FUT' && (lookup.info.lastTradeDateOrContractMonth || draft.expiry) ? (
            <QuoteLine
              symbol={lookup.symbol}
              expiry={lookup.info.lastTradeDateOrContractMonth || draft.expiry}
              multiplier={lookup.info.multiplier ?? null}
            />
          ) : null}
        </div>

        <div className="row2">
          <TextField
            label="Quantity"
            value={draft.quantity}
            onChange={(v) => o.setField('quantity', v)}
            error={fieldErrors.quantity}
            inputMode="decimal"
            placeholder="100"
            testId="ticket-quantity"
          />
          <div className="field">
            <label htmlFor="ticket-type">Order type</label>
            <select
              id="ticket-type"
              value={draft.type}
              onChange={(e) => o.setField('type', e.target.value as typeof draft.type)}
            >
              {ORDER_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t} — {ORDER_TYPE_LABELS[t]}
                </option>
              ))}
            </select>
          </div>
        </div>

        {priceFieldsFor(draft.type).length > 0 ? (
          <div className="row2">
            {priceFieldsFor(draft.type).map((k) => (
              <TextField
                key={k}
                label={PRICE_LABELS[k].label}
                unit={PRICE_LABELS[k].unit}
                value={draft[k]}
                onChange={(v) => o.setField(k, v)}
                error={fieldErrors[k]}
                inputMode="decimal"
                testId={`ticket-${k}`}
              />
            ))}
          </div>
        ) : null}
        {draft.type === 'TRAIL' ? <p className="muted small-text">Fill in one of the two: amount or percent.</p> : null}
        <AttachFields />

        <div className="row2">
          <TifFields />
          <div className="field field-toggle">
            <Toggle label="Outside regular hours" checked={draft.outsideRth} onChange={(v) => o.setField('outsideRth', v)} />
          </div>
        </div>

        {!reconciled && !unreadable ? (
          <div className="alert alert-warn" role="status">
            Reconciling orders after a reconnect — new orders wait until this finishes.
          </div>
        ) : null}
        {killSwitch ? (
          <div className="alert alert-bad" role="status">
            The kill switch is on: new orders are blocked. Turn it off on the Risk screen.
          </div>
        ) : null}
        <ErrorNote error={ticketError} />

        <div className="ticket-actions">
          <button type="submit" disabled={busy}>
            Preview
          </button>
          <button
            type="button"
            className={`primary ${draft.side === 'SELL' ? 'primary-sell' : 'primary-buy'}`}
            disabled={busy || !reconciled}
            onClick={() => void o.placeOrder()}
            aria-keyshortcuts="Control+Enter"
          >
            {live ? 'Place LIVE order' : 'Place order'}
          </button>
          <button type="button" className="link" onClick={() => o.resetTicket()}>
            Clear
          </button>
          <Progress active={previewing} label="Checking with risk and IB…" />
          <Progress active={placing} label="Sending…" />
        </div>
        {result ? (
          <p className="result-line" role="status" data-testid="ticket-result">
            ✓ {result}
          </p>
        ) : null}
      </form>
    </Card>
  );
}

function PreviewPanel() {
  const { preview, refusal, confirm, repeat } = useOrders(
    useShallow((s) => ({ preview: s.preview, refusal: s.refusal, confirm: s.confirm, repeat: s.repeat })),
  );
  const o = useStores().orders.getState();
  const currency = useAccount((s) => s.snapshot?.currency ?? 'USD');
  const draft = useOrders((s) => s.draft);
  return (
    <Card title="Preview" className="preview" testId="preview">
      {refusal ? (
        <div className="alert alert-bad refusal" role="alert" data-testid="refusal">
          <span className="alert-icon" aria-hidden="true">
            ✗
          </span>
          <div>
            <strong>{refusal.title}</strong>
            <ul>
              {refusal.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
            {refusal.hint ? <div className="alert-hint">{refusal.hint}</div> : null}
          </div>
        </div>
      ) : null}
      {!preview ? (
        <Empty>Fill in the ticket and press Preview to see commission, margin impact and the risk check — nothing is sent.</Empty>
      ) : (
        <>
          {refusal ? null : (
          <div className={`verdict ${VERDICT[preview.verdict.decision].className}`} data-testid="verdict">
            {VERDICT[preview.verdict.decision].text}
          </div>
          )}
          {preview.whatIf ? (
            <dl className="whatif">
              <div>
                <dt>Commission</dt>
                <dd className="num">{money(preview.whatIf.commission, currency)}</dd>
              </div>
              <div>
                <dt>Initial margin change</dt>
                <dd>
                  <Signed value={preview.whatIf.initMarginChange} currency={currency} neutral />
                </dd>
              </div>
              <div>
                <dt>Maintenance margin change</dt>
                <dd>
                  <Signed value={preview.whatIf.maintMarginChange} currency={currency} neutral />
                </dd>
              </div>
              <div>
                <dt>Equity with loan after</dt>
                <dd className="num">{money(preview.whatIf.equityWithLoanAfter, currency)}</dd>
              </div>
              <div>
                <dt>Last price</dt>
                <dd className="num" data-testid="last-price">
                  {price(preview.lastPrice)}
                </dd>
              </div>
            </dl>
          ) : (
            <p className="muted">
              No what-if from IB for this order · last <span data-testid="last-price">{price(preview.lastPrice)}</span>
            </p>
          )}
          {preview.whatIf?.warning ? <div className="alert alert-warn">{preview.whatIf.warning}</div> : null}
          <BracketLegs ticket={draftToTicket(draft)} />
          <h3 className="sub">Risk rules</h3>
          <ul className="rules" data-testid="rules">
            {[...preview.verdict.rules.filter((r) => !r.ok), ...preview.verdict.rules.filter((r) => r.ok)].map((r) => (
              <li key={r.rule} className={r.ok ? 'ok' : 'bad'}>
                <Mark ok={r.ok} />
                <span className="rule-name">{ruleLabel(r.rule)}</span>
                <span className="rule-msg">{r.message}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {confirm ? (
        <Dialog
          title="Confirm live order"
          tone="danger"
          onClose={() => o.dismissConfirm()}
          actions={
            <>
              <button type="button" onClick={() => o.dismissConfirm()}>
                Don’t send
              </button>
              <button type="button" className="primary primary-danger" onClick={() => void o.confirmPlace()}>
                Send live order
              </button>
            </>
          }
        >
          <p>
            This sends a <strong>real order</strong> to your live account:{' '}
            <strong data-testid="confirm-order">{describeTicket(confirm.ticket)}</strong>.
          </p>
          <ul>
            {confirm.verdict.rules
              .filter((r) => !r.ok)
              .map((r) => (
                <li key={r.rule}>{r.message}</li>
              ))}
          </ul>
        </Dialog>
      ) : null}
      {repeat ? (
        <Dialog
          title="Send the same order again?"
          onClose={() => o.dismissRepeat()}
          actions={
            <>
              <button type="button" onClick={() => o.dismissRepeat()}>
                Don’t send
              </button>
              <button type="button" className="primary" onClick={() => void o.confirmRepeat()}>
                Send it again
              </button>
            </>
          }
        >
          <p>
            You sent <strong data-testid="repeat-order">{describeTicket(repeat.ticket)}</strong>{' '}
            {repeat.secondsAgo === 1 ? '1 second' : `${repeat.secondsAgo} seconds`} ago. Sending it again makes a second order.
          </p>
        </Dialog>
      ) : null}
    </Card>
  );
}

/** Top of book for the ticket's symbol, live: what a TWS user reads before pricing an order. */
/** A future's expiry: the listed months, front month first and preselected (a future without one is ambiguous). */
function ExpirySelect() {
  const o = useStores().orders.getState();
  const { expiry, expiries, error } = useOrders(useShallow((s) => ({ expiry: s.draft.expiry, expiries: s.expiries, error: s.fieldErrors['expiry'] })));
  return (
    <div className="field">
      <label htmlFor="ticket-expiry">Expiry</label>
      <select
        id="ticket-expiry"
        data-testid="ticket-expiry"
        value={expiry}
        disabled={expiries.status !== 'ok'}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'ticket-expiry-error' : undefined}
        onChange={(e) => o.setField('expiry', e.target.value)}
      >
        {expiries.status !== 'ok' ? <option value="">{expiries.status === 'loading' ? 'Loading expiries…' : 'Enter the symbol first'}</option> : null}
        {expiries.list.map((e) => (
          <option key={e.lastTradeDateOrContractMonth} value={e.lastTradeDateOrContractMonth}>
            {e.label} ({e.localSymbol})
          </option>
        ))}
      </select>
      {error ? (
        <div className="field-error" id="ticket-expiry-error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}

/**
 * The live quote of the ticket's instrument. A future's is its chosen month's own line (each month trades
 * at its own price), and says what one contract is worth: its prices are per index point, × the multiplier.
 */
function QuoteLine({ symbol, expiry, multiplier }: { symbol: string; expiry?: string; multiplier?: number | null }) {
  const quotes = useStores().quotes.getState();
  const future = expiry !== undefined;
  const key = instrumentId(future ? { symbol, secType: 'FUT', lastTradeDateOrContractMonth: expiry } : { symbol });
  useEffect(() => quotes.watch(future ? { symbol, secType: 'FUT', lastTradeDateOrContractMonth: expiry } : symbol), [quotes, symbol, future, expiry]);
  const q = useQuotes((s) => s.quotes[key]);
  if (q?.problem && q.last === null && q.bid === null) {
    return (
      <p className="quote-line quote-problem" data-testid="quote-line" role="status">
        {q.problem}
      </p>
    );
  }
  if (!q || (q.last === null && q.bid === null && q.ask === null)) {
    return (
      <p className="quote-line muted" data-testid="quote-line" role="status">
        Waiting for the first price of {future ? `${symbol} ${monthOf(expiry)}` : symbol}…
      </p>
    );
  }
  const change = q.last !== null && q.close ? q.last - q.close : null;
  const size = (n: number | null) => (n === null ? '' : ` × ${num(n, 0)}`);
  const m = future ? (q.multiplier ?? multiplier ?? null) : null;
  const mark = q.last ?? (q.bid !== null && q.ask !== null ? (q.bid + q.ask) / 2 : null);
  return (
    <p className="quote-line" data-testid="quote-line" aria-live="off">
      <span>
        <span className="sb-label">Bid</span> {price(q.bid)}
        {size(q.bidSize)}
      </span>
      <span>
        <span className="sb-label">Ask</span> {price(q.ask)}
        {size(q.askSize)}
      </span>
      <span>
        <span className="sb-label">Last</span> {price(q.last)}
      </span>
      {change !== null && q.close ? (
        <Signed text={`${change >= 0 ? '+' : '−'}${price(Math.abs(change))} (${change >= 0 ? '+' : '−'}${Math.abs((change / q.close) * 100).toFixed(2)}%)`} tone={change > 0 ? 'pos' : change < 0 ? 'neg' : 'zero'} />
      ) : null}
      {q.low !== null && q.high !== null ? (
        <span>
          <span className="sb-label">Range</span> {price(q.low)} – {price(q.high)}
        </span>
      ) : null}
      {m !== null && mark !== null ? (
        <span data-testid="contract-value">
          <span className="sb-label">1 contract (× {num(m, 4)})</span> {money(mark * m)}
        </span>
      ) : null}
      {q.delayed ? <span className="tag">delayed</span> : null}
    </p>
  );
}

/** "20261218" → "Dec 2026", as the expiry select labels months. */
function monthOf(expiry: string | undefined): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const m = expiry ? months[Number(expiry.slice(4, 6)) - 1] : undefined;
  return m && expiry ? `${m} ${expiry.slice(0, 4)}` : (expiry ?? '');
}

/** Saves today's fills or orders (open and done) as a CSV file a spreadsheet opens. */
function ExportButton({ kind }: { kind: ExportKind }) {
  const x = useStores().exports.getState();
  const { busy, error } = useExport(useShallow((s) => ({ busy: s.busy, error: s.error })));
  return (
    <>
      <Progress active={busy === kind} label="Exporting…" />
      <button type="button" className="small" disabled={busy !== null} onClick={() => void x.run(kind)}>
        Export CSV
      </button>
      {error?.kind === kind && busy === null ? (
        <span className="row-error" role="alert">
          {error.text}
        </span>
      ) : null}
    </>
  );
}

function orderPrice(o: OrderView): string {
  if (o.type === 'LMT') return price(o.limitPrice);
  if (o.type === 'STP') return price(o.stopPrice);
  if (o.type === 'STP LMT') return `${price(o.stopPrice)} / ${price(o.limitPrice)}`;
  if (o.type === 'TRAIL') return o.trailPercent ? `${num(o.trailPercent)}%` : price(o.trailAmount);
  return 'MKT';
}

const OPEN_COLUMNS = [
  { key: 'orderId', label: 'ID', numeric: true },
  { key: 'submitted', label: 'Submitted', numeric: true },
  { key: 'symbol', label: 'Symbol', numeric: false },
  { key: 'side', label: 'Side', numeric: false },
  { key: 'quantity', label: 'Qty', numeric: true },
  { key: 'filled', label: 'Filled', numeric: true },
  { key: 'remaining', label: 'Remaining', numeric: true },
  { key: 'type', label: 'Type', numeric: false },
  { key: 'price', label: 'Price', numeric: true },
  { key: 'avgFillPrice', label: 'Avg fill', numeric: true },
  { key: 'distance', label: 'To market', numeric: true },
  { key: 'tif', label: 'TIF', numeric: false },
  { key: 'status', label: 'Status', numeric: false },
] as const;
type OpenColumn = (typeof OPEN_COLUMNS)[number]['key'];

/** "−9.25 (−4.89%)": the order's own price minus the market, and that as a share of the market. */
function distanceText(d: { diff: number; pct: number } | null): string {
  if (!d) return '—';
  const sign = (n: number) => (n < -0.005 ? '−' : n > 0.005 ? '+' : '');
  return `${sign(d.diff)}${price(Math.abs(d.diff))} (${sign(d.pct)}${Math.abs(d.pct).toFixed(2)}%)`;
}

function openValue(o: OrderView, key: OpenColumn, quotes: Record<string, Quote>): number | string | null {
  switch (key) {
    case 'distance': {
      // Nearest to being hit first: the size of the gap, whichever side it is on.
      const d = distanceToMarket(o, quotes[instrumentId(o)]);
      return d ? Math.abs(d.pct) : null;
    }
    case 'orderId':
      return o.orderId;
    case 'submitted':
      return o.submittedAt ?? null;
    case 'symbol':
    case 'side':
    case 'type':
    case 'tif':
    case 'status':
      return o[key];
    case 'price':
      return toNumber(o.limitPrice ?? o.stopPrice ?? o.trailAmount ?? o.trailPercent);
    default:
      return toNumber(o[key]);
  }
}

/** IB reports no submit time: one working before this connection shows a dash that says why. */
function SubmittedCell({ at }: { at: number | undefined }) {
  if (at !== undefined) return <td className="num">{clock(at)}</td>;
  return (
    <td className="num">
      <span title="Submitted before Gatehouse connected (it was already working then): IB does not report when">—</span>
    </td>
  );
}

function OpenOrders() {
  const stores = useStores();
  const o = stores.orders.getState();
  const { open, edits, rowBusy, rowErrors, cancelAllAsk, cancellingAll } = useOrders(
    useShallow((s) => ({
      open: s.snapshot?.open,
      edits: s.edits,
      rowBusy: s.rowBusy,
      rowErrors: s.rowErrors,
      cancelAllAsk: s.cancelAllAsk,
      cancellingAll: s.cancellingAll,
    })),
  );
  const [sort, onSort] = useTableSort('open-orders', OPEN_COLUMNS, { key: 'orderId', dir: 'asc' });
  const [widths, saveWidth] = useColumnWidths('open-orders');
  const quotes = useQuotes((s) => s.quotes);
  // Prices for every instrument with a working order (a future's own month), for the distance to market.
  const instruments = JSON.stringify(
    [...new Map((open ?? []).map((x) => [instrumentId(x), x.secType === 'FUT' ? { symbol: x.symbol, secType: 'FUT' as const, lastTradeDateOrContractMonth: x.lastTradeDateOrContractMonth } : { symbol: x.symbol }])).values()],
  );
  useEffect(() => {
    for (const i of JSON.parse(instruments) as Parameters<QuotesState['watch']>[0][]) stores.quotes.getState().watch(i);
  }, [instruments, stores]);
  // Sorted when orders come or go or the sort changes, not on every quote or status (lib/stable-order.ts).
  const order = useRef<StableOrder<OrderView> | null>(null);
  const { order: nextOrder, rows: list } = stableOrder(open ?? [], orderKey, `${sort.key}:${sort.dir}`, (l) =>
    sortRows(l, sort, (row, key) => openValue(row, key, quotes)), order.current);
  order.current = nextOrder;
  // A bracket's attached orders sit under their parent, which can fold them away.
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const rows = groupRows(list, collapsed);
  const ownClientId = useOrders((s) => s.snapshot?.ownClientId);
  const unreadable = useOrders((s) => s.snapshot?.unreadable);
  const toggle = (id: string) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <Card
      title={`Open orders (${list.length})`}
      testId="open-orders"
      actions={
        <>
          <Progress active={cancellingAll} label="Cancelling all…" />
          <button type="button" className="danger" disabled={list.length === 0 || cancellingAll} onClick={() => o.askCancelAll(true)}>
            Cancel all
          </button>
        </>
      }
    >
      {list.length === 0 ? (
        <Empty>{unreadable ? 'Working orders cannot be read from a read-only Gateway.' : 'No open orders.'}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="grid">
            <thead>
              <tr>
                {OPEN_COLUMNS.map((c) => (
                  <SortableTh
                    key={c.key}
                    column={c.key}
                    label={c.label}
                    numeric={c.numeric}
                    sort={sort}
                    onSort={onSort}
                    width={widths[c.key]}
                    onResize={saveWidth}
                  />
                ))}
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <VirtualRows
                items={rows}
                colSpan={OPEN_COLUMNS.length + 1}
                row={({ order: ord, depth, children }) => {
                const other = otherClient(ord.clientId, ownClientId);
                const e = other === null ? edits[ord.orderId] : undefined;
                const pf = editablePriceField(ord.type);
                const expanded = !collapsed.has(orderKey(ord));
                return (
                  <tr
                    key={orderKey(ord)}
                    data-testid={other === null ? `order-row-${ord.orderId}` : `order-row-${other}-${ord.orderId}`}
                    data-parent={depth === 1 ? ord.parentId : undefined}
                    className={[e ? 'editing' : '', depth === 1 ? 'child-row' : ''].filter(Boolean).join(' ')}
                  >
                    <td className="num">
                      {children > 0 ? (
                        <button
                          type="button"
                          className="link tree-toggle"
                          aria-expanded={expanded}
                          aria-label={`${expanded ? 'Hide' : 'Show'} the ${children} orders attached to order ${ord.orderId}`}
                          onClick={() => toggle(orderKey(ord))}
                        >
                          {expanded ? '▾' : '▸'}
                        </button>
                      ) : null}
                      {depth === 1 ? (
                        <span className="tree-child" aria-label={`attached to order ${ord.parentId}`}>
                          ↳{' '}
                        </span>
                      ) : null}
                      {ord.orderId}
                      <ClientTag clientId={other} />
                    </td>
                    <SubmittedCell at={ord.submittedAt} />
                    <td className="sym">{ord.symbol}</td>
                    <td className={`side-text side-${ord.side.toLowerCase()}`}>{ord.side}</td>
                    <td className="num">
                      {e ? (
                        <input
                          className="cell-input"
                          aria-label={`New quantity for order ${ord.orderId}`}
                          value={e.quantity}
                          inputMode="decimal"
                          onChange={(ev) => o.setEdit(ord.orderId, 'quantity', ev.target.value)}
                        />
                      ) : (
                        num(ord.quantity)
                      )}
                    </td>
                    <td className="num">{num(ord.filled)}</td>
                    <td className="num">{num(ord.remaining)}</td>
                    <td>
                      {ord.type}
                      {ord.ocaGroup ? (
                        <span className="tag oca-tag" title="One-cancels-all group: a fill of one cancels or reduces the others">
                          OCA {ord.ocaGroup}
                        </span>
                      ) : null}
                    </td>
                    <td className="num">
                      {e && pf ? (
                        <input
                          className="cell-input"
                          aria-label={`New ${pf === 'limitPrice' ? 'limit' : 'stop'} price for order ${ord.orderId}`}
                          value={e.price}
                          inputMode="decimal"
                          onChange={(ev) => o.setEdit(ord.orderId, 'price', ev.target.value)}
                        />
                      ) : (
                        orderPrice(ord)
                      )}
                    </td>
                    <td className="num">{price(ord.avgFillPrice)}</td>
                    <td className="num">{distanceText(distanceToMarket(ord, quotes[instrumentId(ord)]))}</td>
                    <td>{ord.tif}</td>
                    <td>
                      <span className="status-text">{ord.status}</span>
                      {/* IB's whyHeld: why a PreSubmitted order does not work yet ("locate": shares to borrow for a short sale). */}
                      {ord.whyHeld ? <span className="held-reason"> — held: {ord.whyHeld}</span> : null}
                      {/* IB's own words for why (error text kept by core with its code), beside the status. */}
                      {ord.lastError ? <span className="row-error"> — {ord.lastError}</span> : null}
                      {e?.error ? (
                        <div className="row-error" role="alert">
                          {e.error}
                        </div>
                      ) : null}
                      {other === null && rowErrors[ord.orderId] ? (
                        <div className="row-error" role="alert">
                          {rowErrors[ord.orderId]}
                        </div>
                      ) : null}
                    </td>
                    <td className="r row-actions">
                      {other !== null ? (
                        <span className="muted" title="IB lets only the program that placed an order modify or cancel it; Cancel all (a global cancel) reaches it.">
                          Placed by client {other}
                        </span>
                      ) : e ? (
                        <>
                          <button type="button" className="small primary" disabled={e.busy} onClick={() => void o.saveEdit(ord.orderId)}>
                            Save
                          </button>
                          <button type="button" className="small" onClick={() => o.stopEdit(ord.orderId)}>
                            Discard
                          </button>
                          <Progress active={e.busy} label="Sending…" />
                        </>
                      ) : (
                        <>
                          <button type="button" className="small" onClick={() => o.startEdit(ord)} aria-label={`Modify order ${ord.orderId}`}>
                            Modify
                          </button>
                          <button
                            type="button"
                            className="small danger"
                            disabled={!!rowBusy[ord.orderId]}
                            onClick={() => void o.cancelOrder(ord.orderId, ord.clientId)}
                            aria-label={`Cancel order ${ord.orderId}`}
                          >
                            Cancel
                          </button>
                          <Progress active={!!rowBusy[ord.orderId]} label="Cancelling…" />
                        </>
                      )}
                    </td>
                  </tr>
                );
              }}
              />
            </tbody>
          </table>
        </div>
      )}
      {cancelAllAsk ? (
        <Dialog
          title="Cancel all open orders?"
          tone="danger"
          onClose={() => o.askCancelAll(false)}
          actions={
            <>
              <button type="button" onClick={() => o.askCancelAll(false)}>
                Keep them
              </button>
              <button type="button" className="primary primary-danger" onClick={() => void o.cancelAll()}>
                Cancel all {list.length} orders
              </button>
            </>
          }
        >
          <p>This sends a global cancel to IB for every open order of this account, including orders placed elsewhere.</p>
        </Dialog>
      ) : null}
    </Card>
  );
}

const FILL_COLUMNS = [
  { key: 'time', label: 'Time', numeric: true },
  { key: 'orderId', label: 'Order', numeric: true },
  { key: 'execId', label: 'Exec ID', numeric: false },
  { key: 'symbol', label: 'Symbol', numeric: false },
  { key: 'side', label: 'Side', numeric: false },
  { key: 'shares', label: 'Shares', numeric: true },
  { key: 'price', label: 'Price', numeric: true },
  { key: 'commission', label: 'Commission', numeric: true },
  { key: 'realizedPnl', label: 'Realized P&L', numeric: true },
] as const;
type FillColumn = (typeof FILL_COLUMNS)[number]['key'];

function fillValue(f: Fill, key: FillColumn): number | string | null {
  switch (key) {
    case 'time':
    case 'orderId':
    case 'execId':
    case 'symbol':
    case 'side':
      return f[key];
    default:
      return toNumber(f[key]);
  }
}

const DONE_COLUMNS = [
  { key: 'time', label: 'Time', numeric: true },
  { key: 'orderId', label: 'ID', numeric: true },
  { key: 'symbol', label: 'Symbol', numeric: false },
  { key: 'side', label: 'Side', numeric: false },
  { key: 'quantity', label: 'Qty', numeric: true },
  { key: 'type', label: 'Type', numeric: false },
  { key: 'status', label: 'Status', numeric: false },
  { key: 'avgFillPrice', label: 'Avg fill', numeric: true },
] as const;
type DoneColumn = (typeof DONE_COLUMNS)[number]['key'];

function doneValue(o: OrderView, key: DoneColumn): number | string | null {
  switch (key) {
    case 'time':
      return o.updatedAt;
    case 'orderId':
      return o.orderId;
    case 'symbol':
    case 'side':
    case 'type':
    case 'status':
      return o[key];
    default:
      return toNumber(o[key]);
  }
}

/** The header row of a sortable table whose column widths the user can drag (remembered in preferences). */
function SortableHead<K extends string>({
  columns,
  sort,
  onSort,
  widths,
  onResize,
}: {
  columns: readonly { key: K; label: string; numeric: boolean }[];
  sort: { key: K; dir: 'asc' | 'desc' };
  onSort: (key: K) => void;
  widths: Record<string, number>;
  onResize: (column: K, width: number) => void;
}) {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <SortableTh key={c.key} column={c.key} label={c.label} numeric={c.numeric} sort={sort} onSort={onSort} width={widths[c.key]} onResize={onResize} />
        ))}
      </tr>
    </thead>
  );
}

function Fills() {
  const fills = useOrders((s) => s.snapshot?.fills);
  const done = useOrders((s) => s.snapshot?.done);
  const ownClientId = useOrders((s) => s.snapshot?.ownClientId);
  const unreadable = useOrders((s) => s.snapshot?.unreadable);
  const currency = useAccount((s) => s.snapshot?.currency ?? 'USD');
  const list = fills ?? [];
  // Newest first until the trader picks a column, as TWS's trade log; a pick is remembered per table.
  const [fillSort, onFillSort] = useTableSort('fills', FILL_COLUMNS, { key: 'time', dir: 'desc' });
  const [fillWidths, saveFillWidth] = useColumnWidths('fills');
  const [doneSort, onDoneSort] = useTableSort('done-orders', DONE_COLUMNS, { key: 'time', dir: 'desc' });
  const [doneWidths, saveDoneWidth] = useColumnWidths('done-orders');
  // Reversed first so rows with equal keys keep newest-first (the sort is stable).
  const fillRows = sortRows([...list].reverse(), fillSort, fillValue);
  const doneRows = sortRows([...(done ?? [])].reverse(), doneSort, doneValue);
  return (
    <div className="two-col">
      <Card title={`Fills (${list.length})`} testId="fills" actions={<ExportButton kind="fills" />}>
        {list.length === 0 ? (
          <Empty>No fills today.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="grid">
              <SortableHead columns={FILL_COLUMNS} sort={fillSort} onSort={onFillSort} widths={fillWidths} onResize={saveFillWidth} />
              <tbody>
                {fillRows.map((f) => (
                  <tr key={f.execId} data-testid={`fill-row-${f.execId}`}>
                    <td className="num">{clock(f.time)}</td>
                    <td className="num">
                      {f.orderId}
                      <ClientTag clientId={otherClient(f.clientId, ownClientId)} />
                    </td>
                    <td className="mono">{f.execId}</td>
                    <td className="sym">{f.symbol}</td>
                    <td className={`side-text side-${f.side.toLowerCase()}`}>{f.side}</td>
                    <td className="num">{num(f.shares)}</td>
                    <td className="num">{price(f.price)}</td>
                    <td className="num">{money(f.commission, currency)}</td>
                    <td className="num">
                      <Signed value={f.realizedPnl} currency={currency} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <Card title={`Done today (${done?.length ?? 0})`} testId="done-orders" actions={<ExportButton kind="orders" />}>
        {!done || done.length === 0 ? (
          <Empty>{unreadable ? 'Finished orders cannot be read from a read-only Gateway.' : 'No finished orders yet.'}</Empty>
        ) : (
          <div className="table-wrap">
            <table className="grid">
              <SortableHead columns={DONE_COLUMNS} sort={doneSort} onSort={onDoneSort} widths={doneWidths} onResize={saveDoneWidth} />
              <tbody>
                {doneRows.map((d) => (
                  <tr key={orderKey(d)} data-testid={`done-row-${d.orderId}`}>
                    <td className="num">{clock(d.updatedAt)}</td>
                    <td className="num">
                      {d.orderId}
                      <ClientTag clientId={otherClient(d.clientId, ownClientId)} />
                    </td>
                    <td className="sym">{d.symbol}</td>
                    <td className={`side-text side-${d.side.toLowerCase()}`}>{d.side}</td>
                    <td className="num">{num(d.quantity)}</td>
                    <td>{d.type}</td>
                    <td>
                      {d.status}
                      {d.lastError ? <div className="row-error">{d.lastError}</div> : null}
                    </td>
                    <td className="num">{price(d.avgFillPrice)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}

/** Another program's client id when the row is not Gatehouse's own (seen as the Master API client), else null. */
function otherClient(clientId: number, own: number | null | undefined): number | null {
  return own == null || clientId === own ? null : clientId;
}

function ClientTag({ clientId }: { clientId: number | null }) {
  if (clientId === null) return null;
  return (
    <span className="tag client-tag" title={`Placed by another program (API client ${clientId}); Gatehouse sees it as the Master API client.`}>
      client {clientId}
    </span>
  );
}

/** The chart of the symbol the ticket has looked up, with this symbol's working orders and fills on it. */
function ChartCard() {
  const { status, symbol } = useOrders(useShallow((s) => ({ status: s.lookup.status, symbol: s.lookup.symbol })));
  if (status !== 'ok' || !symbol) return null;
  return (
    <Card title={`Chart · ${symbol}`} testId="chart-card">
      <PriceChart symbol={symbol} />
    </Card>
  );
}

/**
 * A read-only Gateway shows programs no orders ("Information about orders is not available to the API when
 * read-only mode is enabled": IB's docs, as erdewit/ib_insync#8 quotes them). Core's orders stream then says
 * `unreadable: 'read-only'`; an empty blotter would read as "no working orders", which may be false.
 */
function UnreadableBanner() {
  const unreadable = useOrders((s) => s.snapshot?.unreadable);
  if (unreadable !== 'read-only') return null;
  return (
    <div className="alert alert-warn" role="status" data-testid="orders-unreadable">
      The Gateway's API is read-only: it does not show orders to programs, so Gatehouse cannot list working or finished orders. Turn
      Read-Only API off and restart the Gateway to trade.
    </div>
  );
}

export function Orders() {
  return (
    <div className="screen orders">
      <header className="screen-head">
        <h1>Orders</h1>
        <span className="muted">
          <kbd>N</kbd> new order · <kbd>Ctrl</kbd>+<kbd>Enter</kbd> place · <kbd>?</kbd> hotkeys
        </span>
      </header>
      <UnreadableBanner />
      <div className="ticket-row">
        <Ticket />
        <PreviewPanel />
      </div>
      <ChartCard />
      <OpenOrders />
      <Fills />
    </div>
  );
}
