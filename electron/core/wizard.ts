/**
 * The wizard's connection checklist (the setup guide's "Test the connection": connection active, account
 * balance, buying power, open positions, API access), each line with a fix when it fails. The file step
 * lives in gateway/files.ts, shared with the supervisor so both write the same files.
 */
import type { CheckResult } from './contract.ts';
import type { Broker } from './broker/broker.ts';

const now = () => performance.now();

/** Waits up to `waitMs` for the connection, then checks each line of the setup guide's test. */
export async function connectionChecklist(broker: Broker | null, waitMs = 15_000): Promise<CheckResult[]> {
  const t0 = now();
  if (broker) {
    const end = Date.now() + waitMs;
    // Done when the orders are read back, or the Gateway said they cannot be (read-only: no End ever comes).
    while (Date.now() < end && !((broker.orders.reconciled || broker.orders.unreadable) && broker.account.snapshot()?.summary['NetLiquidation'])) {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const ms = () => Math.round(now() - t0);
  const connected = broker?.session.connected ?? false;
  const snap = broker?.account.snapshot() ?? null;
  const line = (id: string, label: string, ok: boolean, detail: string, hint: string | null): CheckResult => ({
    id,
    label,
    ok,
    detail,
    hint: ok ? null : hint,
    ms: ms(),
  });
  const fmt = (v: string | undefined) =>
    v === undefined ? '—' : new Intl.NumberFormat('en-US', { style: 'currency', currency: snap?.currency ?? 'USD' }).format(Number(v));
  const state = broker?.session.state;
  return [
    line(
      'connection',
      'Connection active',
      connected,
      connected ? `Connected on port ${state?.port} as client ${state?.clientId} (server version ${state?.serverVersion})` : (state?.lastError ?? 'Not connected'),
      'Is the Gateway running and logged in? Check API → Settings → Enable ActiveX and Socket Clients, the port, and that 127.0.0.1 is a trusted IP.',
    ),
    line(
      'balance',
      'Account balance',
      !!snap?.summary['NetLiquidation'],
      snap?.summary['NetLiquidation'] ? `Net liquidation ${fmt(snap.summary['NetLiquidation'])} in ${snap.account}` : 'No account data',
      'The account summary did not arrive: check that the account is funded and the API is not restricted.',
    ),
    line(
      'buying-power',
      'Buying power',
      !!snap?.summary['BuyingPower'],
      snap?.summary['BuyingPower'] ? `Buying power ${fmt(snap.summary['BuyingPower'])}` : 'No buying power figure',
      'Buying power comes with the account summary; wait a moment and run the test again.',
    ),
    line(
      'positions',
      'Open positions',
      snap !== null && !snap.stale,
      snap ? `${snap.positions.length} open position(s)` : 'Positions not loaded',
      'Positions come from the Gateway after login; run the test again in a moment.',
    ),
    apiLine(line, connected, broker),
  ];
}

type Line = (id: string, label: string, ok: boolean, detail: string, hint: string | null) => CheckResult;

/**
 * API access: order entry works only once the Gateway's orders are read back. A read-only Gateway gives the
 * API no order information (IB's docs, as erdewit/ib_insync#8 quotes them: "Information about orders is not
 * available to the API when read-only mode is enabled"), so that is said plainly instead of "still reading".
 */
function apiLine(line: Line, connected: boolean, broker: Broker | null): CheckResult {
  const label = 'API access';
  if (!connected) return line('api', label, false, 'No API session', 'Connect to the Gateway first (see the first line).');
  if (broker?.orders.unreadable === 'read-only') {
    return line(
      'api',
      label,
      false,
      "The Gateway's API is read-only: orders cannot be read or sent",
      'Turn Read-Only API off (in the profile, or in the Gateway: Configure → Settings → API) and restart the Gateway to trade.',
    );
  }
  const reconciled = broker?.orders.reconciled ?? false;
  return line(
    'api',
    label,
    reconciled,
    reconciled ? 'Orders and executions readable; order entry available' : 'Connected, still reading orders',
    'The Gateway has not sent its open orders yet: run the test again in a moment.',
  );
}
