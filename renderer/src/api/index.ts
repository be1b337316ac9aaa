/**
 * Picks the transport once at startup: the preload's object inside Electron, the WebSocket bridge in a
 * browser (the token comes from the URL that `npm run start:web` printed).
 */
import type { GatehouseApi } from '../../../electron/core/contract.ts';
import { createWebTransport, type LinkState } from './web-transport.ts';

declare global {
  interface Window {
    gatehouse?: GatehouseApi;
  }
}

export class MissingBridgeError extends Error {}

export function resolveApi(win: Window = window, onLink?: (state: LinkState) => void): GatehouseApi {
  if (win.gatehouse) return win.gatehouse;
  const token = new URLSearchParams(win.location.search).get('token');
  if (!token) {
    throw new MissingBridgeError(
      'This page needs the address printed by `npm run start:web` (it carries an access token).',
    );
  }
  const wsUrl = `${win.location.protocol === 'https:' ? 'wss' : 'ws'}://${win.location.host}/bridge?token=${encodeURIComponent(token)}`;
  return createWebTransport(wsUrl, onLink);
}
