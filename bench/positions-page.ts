/**
 * Issue 16's positions row: 10,000 positions through core to the real built renderer in headless Chromium.
 * The simulated Gateway runs in its own process, core (with its web bridge) in another (positions-child.ts,
 * which feeds the synthetic book into core's connection), the page in Chromium; while the book ticks
 * (2,000 position changes a second by default) the page counts its frames and long tasks and core its CPU
 * and event-loop delay. Goals: 60 fps, no long task over 50 ms, core CPU ≤ 15 %, event-loop p99 ≤ 10 ms.
 *
 * Run alone with `BENCH_ONLY=positionsPage npm run bench` (after `npm run build:renderer`).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { root, startChild, startSimProcess } from './support.ts';

const COUNT = Number(process.env.BENCH_POSITIONS ?? 10_000);
const RATE = Number(process.env.BENCH_POSITION_CHANGES ?? 2_000);
const SECONDS = Number(process.env.BENCH_POSITIONS_SECONDS ?? 10);

/** Counts frames (requestAnimationFrame) and long tasks from page load; `reset` starts a measurement. */
const PAGE_PROBE = `(() => {
  const m = { frames: 0, start: performance.now(), longTasks: [] };
  window.__bench = m;
  window.__benchReset = () => { m.frames = 0; m.start = performance.now(); m.longTasks = []; };
  const frame = () => { m.frames++; requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  new PerformanceObserver((list) => { for (const e of list.getEntries()) m.longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: false });
})();`;

export async function positionsPage(): Promise<unknown> {
  const rendererDir = path.join(root, 'dist', 'renderer');
  if (!existsSync(path.join(rendererDir, 'index.html'))) return { skipped: 'run `npm run build:renderer` first' };
  const exe = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!exe) return { skipped: 'no Chromium' };
  const { chromium } = await import('playwright-core');
  // No market-data ticks from the simulator: the book's changes are the feed's alone.
  const sim = await startSimProcess({ tickIntervalMs: 0, seed: 16 });
  const child = await startChild<{ url: string }>('positions-child.ts', [String(sim.port), rendererDir, String(COUNT), String(RATE), String(SECONDS)]);
  const browser = await chromium.launch({ executablePath: exe, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript(PAGE_PROBE);
    await page.goto(child.first.url);
    await page.waitForFunction(
      (n) => (document.querySelector('[data-testid="positions"]')?.textContent ?? '').includes(`Positions (${n})`),
      COUNT,
      { timeout: 60_000 },
    );
    const next = async () => {
      const r = await child.lines.next();
      if (r.done) throw new Error('positions-child ended early');
      return JSON.parse(r.value) as Record<string, unknown>;
    };
    const started = await next();
    if (!started['measuring']) throw new Error(`positions-child said ${JSON.stringify(started)}`);
    await page.evaluate(() => (window as unknown as { __benchReset: () => void }).__benchReset());
    const core = await next();
    const seen = await page.evaluate(() => {
      const m = (window as unknown as { __bench: { frames: number; start: number; longTasks: number[] } }).__bench;
      const rows = document.querySelectorAll('[data-testid="positions"] tbody tr:not(.vr-spacer)').length;
      return { frames: m.frames, ms: performance.now() - m.start, longTasks: m.longTasks, rows };
    });
    const over50 = seen.longTasks.filter((d) => d > 50);
    return {
      ...core,
      fps: +((seen.frames * 1000) / seen.ms).toFixed(1),
      longTasksOver50ms: over50.length,
      longestTaskMs: seen.longTasks.length ? Math.round(Math.max(...seen.longTasks)) : 0,
      rowsInDom: seen.rows,
    };
  } finally {
    await browser.close();
    if (child.child.exitCode === null) child.child.kill('SIGTERM');
    await sim.stop();
  }
}
