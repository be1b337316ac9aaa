/** Axis ticks for the desk's small charts: round 1-2-5 steps, so labels read like a trader would write them. */

/** The smallest 1, 2 or 5 × 10^k step that fits the range in at most `maxTicks` intervals. */
export function niceStep(range: number, maxTicks: number): number {
  const raw = range / Math.max(1, maxTicks);
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

/**
 * Tick values from a step at or below `lo` to one at or above `hi`. A flat range is widened by one cent either
 * side so the axis still has a scale.
 */
export function axisTicks(lo: number, hi: number, maxTicks: number): { step: number; values: number[] } {
  let a = lo;
  let b = hi;
  if (!(b - a > 1e-9)) {
    a -= 0.01;
    b += 0.01;
  }
  const step = niceStep(b - a, maxTicks);
  const first = Math.floor(a / step + 1e-9) * step;
  const values: number[] = [];
  // Rounded to the step's own decimals, so 0.1 + 0.2 never prints as 0.30000000000000004.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  for (let v = first; v < b + step - 1e-9; v += step) values.push(Number(v.toFixed(decimals)));
  return { step, values };
}

/** How many decimals a label needs at this step: none for whole-dollar steps, cents below. */
export function stepDecimals(step: number): number {
  return step >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(step) - 1e-9));
}
