/** IBC's stdout log format: `yyyy-MM-dd HH:mm:ss:SSS IBC: <message>`. */
export function ibcTimestamp(d: Date = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}:${p(d.getMilliseconds(), 3)}`
  );
}

/** One log line; `source` is `IBC` under IBC and `Gateway` when the Gateway runs without it. */
export function logLine(source: string, message: string, d: Date = new Date()): string {
  return `${ibcTimestamp(d)} ${source}: ${message}`;
}
