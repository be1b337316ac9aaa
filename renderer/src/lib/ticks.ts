/**
 * Prices to an instrument's tick. The tick comes from the contract details (IB's minTick) when core has
 * looked the instrument up; until then, or when it cannot, the rule below: cents for stocks, futures and
 * options, and five decimals (half a pip) for forex pairs, as IB quotes the majors on IDEALPRO.
 */
export function fallbackDecimals(secType: string): number {
  return secType === 'CASH' ? 5 : 2;
}

/** How many decimals a tick size has: 0.01 → 2, 0.00005 → 5, 0.25 → 2, 1 → 0. */
export function tickDecimals(minTick: number): number {
  if (!(minTick > 0)) return 2;
  for (let d = 0; d <= 8; d++) if (Math.abs(Math.round(minTick * 10 ** d) - minTick * 10 ** d) < 1e-9) return d;
  return 8;
}
