/**
 * One status for tray and UI, derived from the supervisor's state and the broker session. Pure: the
 * same inputs always give the same pill colour, tooltip and sentence.
 */
import type { GatewayState, Profile, Status, StatusLevel } from './contract.ts';
import type { SessionState } from './broker/session.ts';

export interface StatusInputs {
  gateway: GatewayState;
  gatewayReason: string;
  session: SessionState | null;
  profile: (Pick<Profile, 'name' | 'mode'> & { readOnlyApi?: boolean }) | null;
  account: string | null;
  killSwitch: boolean;
  /** False while open orders and executions are read back after a (re)connect: nothing may be sent. */
  reconciled?: boolean;
  /**
   * The saved profile has Read-Only API off, but the running Gateway was started with it on: it keeps the
   * setting until it restarts (`profile.readOnlyApi` is the saved setting, said first when on).
   */
  readOnlyUntilRestart?: boolean;
  /** Why the Gateway's orders cannot be read on this connection (orders stream `unreadable`). */
  ordersUnreadable?: 'read-only';
  since: number;
}

export function deriveStatus(i: StatusInputs): Status {
  const s = i.session;
  const connected = s?.phase === 'connected';
  const broker: Status['broker'] = {
    connected,
    serverVersion: s?.serverVersion ?? null,
    clientId: s?.clientId ?? null,
    connectedAt: s?.connectedAt ?? null,
    ibLink: s?.ibLink ?? 'ok',
    // Farm notices describe a live session only: after a stop or a drop they are history, not health.
    farms: connected ? { ...s.farms } : {},
  };
  const [level, message] = levelAndMessage(i, broker);
  const profile = i.profile ? { name: i.profile.name, mode: i.profile.mode } : null;
  const blocked = whyOrdersBlocked(i, broker.connected);
  return {
    level,
    message,
    gateway: i.gateway,
    profile,
    account: i.account,
    broker,
    killSwitch: i.killSwitch,
    orders: { enabled: blocked === null, reason: blocked },
    since: i.since,
  };
}

/**
 * The first thing that stops an order from leaving now, in the order a trader would fix them; null when
 * one would go out. The status bar's "Orders enabled" reads this, so it can never claim more than is true.
 */
function whyOrdersBlocked(i: StatusInputs, connected: boolean): string | null {
  if (!i.profile) return 'No profile is set up';
  if (i.killSwitch) return 'The kill switch is on';
  if (i.gateway === 'stopped' || i.gateway === 'stopping' || i.gateway === 'crashed') return 'The Gateway is stopped';
  if (i.gateway !== 'running' && i.gateway !== 'api-ready' && i.gateway !== 'degraded') return 'The Gateway is not running yet';
  if (!connected) return 'The API connection is down';
  if (i.profile.readOnlyApi) return 'The API is read-only (turn Read-Only API off in the profile)';
  if (i.readOnlyUntilRestart) return 'The Gateway was started read-only; restart it to trade';
  if (i.ordersUnreadable === 'read-only') return "The Gateway's API is read-only: turn Read-Only API off and restart the Gateway to trade";
  if (i.reconciled === false) return 'Open orders are being reconciled after the connection';
  return null;
}

function levelAndMessage(i: StatusInputs, b: Status['broker']): [StatusLevel, string] {
  if (!i.profile) return ['stopped', 'No profile yet — run the setup wizard'];
  switch (i.gateway) {
    case 'stopped':
      return ['stopped', i.gatewayReason || 'Gateway stopped'];
    case 'stopping':
      return ['stopped', 'Stopping the Gateway…'];
    case 'crashed':
      return ['down', i.gatewayReason || 'The Gateway crashed'];
    case 'restarting':
      return ['starting', i.gatewayReason || 'Restarting the Gateway…'];
    case 'starting':
      return ['starting', 'Starting the Gateway…'];
    case 'awaiting-login':
      return ['login', i.gatewayReason || 'Waiting for login (approve 2FA on IBKR Mobile if asked)'];
    case 'degraded':
      // A Gateway that dropped the API connection fails the supervisor's probe in the same moment; the lost
      // connection is what stops orders, so it is said first, with the probe's finding beside it.
      if (i.session?.phase === 'reconnecting') {
        return ['down', `API connection lost — reconnecting (${i.session.lastError ?? 'socket closed'}); ${i.gatewayReason || 'the Gateway is not answering properly'}`];
      }
      return ['degraded', i.gatewayReason || 'The Gateway is not answering properly'];
    case 'api-ready':
    case 'running':
      break;
  }
  if (!b.connected) {
    const phase = i.session?.phase;
    if (phase === 'reconnecting') return ['down', `API connection lost — reconnecting (${i.session?.lastError ?? 'socket closed'})`];
    return ['starting', 'Connecting to the API…'];
  }
  if (b.ibLink === 'lost') return ['degraded', 'IB servers unreachable (1100) — the Gateway keeps trying'];
  const broken = Object.entries(b.farms).filter(([, st]) => st === 'broken').map(([f]) => f);
  if (broken.length) return ['degraded', `Data farm down: ${broken.join(', ')}`];
  const mode = i.profile.mode === 'live' ? 'LIVE' : 'paper';
  return ['connected', `Connected (${mode}${i.account ? ` · ${i.account}` : ''})`];
}
