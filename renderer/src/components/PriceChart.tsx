/**
 * The ticket symbol's price chart as inline SVG (no chart library): closes from historical bars, each
 * working order of the symbol as a horizontal line at its limit or stop, each fill as a marker at its time
 * and price. The same facts are listed in words under the chart, so nothing depends on colour or sight.
 */
import { useEffect, useId } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { BAR_SIZES } from '../../../electron/core/contract/constants.ts';
import { axisTicks, stepDecimals } from '../lib/axis.ts';
import { orderReferencePrice } from '../lib/distance.ts';
import { clock, dateTime, num, price, priceTo } from '../lib/format.ts';
import { chartKey, type BarSize } from '../stores/chart-store.ts';
import { useOrders, useStores } from '../stores/context.tsx';
import { Progress } from './ui.tsx';

const W = 640;
const H = 220;
const PAD = { l: 4, r: 4, t: 10, b: 10 };
const SIZE_LABELS: Record<BarSize, string> = { '1 min': '1 min', '5 mins': '5 min', '1 day': 'Day' };

export function PriceChart({ symbol }: { symbol: string }) {
  const stores = useStores();
  const barSize = useStore(stores.chart, (s) => s.barSize);
  const entry = useStore(stores.chart, (s) => s.entries[chartKey(symbol, barSize)]);
  const { open, fills } = useOrders(useShallow((s) => ({ open: s.snapshot?.open, fills: s.snapshot?.fills })));
  const name = useId();
  useEffect(() => {
    void stores.chart.getState().load(symbol, barSize);
  }, [stores, symbol, barSize]);

  const orders = (open ?? [])
    .filter((o) => o.symbol === symbol)
    .map((o) => ({ o, px: orderReferencePrice(o) }))
    .filter((x): x is { o: (typeof x)['o']; px: number } => x.px !== null);
  const bars = entry?.bars ?? [];
  const t0 = bars[0]?.time ?? 0;
  const step = bars.length > 1 ? bars[1]!.time - bars[0]!.time : 60_000;
  const t1 = (bars[bars.length - 1]?.time ?? 0) + step;
  const marks = (fills ?? []).filter((f) => f.symbol === symbol && f.time >= t0 && f.time <= t1).map((f) => ({ f, px: Number(f.price) }));

  const picker = (
    <div className="segmented" role="radiogroup" aria-label="Bar size">
      {BAR_SIZES.map((s) => (
        <label key={s} className={barSize === s ? 'active' : ''}>
          <input type="radio" name={`bars-${name}`} value={s} checked={barSize === s} onChange={() => stores.chart.getState().setBarSize(s)} />
          {SIZE_LABELS[s]}
        </label>
      ))}
    </div>
  );

  if (!entry || entry.status === 'loading') {
    return (
      <div className="price-chart" data-testid="price-chart">
        {picker}
        <Progress active label={`Loading ${SIZE_LABELS[barSize]} bars for ${symbol}…`} />
      </div>
    );
  }
  if (entry.status === 'error' || bars.length < 2) {
    return (
      <div className="price-chart" data-testid="price-chart">
        {picker}
        <p className="quote-problem" role="status" data-testid="chart-problem">
          {entry.error ?? `IB sent no ${SIZE_LABELS[barSize]} bars for ${symbol}.`}
        </p>
      </div>
    );
  }

  const values = [...bars.flatMap((b) => [b.low, b.high]), ...orders.map((x) => x.px), ...marks.map((m) => m.px)];
  const ticks = axisTicks(Math.min(...values), Math.max(...values), 4);
  const lo = ticks.values[0]!;
  const hi = ticks.values[ticks.values.length - 1]!;
  const digits = Math.max(2, stepDecimals(ticks.step));
  const x = (t: number) => PAD.l + ((t - t0) / Math.max(1, t1 - t0)) * (W - PAD.l - PAD.r);
  const y = (v: number) => PAD.t + (1 - (v - lo) / (hi - lo)) * (H - PAD.t - PAD.b);
  const line = bars.map((b, i) => `${i === 0 ? 'M' : 'L'}${x(b.time + step).toFixed(1)},${y(b.close).toFixed(1)}`).join(' ');
  const first = bars[0]!;
  const last = bars[bars.length - 1]!;
  const low = Math.min(...bars.map((b) => b.low));
  const high = Math.max(...bars.map((b) => b.high));
  const when = (t: number) => (barSize === '1 day' ? dateTime(t).slice(0, 10) : clock(t).slice(0, 5));
  const summary =
    `${symbol}, ${SIZE_LABELS[barSize]} bars from ${when(first.time)} to ${when(last.time)}: ` +
    `${price(first.open)} to ${price(last.close)}, low ${price(low)}, high ${price(high)}. ` +
    `${orders.length} working order${orders.length === 1 ? '' : 's'}, ${marks.length} fill${marks.length === 1 ? '' : 's'} shown.`;

  return (
    <div className="price-chart" data-testid="price-chart">
      {picker}
      <figure className="chart" tabIndex={0} aria-label={summary} data-testid="chart-figure">
        <div className="chart-plot">
          <div className="axis-y" aria-hidden="true" data-testid="chart-y-axis">
            {[...ticks.values].reverse().map((v) => (
              <span key={v} style={{ top: `${((y(v) / H) * 100).toFixed(2)}%` }}>
                {priceTo(v, digits)}
              </span>
            ))}
          </div>
          <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
            {ticks.values.map((v) => (
              <line key={v} x1={PAD.l} x2={W - PAD.r} y1={y(v)} y2={y(v)} className="axis-grid" />
            ))}
            <path d={line} className="chart-line" fill="none" vectorEffect="non-scaling-stroke" />
            {orders.map(({ o, px }) => (
              <line
                key={o.orderId}
                data-testid={`chart-order-${o.orderId}`}
                x1={PAD.l}
                x2={W - PAD.r}
                y1={y(px)}
                y2={y(px)}
                className={`chart-order chart-${o.side.toLowerCase()}`}
                vectorEffect="non-scaling-stroke"
              />
            ))}
            {marks.map(({ f, px }) => (
              <path
                key={f.execId}
                data-testid={`chart-fill-${f.execId}`}
                // ▲ under a buy, ▼ over a sell: the shape says the side, not only the colour.
                d={
                  f.side === 'BUY'
                    ? `M${x(f.time)},${y(px) - 6} l6,10 l-12,0 Z`
                    : `M${x(f.time)},${y(px) + 6} l6,-10 l-12,0 Z`
                }
                className={`chart-fill chart-${f.side.toLowerCase()}`}
              />
            ))}
          </svg>
        </div>
        <figcaption className="equity-axis">
          <span>{when(first.time)}</span>
          <span>
            last {price(last.close)} · low {price(low)} · high {price(high)}
          </span>
          <span>{when(last.time)}</span>
        </figcaption>
      </figure>
      {orders.length > 0 || marks.length > 0 ? (
        <ul className="chart-legend" data-testid="chart-legend">
          {orders.map(({ o, px }) => (
            <li key={o.orderId} className={`side-text side-${o.side.toLowerCase()}`}>
              ― order {o.orderId}: {o.side} {num(o.remaining)} {o.type} @ {price(px)}
            </li>
          ))}
          {marks.map(({ f }) => (
            <li key={f.execId} className={`side-text side-${f.side.toLowerCase()}`}>
              {f.side === 'BUY' ? '▲' : '▼'} filled {f.side} {num(f.shares)} @ {price(f.price)} at {clock(f.time)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
