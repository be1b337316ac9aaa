/**
 * Faults the simulated Gateway can be told to show at run time, through `handle.fault(...)` or the
 * control channel (POST /fault with one of these as JSON).
 */
export type Fault =
  /** Exit the Gateway process with this code (only the launcher has a process to end). */
  | { kind: 'crash'; exitCode?: number }
  /** Accept connections but go silent: no replies, no data, no handshake for new clients. */
  | { kind: 'hang'; durationMs?: number }
  /** Delay the handshake reply of every new connection (0 ends it). */
  | { kind: 'slowLogin'; delayMs: number }
  /** Destroy every client socket; the port stays open. */
  | { kind: 'dropSockets' }
  /** Error 1100 to every client; market data stops until restored. */
  | { kind: 'connectivityLost' }
  /** 1102 (data maintained) or, with dataLost, 1101 and all market data subscriptions dropped. */
  | { kind: 'connectivityRestored'; dataLost?: boolean }
  /** The next placeOrder is rejected with error 201 and this reason. */
  | { kind: 'rejectNextOrder'; reason?: string }
  /** One garbage frame to every connected client. */
  | { kind: 'malformedFrame' }
  /** Close the port and every socket for downMs, then reopen, logging like IBC/the Gateway. */
  | { kind: 'dailyRestart'; downMs?: number }
  /** Logged out waiting for second-factor approval: port closed until durationMs passes (or `clear`). */
  | { kind: 'twoFactor'; durationMs?: number }
  /** A half-dead session keeps this client id: connecting with it gets 326 for durationMs. */
  | { kind: 'staleSession'; clientId: number; durationMs: number }
  /**
   * Execution reports held back (IB: during a reset "execution reports and simulated orders will be delayed
   * until the reset is complete", interactivebrokers.github.io/tws-api/message_codes.html): order status
   * still says Filled, but execDetails are withheld and reqExecutions lists none until `clear`.
   */
  | { kind: 'executionsDelayed' }
  /**
   * Short sales of this stock need a locate (on: true, the default) or the shares are found (on: false). Held,
   * an order reports PreSubmitted with whyHeld "locate" (ibapi/wrapper.py orderStatus: "used to identify an
   * order held when TWS is trying to locate shares for a short sell. The value used to indicate this is
   * 'locate'"); found, the held orders work. A sale that only reduces a long position borrows nothing.
   */
  | { kind: 'needLocate'; symbol: string; on?: boolean }
  /** End hang, slow login, a pending 2FA wait and delayed execution reports. */
  | { kind: 'clear' };

export type FaultKind = Fault['kind'];

const KINDS: readonly FaultKind[] = [
  'crash',
  'hang',
  'slowLogin',
  'dropSockets',
  'connectivityLost',
  'connectivityRestored',
  'rejectNextOrder',
  'malformedFrame',
  'dailyRestart',
  'twoFactor',
  'staleSession',
  'executionsDelayed',
  'needLocate',
  'clear',
];

function optNumber(value: unknown): value is number | undefined {
  return value === undefined || (typeof value === 'number' && Number.isFinite(value) && value >= 0);
}

/** Validates a fault that arrived as JSON; returns an error message or the fault. */
export function parseFault(input: unknown): Fault | string {
  if (typeof input !== 'object' || input === null) return 'fault must be an object';
  const f = input as Record<string, unknown>;
  const kind = f['kind'];
  if (typeof kind !== 'string' || !KINDS.includes(kind as FaultKind)) return `unknown fault kind ${String(kind)}`;
  switch (kind) {
    case 'crash':
      return optNumber(f['exitCode']) ? { kind, exitCode: f['exitCode'] as number | undefined } : 'exitCode must be a number';
    case 'hang':
      return optNumber(f['durationMs']) ? { kind, durationMs: f['durationMs'] as number | undefined } : 'durationMs must be a number';
    case 'slowLogin':
      return typeof f['delayMs'] === 'number' && f['delayMs'] >= 0 ? { kind, delayMs: f['delayMs'] } : 'delayMs must be a number';
    case 'connectivityRestored':
      return { kind, dataLost: f['dataLost'] === true };
    case 'rejectNextOrder':
      return typeof f['reason'] === 'string' || f['reason'] === undefined
        ? { kind, reason: f['reason'] as string | undefined }
        : 'reason must be a string';
    case 'dailyRestart':
      return optNumber(f['downMs']) ? { kind, downMs: f['downMs'] as number | undefined } : 'downMs must be a number';
    case 'twoFactor':
      return optNumber(f['durationMs']) ? { kind, durationMs: f['durationMs'] as number | undefined } : 'durationMs must be a number';
    case 'staleSession':
      return typeof f['clientId'] === 'number' && typeof f['durationMs'] === 'number'
        ? { kind, clientId: f['clientId'], durationMs: f['durationMs'] }
        : 'clientId and durationMs must be numbers';
    case 'needLocate':
      return typeof f['symbol'] === 'string' && f['symbol'] !== '' && (f['on'] === undefined || typeof f['on'] === 'boolean')
        ? { kind, symbol: f['symbol'], on: f['on'] !== false }
        : 'symbol must be a string (on: a boolean)';
    default:
      return { kind } as Fault;
  }
}
