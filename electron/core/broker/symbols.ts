/** Ticker hygiene before anything reaches the Gateway: catch the usual mistakes with a suggestion. */
export type SymbolCheck = { ok: true; symbol: string } | { ok: false; message: string; suggestion: string | null };

export function checkSymbol(raw: string, secType: string): SymbolCheck {
  const s = raw.trim().toUpperCase();
  if (!s) return { ok: false, message: 'Enter a symbol.', suggestion: null };
  if (secType === 'CASH') {
    return /^[A-Z]{3}(\.[A-Z]{3})?$/.test(s)
      ? { ok: true, symbol: s }
      : { ok: false, message: `"${raw}" is not a currency pair.`, suggestion: 'Use a pair such as EUR.USD.' };
  }
  const suffix = /^([A-Z0-9]{1,12})\.(US|N|O|NYSE|NASDAQ|NQ|OQ|ARCA)$/.exec(s);
  if (suffix) {
    return {
      ok: false,
      message: `"${raw}" is not an IB symbol: exchanges are not part of the ticker.`,
      suggestion: `Did you mean ${suffix[1]}?`,
    };
  }
  if (/^\$/.test(s)) return { ok: false, message: 'Leave out the $ sign.', suggestion: `Did you mean ${s.slice(1)}?` };
  // IB writes share classes with a space ("BRK B"); a dot or slash is the usual slip.
  const cls = /^([A-Z]{1,6})[./-]([A-Z])$/.exec(s);
  if (cls) return { ok: false, message: `IB writes share classes with a space.`, suggestion: `Did you mean ${cls[1]} ${cls[2]}?` };
  if (!/^[A-Z0-9]{1,12}( [A-Z])?$/.test(s)) {
    return { ok: false, message: `"${raw}" does not look like a ticker.`, suggestion: null };
  }
  return { ok: true, symbol: s };
}
