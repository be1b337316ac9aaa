/**
 * The setup guide's Troubleshooting section as checks run one by one, each with its result, how long it
 * took and the fix: process, port, handshake, API enabled / trusted IP, data farms, market data, clock.
 */
import type { CheckResult, Profile } from './contract.ts';
import { isPortOpen } from './gateway/ports.ts';
import { probeApi } from './gateway/probe.ts';
import type { ProfileRuntime } from './runtime.ts';

async function timed(id: string, label: string, fn: () => Promise<{ ok: boolean; detail: string; hint: string }>): Promise<CheckResult> {
  const t0 = performance.now();
  try {
    const r = await fn();
    return { id, label, ok: r.ok, detail: r.detail, hint: r.ok ? null : r.hint, ms: Math.round(performance.now() - t0) };
  } catch (err) {
    return { id, label, ok: false, detail: (err as Error).message, hint: 'Unexpected failure; see the Gateway logs.', ms: Math.round(performance.now() - t0) };
  }
}

export async function runDiagnostics(rt: ProfileRuntime | null, profile: Profile | null): Promise<CheckResult[]> {
  if (!profile) {
    return [{ id: 'profile', label: 'Profile', ok: false, detail: 'No profile is set up.', hint: 'Run the setup wizard, or try demo mode.', ms: 0 }];
  }
  const port = profile.apiPort;
  const results: CheckResult[] = [];
  results.push(
    await timed('process', 'Gateway process', async () => {
      const running = rt?.supervisor.isRunning() ?? false;
      const attached = rt?.supervisor.attached ?? false;
      return {
        ok: running,
        detail: running ? (attached ? 'Attached to a Gateway started outside Gatehouse' : `Running (pid ${rt?.supervisor.pid ?? '?'}), state ${rt?.supervisor.state}`) : `Not running (${rt?.supervisor.state ?? 'stopped'})`,
        hint: 'Start the Gateway from the Gateway tab (or the tray).',
      };
    }),
  );
  const open = await isPortOpen(port);
  results.push(
    await timed('port', `API port ${port}`, async () => ({
      ok: open,
      detail: open ? `Port ${port} accepts connections` : `Port ${port} is closed`,
      hint: `Port ${port} is closed: is the Gateway running and logged in? API → Settings → Enable ActiveX and Socket Clients, and check the Socket port is ${port} (paper 4002, live 4001).`,
    })),
  );
  results.push(
    await timed('handshake', 'API handshake', async () => {
      if (!open) return { ok: false, detail: 'Skipped: the port is closed', hint: 'Fix the port check first.' };
      const r = await probeApi({ port, timeoutMs: 5000 });
      if (r.ok) return { ok: true, detail: `Server version ${r.serverVersion}, answered in ${Math.round(r.ms)} ms`, hint: '' };
      const hints: Record<string, string> = {
        'no-handshake': 'Something listens on the port but is not answering like IB Gateway: another program may hold the port, or the Gateway is frozen.',
        'api-silent': 'The Gateway accepted the handshake but is silent: still logging in (approve 2FA on IBKR Mobile), or hung — restart it.',
        'client-id-in-use': 'Another program uses the probe’s client id; this is harmless.',
        closed: 'The Gateway closed the connection: add 127.0.0.1 to Trusted IPs (API → Settings) or accept the incoming connection prompt.',
      };
      return { ok: false, detail: `${r.reason}: ${r.detail}`, hint: hints[r.reason] ?? 'See the Gateway logs.' };
    }),
  );
  results.push(
    await timed('api', 'API enabled and this machine trusted', async () => {
      const s = rt?.broker.session.state;
      const ok = rt?.broker.session.connected ?? false;
      return {
        ok,
        detail: ok ? `Gatehouse is connected as client ${s?.clientId}` : (s?.lastError ?? 'Gatehouse is not connected'),
        hint: 'API → Settings: Enable ActiveX and Socket Clients; add 127.0.0.1 to Trusted IPs; uncheck Read-Only API to trade.',
      };
    }),
  );
  results.push(
    await timed('farms', 'Data farms', async () => {
      const farms = Object.entries(rt?.broker.session.state.farms ?? {});
      const broken = farms.filter(([, st]) => st === 'broken').map(([f]) => f);
      const lost = rt?.broker.session.state.ibLink === 'lost';
      return {
        ok: farms.length > 0 && broken.length === 0 && !lost,
        detail: lost ? 'IB servers unreachable (1100)' : farms.length ? farms.map(([f, st]) => `${f} ${st}`).join(', ') : 'No farm status received yet',
        hint: lost ? 'IB’s connection is down; the Gateway reconnects by itself (nightly resets are normal).' : `Broken farm(s): ${broken.join(', ') || 'none reported'} — usually recovers in minutes.`,
      };
    }),
  );
  results.push(
    await timed('market-data', 'Market data subscription', async () => {
      if (!rt?.broker.session.connected) return { ok: false, detail: 'Skipped: not connected', hint: 'Connect first.' };
      rt.broker.market.watch({ symbol: 'SPY', secType: 'STK', exchange: 'SMART', currency: 'USD' });
      const end = Date.now() + 4000;
      while (Date.now() < end && rt.broker.market.lastPrice('SPY') === null) await new Promise((r) => setTimeout(r, 100));
      const q = rt.broker.market.quote('SPY');
      const price = rt.broker.market.lastPrice('SPY');
      return {
        ok: price !== null,
        detail: price === null ? 'No quote for SPY' : `SPY ${price.toFixed(2)}${q?.delayed ? ' (delayed data: no live subscription)' : ' (live)'}`,
        hint: 'Subscribe to US market data in Client Portal → Settings → Market Data Subscriptions, or use delayed data.',
      };
    }),
  );
  results.push(
    await timed('clock', 'Clock', async () => {
      const api = rt?.broker.session.client;
      if (!api) return { ok: false, detail: 'Skipped: not connected', hint: 'Connect first.' };
      const gatewayTime = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => resolve(null), 3000);
        api.once('currentTime', (t: number) => {
          clearTimeout(timer);
          resolve(t * 1000);
        });
        api.reqCurrentTime();
      });
      if (gatewayTime === null) return { ok: false, detail: 'The Gateway did not tell its time', hint: 'The Gateway may be hung; restart it.' };
      const skew = Math.abs(Date.now() - gatewayTime) / 1000;
      return {
        ok: skew < 10,
        detail: `This computer is ${skew.toFixed(1)} s ${Date.now() >= gatewayTime ? 'ahead of' : 'behind'} the Gateway`,
        hint: 'Turn on automatic time sync: IB refuses logins and orders from clocks that are far off.',
      };
    }),
  );
  return results;
}
