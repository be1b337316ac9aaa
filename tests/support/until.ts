/**
 * The one way a test waits for something that happens on real sockets or processes: poll `cond` until it
 * holds, or fail naming what was awaited. A predicate that throws or rejects (a server not listening yet)
 * counts as "not yet"; its last error is in the failure message.
 *
 * Time-dependent product code runs on the injected clock and is tested with a fake clock, not with this:
 * `until` is for the things a clock cannot drive (a child process, a TCP peer, a file another process writes).
 */
export type UntilOptions = {
  /** What is awaited, as the failure message should say it ("order filled"). Defaults to the predicate's source. */
  what?: string;
  /** Give up after this many ms of wall time (default 10 s). */
  timeout?: number;
  /** Poll every this many ms (default 10). */
  interval?: number;
};

export async function until(cond: () => boolean | Promise<boolean>, opts: UntilOptions = {}): Promise<void> {
  const { timeout = 10_000, interval = 10 } = opts;
  const end = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      if (await cond()) return;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > end) {
      const what = opts.what ?? String(cond).replace(/\s+/g, ' ');
      const why = lastError === undefined ? '' : ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})`;
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}
