import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Position } from '../../../electron/core/contract.ts';
import { EquityLine } from '../components/EquityLine.tsx';
import { SortableTh } from '../components/SortableTh.tsx';
import { Card, Checklist, Empty, Progress, Signed, Term } from '../components/ui.tsx';
import { BALANCE_TERMS } from '../lib/balance-terms.ts';
import { liveChecks } from '../lib/live-checks.ts';
import { clock, money, num, percent, price, signedPercent, toNumber } from '../lib/format.ts';
import type { PositionSortKey } from '../stores/account-store.ts';
import { useAccount, useAppStore, useStores } from '../stores/context.tsx';

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
  { key: 'unrealizedPnl', label: 'Unrealized P&L', numeric: true },
  { key: 'weight', label: '% of net liq', numeric: true },
];

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
  const { snapshot, sort, checks, checking, checksError, checkedAt } = useAccount(
    useShallow((s) => ({
      snapshot: s.snapshot,
      sort: s.sort,
      checks: s.checks,
      checking: s.checking,
      checksError: s.checksError,
      checkedAt: s.checkedAt,
    })),
  );
  const level = useAppStore((s) => s.status?.level ?? 'stopped');
  const since = useAppStore((s) => s.status?.since ?? 0);
  const { setSort, runChecks } = stores.account.getState();

  useEffect(() => {
    if (level === 'connected') void stores.account.getState().ensureChecks(since);
  }, [level, since, stores]);

  const netLiq = toNumber(snapshot?.summary.NetLiquidation);
  const positions = useMemo(() => {
    const list = [...(snapshot?.positions ?? [])];
    const dir = sort.dir === 'asc' ? 1 : -1;
    list.sort((a, b) => {
      const va = sortValue(a, sort.key, netLiq);
      const vb = sortValue(b, sort.key, netLiq);
      return (typeof va === 'string' ? va.localeCompare(String(vb)) : va - (vb as number)) * dir;
    });
    return list;
  }, [snapshot?.positions, sort, netLiq]);

  const currency = snapshot?.currency ?? 'USD';
  const stale = snapshot?.stale ?? false;
  const first = toNumber(snapshot?.equityLine[0]?.value);
  const dayPct = first && netLiq !== null ? ((netLiq - first) / first) * 100 : null;

  const closePosition = (p: Position) => {
    stores.orders.getState().prefillClose(p);
    stores.app.getState().openTicket();
  };

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
            {dayPct !== null ? <Signed {...signedPercent(dayPct)} /> : null}
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
                {positions.map((p) => {
                  const mv = toNumber(p.marketValue);
                  return (
                    <tr key={`${p.account}-${p.conId}`} data-testid={`position-row-${p.symbol}`}>
                      <td className="sym">{p.symbol}</td>
                      <td className="num">{num(p.quantity)}</td>
                      <td className="num">{price(p.avgCost)}</td>
                      <td className="num">{price(p.marketPrice)}</td>
                      <td className="num">{money(p.marketValue, p.currency)}</td>
                      <td className="num">
                        <Signed value={p.unrealizedPnl} currency={p.currency} />
                      </td>
                      <td className="num">{netLiq && mv !== null ? percent((mv / netLiq) * 100) : '—'}</td>
                      <td className="r">
                        <button type="button" className="small" onClick={() => closePosition(p)} aria-label={`Close ${p.symbol}`}>
                          Close
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
