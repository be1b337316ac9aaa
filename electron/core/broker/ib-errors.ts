/**
 * IB's numeric codes in a trader's words. The table follows IB's API error-code reference and the
 * Troubleshooting section of the setup guide (port, API enabled, trusted IP, 2FA).
 */
import type { AppErrorShape } from '../contract.ts';

export type Notice =
  | { kind: 'link'; state: 'lost' | 'restored-data-lost' | 'restored' }
  | { kind: 'farm'; farm: string; state: 'ok' | 'broken' | 'inactive' }
  | { kind: 'port-changed'; port: number | null }
  | { kind: 'info' }
  | { kind: 'error' };

const FARM_CODES: Record<number, 'ok' | 'broken' | 'inactive'> = {
  2103: 'broken',
  2104: 'ok',
  2105: 'broken',
  2106: 'ok',
  2107: 'inactive',
  2108: 'inactive',
  2157: 'broken',
  2158: 'ok',
  2159: 'inactive',
};

/** Classifies a Gateway notice: connection health is not an error and must not be shown as one. */
export function classifyNotice(code: number, message: string): Notice {
  if (code === 1100 || code === 2110) return { kind: 'link', state: 'lost' };
  if (code === 1101) return { kind: 'link', state: 'restored-data-lost' };
  if (code === 1102) return { kind: 'link', state: 'restored' };
  if (code === 1300) {
    // "TWS socket port has been reset and this connection is being dropped. Please reconnect on the new port - 4002"
    const m = /(\d{2,5})\s*$/.exec(message.trim());
    return { kind: 'port-changed', port: m ? Number(m[1]) : null };
  }
  const farmState = FARM_CODES[code];
  if (farmState) {
    // "Market data farm connection is OK:usfarm" → farm "usfarm"; HMDS/sec-def named likewise.
    const name = message.split(':').pop()?.trim() || `farm-${code}`;
    return { kind: 'farm', farm: name.replace(/\.$/, ''), state: farmState };
  }
  if (code >= 2100 && code < 2200) return { kind: 'info' };
  return { kind: 'error' };
}

const HINTS: Record<number, { message?: string; hint: string }> = {
  103: { message: 'Duplicate order id', hint: 'Gatehouse will take a fresh order id; try again.' },
  104: { hint: 'A filled order cannot be modified.' },
  110: { hint: 'Round the price to the instrument’s minimum tick (e.g. 0.01 for US stocks).' },
  135: { hint: 'The order is no longer known to the Gateway; refresh open orders.' },
  161: { hint: 'The order is already being cancelled or is done.' },
  200: {
    message: 'No security definition found',
    hint: 'Check the symbol, security type and currency; US stocks use the plain ticker (AAPL, not AAPL.US).',
  },
  201: { hint: 'Read the reason above; buying power, permissions or a precaution setting may block it.' },
  202: { message: 'Order cancelled', hint: '' },
  321: {
    hint: 'The API is read-only. In the Gateway: Configure → Settings → API → uncheck “Read-Only API”, or turn off read-only in the profile.',
  },
  326: { hint: 'Another program uses this client id; Gatehouse tries the next id.' },
  354: { hint: 'No live market data subscription: delayed data is used where available.' },
  502: {
    message: "Couldn't connect to the Gateway",
    hint: 'Is the Gateway running and logged in? API → Settings → Enable ActiveX and Socket Clients, check the port and that 127.0.0.1 is a trusted IP.',
  },
  504: { message: 'Not connected', hint: 'Wait for the connection to come back, or restart the Gateway.' },
  10141: {
    hint: 'Accept the paper-trading disclaimer in the Gateway window once; the API is refused until then.',
  },
  10147: { hint: 'The order to cancel was not found; it may already be filled or cancelled.' },
  10148: { hint: 'The order cannot be cancelled in its current state.' },
  10167: { hint: 'Showing delayed market data: no real-time subscription for this instrument.' },
};

export function ibError(code: number, text: string): AppErrorShape {
  const known = HINTS[code];
  const shape: AppErrorShape = {
    code: 'IB_ERROR',
    message: text ? `${known?.message && !text.includes(known.message) ? known.message + ': ' : ''}${text}` : (known?.message ?? `IB error ${code}`),
    ibCode: code,
  };
  if (known?.hint) shape.hint = known.hint;
  return shape;
}
