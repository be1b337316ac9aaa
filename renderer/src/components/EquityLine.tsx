/** The intraday equity line as inline SVG: no chart library. */
import type { AccountSnapshot } from '../../../electron/core/contract.ts';
import { axisTicks, stepDecimals } from '../lib/axis.ts';
import { clock, money, toNumber } from '../lib/format.ts';

const W = 600;
const H = 160;
const PAD = { l: 8, r: 8, t: 12, b: 20 };

export function EquityLine({ points, currency }: { points: AccountSnapshot['equityLine']; currency: string }) {
  const data = points
    .map((p) => ({ t: p.time, v: toNumber(p.value) }))
    .filter((p): p is { t: number; v: number } => p.v !== null);
  if (data.length < 2) {
    return <div className="equity-empty">The equity line appears after a few minutes of data.</div>;
  }
  const t0 = data[0]!.t;
  const t1 = data[data.length - 1]!.t;
  const dayLo = Math.min(...data.map((d) => d.v));
  const dayHi = Math.max(...data.map((d) => d.v));
  // The scale runs between round money values, so the labels on the left line up with what is drawn.
  const ticks = axisTicks(dayLo, dayHi, 4);
  const lo = ticks.values[0]!;
  const hi = ticks.values[ticks.values.length - 1]!;
  const digits = stepDecimals(ticks.step);
  const x = (t: number) => PAD.l + ((t - t0) / Math.max(1, t1 - t0)) * (W - PAD.l - PAD.r);
  const y = (v: number) => PAD.t + (1 - (v - lo) / (hi - lo)) * (H - PAD.t - PAD.b);
  const line = data.map((d, i) => `${i === 0 ? 'M' : 'L'}${x(d.t).toFixed(1)},${y(d.v).toFixed(1)}`).join(' ');
  const area = `${line} L${x(t1).toFixed(1)},${H - PAD.b} L${x(t0).toFixed(1)},${H - PAD.b} Z`;
  const first = data[0]!.v;
  const last = data[data.length - 1]!.v;
  const tone = last > first ? 'pos' : last < first ? 'neg' : 'zero';
  const base = y(first);
  return (
    <figure className={`equity tone-${tone}`} data-testid="equity-line">
      <div className="equity-plot">
      <div className="axis-y" data-testid="equity-y-axis" aria-hidden="true">
        {[...ticks.values].reverse().map((v) => (
          <span key={v} style={{ top: `${((y(v) / H) * 100).toFixed(2)}%` }}>
            {money(v, currency, digits)}
          </span>
        ))}
      </div>
      <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={`Equity from ${money(first, currency)} to ${money(last, currency)} between ${clock(t0)} and ${clock(t1)}`}>
        <defs>
          <linearGradient id="eq-fill" x1="0" y1="0" x2="0" y2="1">
            <stop offset="0%" stopColor="currentColor" stopOpacity="0.28" />
            <stop offset="100%" stopColor="currentColor" stopOpacity="0" />
          </linearGradient>
        </defs>
        <line x1={PAD.l} x2={W - PAD.r} y1={base} y2={base} className="equity-base" />
        <path d={area} fill="url(#eq-fill)" stroke="none" />
        <path d={line} fill="none" stroke="currentColor" strokeWidth="1.8" vectorEffect="non-scaling-stroke" />
        {ticks.values.map((v) => (
          <line key={v} x1={PAD.l} x2={W - PAD.r} y1={y(v)} y2={y(v)} className="axis-grid" />
        ))}
        <circle cx={x(t1)} cy={y(last)} r="3" fill="currentColor" />
      </svg>
      </div>
      <figcaption className="equity-axis">
        <span>{clock(t0)}</span>
        <span>
          low {money(dayLo, currency, 0)} · high {money(dayHi, currency, 0)}
        </span>
        <span>{clock(t1)}</span>
      </figcaption>
    </figure>
  );
}
