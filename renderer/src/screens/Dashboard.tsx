import { useEffect, useMemo, useRef } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { Position } from '../../../electron/core/contract.ts';
import { EquityLine } from '../components/EquityLine.tsx';
import { VirtualRows } from '../components/VirtualRows.tsx';
import { SortableTh, useTableSort } from '../components/SortableTh.tsx';
import { Card, Checklist, Dialog, Empty, Progress, Signed, Term } from '../components/ui.tsx';
import { BALANCE_TERMS } from '../lib/balance-terms.ts';
import { liveChecks } from '../lib/live-checks.ts';
import { clock, money, num, percent, price, priceTo, signedPercent, toNumber } from '../lib/format.ts';
import { fallbackDecimals, tickDecimals } from '../lib/ticks.ts';
import { stableOrder, type StableOrder } from '../lib/stable-order.ts';
import type { PositionSortKey } from '../stores/account-store.ts';
import { useAccount, useAppStore, useOrders, useStores } from '../stores/context.tsx';
import { positionKey } from '../stores/hotkeys-store.ts';
import { contractLabel, describeTicket } from '../stores/orders-store.ts';

const BALANCES: { key: string; label: string; testId: string; count?: boolean }[] = [
  { key: 'NetLiquidation', label: 'Net liquidation', testId: 'net-liq' },
  { key: 'TotalCashValue', label: 'Total cash', testId: 'total-cash' },
  { key: 'BuyingPower', label: 'Buying power', testId: 'buying-power' },
  { key: 'AvailableFunds', label: 'Available funds', testId: 'available-funds' },
  { key: 'ExcessLiquidity', label: 'Excess liquidity', testId: 'excess-liquidity' },
  { key: 'InitMarginReq', label: 'Initial margin', testId: 'init-margin' },
  { key: 'MaintMarginReq', label: 'Maintenance margin', testId: 'maint-margin' },
  { key: 'GrossPositionValue', label: 'Gross position value', testId: 'gross-position-value' },
  { key: 'SMA', label: 'SMA', testId: 'sma' },
  { key: 'DayTradesRemaining', label: 'Day trades left', testId: 'day-trades-remaining', count: true },
];

const COLUMNS: { key: PositionSortKey; label: string; numeric: boolean }[] = [
  { key: 'symbol', label: 'Symbol', numeric: false },
  { key: 'quantity', label: 'Qty', numeric: true },
  { key: 'avgCost', label: 'Avg cost', numeric: true },
  { key: 'marketPrice', label: 'Last', numeric: true },
  { key: 'marketValue', label: 'Market value', numeric: true },
  { key: 'dailyPnl', label: 'Daily P&L', numeric: true },
  { key: 'unrealizedPnl', label: 'Unrealized P&L', numeric: true },
  { key: 'realizedPnl', label: 'Realized P&L', numeric: true },
  { key: 'weight', label: '% of net liq', numeric: true },
];

const rowKey = (p: Position) => `${p.account}:${p.conId}`;

/**
 * A position's average cost to its instrument's tick size. The tick size is asked of core when the row is
 * drawn, so a 10,000-position book asks for the rows in view: each lookup is a request to the Gateway
 * through a 40-a-second pacer, ahead of any order sent after it (10,000 of them queued orders for minutes).
 */
function AvgCostCell({ p }: { p: Position }) {
  const contracts = useStores().contracts;
  const tick = useStore(contracts, (s) => s.minTick[p.symbol]);
  useEffect(() => contracts.getState().ensure(p.symbol, p.secType), [contracts, p.symbol, p.secType]);
  return <td className="num">{priceTo(p.avgCost, tick ? tickDecimals(tick) : fallbackDecimals(p.secType))}</td>;
}

function sortValue(p: Position, key: PositionSortKey, netLiq: number | null): number | string {
  switch (key) {
    case 'symbol':
      return p.symbol;
    case 'weight':
      return netLiq ? (toNumber(p.marketValue) ?? 0) / netLiq : 0;
    default:
      return toNumber(p[key]) ?? -Infinity;
  }
}

export function Dashboard() {
  const stores = useStores();
  const { snapshot, checks, checking, checksError, checkedAt } = useAccount(
    useShallow((s) => ({
      snapshot: s.snapshot,
      checks: s.checks,
      checking: s.checking,
      checksError: s.checksError,
      checkedAt: s.checkedAt,
    })),
  );
  const level = useAppStore((s) => s.status?.level ?? 'stopped');
  const since = useAppStore((s) => s.status?.since ?? 0);
  const { runChecks } = stores.account.getState();
  const [sort, setSort] = useTableSort('positions', COLUMNS, { key: 'marketValue', dir: 'desc' });

  useEffect(() => {
    if (level === 'connected') void stores.account.getState().ensureChecks(since);
  }, [level, since, stores]);

  const netLiq = toNumber(snapshot?.summary.NetLiquidation);
  // Sorted when positions come or go or the sort changes; a price tick keeps the order (lib/stable-order.ts).
  const order = useRef<StableOrder<Position> | null>(null);
  const positions = useMemo(() => {
    const dir = sort.dir === 'asc' ? 1 : -1;
    const { order: next, rows } = stableOrder(snapshot?.positions ?? [], rowKey, `${sort.key}:${sort.dir}`, (list) => {
      const keyed = list.map((p) => ({ p, v: sortValue(p, sort.key, netLiq) }));
      keyed.sort((a, b) => (typeof a.v === 'string' ? a.v.localeCompare(String(b.v)) : a.v - (b.v as number)) * dir);
      return keyed.map((k) => k.p);
    }, order.current);
    order.current = next;
    return rows;
  }, [snapshot?.positions, sort, netLiq]);

  const currency = snapshot?.currency ?? 'USD';
  const stale = snapshot?.stale ?? false;
  // The percent beside IB's daily P&L is of the same day: that P&L over the equity the day started with.
  // Gatehouse's first equity sample is only when it started watching, so a loss taken before read 0.00%.
  const daily = toNumber(snapshot?.pnl.daily);
  const dayStart = netLiq !== null && daily !== null ? netLiq - daily : null;
  const dayPct = daily !== null && dayStart ? (daily / dayStart) * 100 : null;

  const selected = useStore(stores.hotkeys, (s) => s.selected);
  return (
    <div className="screen dashboard">
      <header className="screen-head">
        <h1>Dashboard</h1>
        {snapshot ? (
          <span className={`as-of ${stale ? 'stale-note' : ''}`} data-testid="as-of">
            {stale ? `Stale — as of ${clock(snapshot.updatedAt)}` : `Updated ${clock(snapshot.updatedAt)}`}
          </span>
        ) : null}
      </header>

      {!snapshot ? (
        <Card>
          <Empty>
            No account data yet. Start the Gateway (Gateway screen, or Ctrl+4) and the balances appear here as soon
            as it is connected.
          </Empty>
        </Card>
      ) : null}

      <div className={`dash-grid ${stale ? 'stale' : ''}`} data-stale={stale || undefined}>
        <Card title="Balances" className="balances-card" testId="balances">
          <dl className="balances">
            {BALANCES.map((b) => (
              <div key={b.key} className="balance">
                <dt>{BALANCE_TERMS[b.key] ? <Term label={b.label} help={BALANCE_TERMS[b.key]!} /> : b.label}</dt>
                <dd className="num" data-testid={b.testId}>
                  {b.count
                    ? snapshot?.summary[b.key] === '-1'
                      ? 'unlimited'
                      : num(snapshot?.summary[b.key] ?? null, 0)
                    : money(snapshot?.summary[b.key] ?? null, currency)}
                </dd>
              </div>
            ))}
          </dl>
        </Card>

        <Card title="Today" className="pnl-card">
          <div className="pnl-big">
            <Signed value={snapshot?.pnl.daily ?? null} currency={currency} testId="daily-pnl" />
            {dayPct !== null ? <Signed {...signedPercent(dayPct)} testId="daily-pnl-pct" /> : null}
          </div>
          <dl className="pnl-split">
            <div>
              <dt>Unrealized</dt>
              <dd>
                <Signed value={snapshot?.pnl.unrealized ?? null} currency={currency} testId="unrealized-pnl" />
              </dd>
            </div>
            <div>
              <dt>Realized</dt>
              <dd>
                <Signed value={snapshot?.pnl.realized ?? null} currency={currency} testId="realized-pnl" />
              </dd>
            </div>
          </dl>
          <EquityLine points={snapshot?.equityLine ?? []} currency={currency} />
        </Card>

        <Card
          title="Connection"
          className="checks-card"
          actions={
            <>
              <Progress active={checking} label="Checking…" />
              <button type="button" onClick={() => void runChecks()} disabled={checking}>
                Re-check
              </button>
            </>
          }
        >
          {checks ? (
            <div className={level === 'connected' ? '' : 'stale'}>
              {level !== 'connected' ? (
                <p className="stale-note" data-testid="checks-stale">
                  Not connected now — these results are from {clock(checkedAt)}.
                </p>
              ) : null}
              <Checklist checks={level === 'connected' ? liveChecks(checks, snapshot) : checks} testId="dashboard-checks" />
            </div>
          ) : checksError ? (
            <p className="muted">{checksError}</p>
          ) : (
            <Empty>{level === 'connected' ? 'Checking the connection…' : 'The checklist runs once the Gateway is connected.'}</Empty>
          )}
        </Card>
      </div>

      <Card title={`Positions (${positions.length})`} className={stale ? 'stale' : ''} testId="positions">
        {positions.length === 0 ? (
          <Empty>No open positions.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="grid">
              <thead>
                <tr>
                  {COLUMNS.map((c) => (
                    <SortableTh key={c.key} column={c.key} label={c.label} numeric={c.numeric} sort={sort} onSort={setSort} />
                  ))}
                  <th>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                <VirtualRows
                  items={positions}
                  colSpan={COLUMNS.length + 1}
                  row={(p) => {
                  const mv = toNumber(p.marketValue);
                  const label = contractLabel(p);
                  return (
                    <tr
                      key={`${p.account}-${p.conId}`}
                      data-testid={`position-row-${label}`}
                      className={selected === positionKey(p) ? 'selected' : ''}
                    >
                      <td className="sym">
                        {/* The selected row is the one the flatten hotkey closes. */}
                        <button
                          type="button"
                          className="link row-select"
                          aria-pressed={selected === positionKey(p)}
                          aria-label={`Select ${label}`}
                          onClick={() => stores.hotkeys.getState().select(positionKey(p))}
                        >
                          {label}
                        </button>
                      </td>
                      <td className="num">{num(p.quantity)}</td>
                      <AvgCostCell p={p} />
                      <td className="num">{price(p.marketPrice)}</td>
                      <td className="num">{money(p.marketValue, p.currency)}</td>
                      <td className="num">
                        <Signed value={p.dailyPnl ?? null} currency={p.currency} />
                      </td>
                      <td className="num">
                        <Signed value={p.unrealizedPnl} currency={p.currency} />
                      </td>
                      <td className="num">
                        <Signed value={p.realizedPnl} currency={p.currency} />
                      </td>
                      <td className="num">{netLiq && mv !== null ? percent((mv / netLiq) * 100) : '—'}</td>
                      <td className="r">
                        <button type="button" className="small" onClick={() => stores.orders.getState().askClose(p)} aria-label={`Close ${label}`}>
                          Close
                        </button>
                      </td>
                    </tr>
                  );
                }}
                />
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <CloseDialog />
    </div>
  );
}

/** The exact order a Close sends, asked before it goes through the ticket's own risk-checked command. */
function CloseDialog() {
  const stores = useStores();
  const ask = useOrders((s) => s.closeAsk);
  const live = useAppStore((s) => s.status?.profile?.mode === 'live');
  if (!ask) return null;
  const o = stores.orders.getState();
  const { ticket } = ask;
  const label = contractLabel(ask.position);
  return (
    <Dialog
      title={`Close ${label}?`}
      tone={live ? 'danger' : undefined}
      onClose={() => o.askClose(null)}
      actions={
        <>
          <Progress active={ask.busy} label="Sending…" />
          <button type="button" onClick={() => o.askClose(null)}>
            Don’t send
          </button>
          <button
            type="button"
            onClick={() => {
              o.editClose();
              stores.app.getState().openTicket();
            }}
          >
            Edit in ticket
          </button>
          <button type="button" className={`primary ${live ? 'primary-danger' : ''}`} disabled={ask.busy} onClick={() => void o.confirmClose()}>
            Send {ticket.side} {num(ticket.quantity)} {label}
          </button>
        </>
      }
    >
      <p>
        This sends <strong data-testid="close-order">{describeTicket(ticket, label)}</strong>
        {live ? <> to your <strong>live</strong> account</> : null}: a market order for the whole position, checked by your risk
        limits like any order from the ticket.
      </p>
      {ask.error ? (
        <div className="alert alert-bad" role="alert">
          {ask.error}
        </div>
      ) : null}
    </Dialog>
  );
}
