import { describe, expect, it } from 'vitest';
import { deriveStatus, type StatusInputs } from '../../../electron/core/status.ts';
import type { SessionState } from '../../../electron/core/broker/session.ts';
import { trayModel } from '../../../electron/core/shell/tray-model.ts';

const session = (patch: Partial<SessionState> = {}): SessionState => ({
  phase: 'connected',
  host: '127.0.0.1',
  port: 4002,
  clientId: 1,
  serverVersion: 193,
  serverTimeZone: null,
  connectedAt: 1,
  ibLink: 'ok',
  farms: { usfarm: 'ok' },
  lastError: null,
  attempts: 1,
  ...patch,
});
const base: StatusInputs = {
  gateway: 'running',
  gatewayReason: '',
  session: session(),
  profile: { name: 'Paper', mode: 'paper' },
  account: 'DU1234567',
  killSwitch: false,
  since: 0,
};

describe('derived status', () => {
  it.each([
    [{ profile: null }, 'stopped', /setup wizard/],
    [{ gateway: 'stopped' }, 'stopped', /stopped/],
    [{ gateway: 'starting' }, 'starting', /Starting/],
    [{ gateway: 'awaiting-login' }, 'login', /login/],
    [{ gateway: 'crashed', gatewayReason: 'Gateway exited with code 1' }, 'down', /code 1/],
    [{ gateway: 'restarting' }, 'starting', /Restarting/],
    [{ session: session({ phase: 'reconnecting', lastError: 'socket closed' }) }, 'down', /reconnecting/],
    [{ session: session({ phase: 'connecting' }) }, 'starting', /Connecting/],
    // A Gateway that drops every API socket also fails the supervisor's probe (ECONNRESET): the trader must
    // see the lost connection (orders cannot leave), not only "not answering properly".
    [
      { gateway: 'degraded', gatewayReason: 'API did not answer (read ECONNRESET); check 1 of 3', session: session({ phase: 'reconnecting', lastError: 'Connection closed.' }) },
      'down',
      /API connection lost — reconnecting \(Connection closed\.\).*ECONNRESET/,
    ],
    [{ gateway: 'degraded', gatewayReason: 'API did not answer (timeout); check 1 of 3' }, 'degraded', /timeout/],
    [{ session: session({ ibLink: 'lost' }) }, 'degraded', /1100/],
    [{ session: session({ farms: { usfarm: 'broken', ushmds: 'ok' } }) }, 'degraded', /usfarm/],
    [{}, 'connected', /Connected \(paper · DU1234567\)/],
  ] as [Partial<StatusInputs>, string, RegExp][])('%o → %s', (patch, level, message) => {
    const st = deriveStatus({ ...base, ...patch });
    expect(st.level).toBe(level);
    expect(st.message).toMatch(message);
  });

  it('says LIVE plainly in live mode', () => {
    expect(deriveStatus({ ...base, profile: { name: 'Main', mode: 'live' } }).message).toMatch(/LIVE/);
  });
});

describe('tray model', () => {
  it('maps each status to its icon and keeps Open and Quit always available', () => {
    for (const [patch, icon] of [
      [{}, 'connected'],
      [{ gateway: 'awaiting-login' }, 'starting'],
      [{ session: session({ ibLink: 'lost' }) }, 'degraded'],
      [{ gateway: 'crashed' }, 'down'],
      [{ gateway: 'stopped' }, 'stopped'],
    ] as [Partial<StatusInputs>, string][]) {
      const m = trayModel(deriveStatus({ ...base, ...patch }), '1000000');
      expect(m.icon).toBe(icon);
      const ids = m.menu.flatMap((i) => (i.type === 'item' ? [i.id] : []));
      expect(ids).toEqual(expect.arrayContaining(['open', 'quit', 'start', 'stop', 'restart', 'kill']));
    }
  });

  it('shows profile, mode, status and net liquidation in the tooltip', () => {
    const m = trayModel(deriveStatus(base), '1234567.89');
    expect(m.tooltip).toContain('Paper · paper');
    expect(m.tooltip).toContain('Connected');
    expect(m.tooltip).toContain('$1,234,568');
  });

  it('enables Start only when stopped, Stop/Restart only when running, and marks the kill switch', () => {
    const item = (m: ReturnType<typeof trayModel>, id: string) => m.menu.find((i) => i.type === 'item' && i.id === id) as { enabled: boolean; label: string };
    const running = trayModel(deriveStatus(base), null);
    expect(item(running, 'start').enabled).toBe(false);
    expect(item(running, 'stop').enabled).toBe(true);
    const stopped = trayModel(deriveStatus({ ...base, gateway: 'stopped' }), null);
    expect(item(stopped, 'start').enabled).toBe(true);
    expect(item(stopped, 'restart').enabled).toBe(false);
    const killed = trayModel(deriveStatus({ ...base, killSwitch: true }), null);
    expect(item(killed, 'kill').enabled).toBe(false);
    expect(killed.tooltip).toMatch(/Kill switch ON/);
  });
});

describe('what the status says about IB while the API is down', () => {
  it('reports no data farms from a session that is no longer connected', () => {
    for (const phase of ['reconnecting', 'connecting', 'stopped'] as const) {
      const st = deriveStatus({ ...base, gateway: 'stopped', session: session({ phase, farms: { usfarm: 'ok', ushmds: 'ok' } }) });
      expect(st.broker.connected).toBe(false);
      expect(st.broker.farms).toEqual({});
    }
  });
});

describe('"Orders enabled" means an order can leave now', () => {
  it('is true only with a running Gateway, a connected and reconciled API, read-write, kill switch off', () => {
    expect(deriveStatus(base).orders).toEqual({ enabled: true, reason: null });
  });

  it.each([
    ['the Gateway is stopped', { gateway: 'stopped' }, /Gateway is stopped/],
    ['the Gateway is starting', { gateway: 'starting' }, /Gateway is not running/],
    ['the socket is down', { session: session({ phase: 'reconnecting', lastError: 'socket closed' }) }, /API connection is down/],
    ['the API is read-only', { profile: { name: 'Paper', mode: 'paper', readOnlyApi: true } }, /^The API is read-only \(turn Read-Only API off in the profile\)$/],
    ['the kill switch is on', { killSwitch: true }, /kill switch/i],
    ['orders are being reconciled', { reconciled: false }, /reconcil/],
    // Saved off, but the running Gateway took Read-Only API at its start and keeps it until it restarts.
    ['the Gateway was started read-only', { readOnlyUntilRestart: true, reconciled: false }, /^The Gateway was started read-only; restart it to trade$/],
    // Neither the profile nor its start said so: the Gateway itself answered the orders request with 321.
    ['the Gateway reports its API read-only', { ordersUnreadable: 'read-only', reconciled: false }, /^The Gateway's API is read-only: turn Read-Only API off and restart the Gateway to trade$/],
    ['no profile', { profile: null }, /No profile/],
  ] as [string, Partial<StatusInputs>, RegExp][])('is false when %s, with the reason', (_why, patch, reason) => {
    const st = deriveStatus({ ...base, ...patch });
    expect(st.orders.enabled).toBe(false);
    expect(st.orders.reason).toMatch(reason);
  });
});
