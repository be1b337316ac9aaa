/**
 * API clients: the trader's own programs connected to Gatehouse's API port, where every order passes
 * the same risk gate as the orders typed here. One row per program, a disconnect button, and the
 * connection block to paste into a platform's settings.
 */
import { useState } from 'react';
import type { ApiClients as ApiClientsView } from '../../../electron/core/contract.ts';
import { useShallow } from 'zustand/react/shallow';
import { Card, Empty, ErrorNote } from '../components/ui.tsx';
import { clock, dateTime } from '../lib/format.ts';
import { connectionBlock, freeClientId } from '../stores/api-clients-store.ts';
import { useApiClients, useStores } from '../stores/context.tsx';

function ConnectBlock() {
  const view = useApiClients((s) => s.view);
  const [copied, setCopied] = useState(false);
  const block = connectionBlock(view, freeClientId(view));
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(block);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };
  return (
    <Card
      title="Connect a program"
      testId="api-connect"
      actions={
        <button type="button" onClick={() => void copy()} data-testid="api-copy">
          {copied ? 'Copied' : 'Copy'}
        </button>
      }
    >
      <p data-testid="api-port-state">
        {!view || view.port === null
          ? 'No profile is active.'
          : view.listening
            ? `Gatehouse's API port is open on ${view.host}:${view.port}.`
            : (view.problem ?? `The API port ${view.port} opens when the Gateway is running.`)}
      </p>
      <pre className="mono" data-testid="api-block" aria-label="Connection settings">
        {block}
      </pre>
      <p className="muted">
        Point your platform or script here instead of at the Gateway: it works the same way, but every order passes
        Gatehouse's risk limits and kill switch. Give each program its own client id
        {view?.gatehouseClientId !== null && view?.gatehouseClientId !== undefined ? ` (Gatehouse itself uses ${view.gatehouseClientId})` : ''}.
      </p>
      <MasterNote view={view} />
    </Card>
  );
}

/** What Gatehouse's own connection sees of other programs' orders (Master API client id or not). */
function MasterNote({ view }: { view: ApiClientsView | null }) {
  const id = view?.gatehouseClientId;
  if (id === null || id === undefined) return null;
  return view?.masterByIbc ? (
    <p className="muted" data-testid="master-note">
      Gatehouse (client id {id}) is the Gateway's Master API client, set through IBC: it sees every program's orders
      and fills, also those of programs connected to the Gateway directly.
    </p>
  ) : (
    <p className="muted" data-testid="master-note">
      Without IBC, Gatehouse cannot make itself the Gateway's Master API client. Set Configure → Settings → API →
      Settings → "Master API client ID" to {id} in the Gateway, or Gatehouse sees only the orders sent through this
      port: programs connected to the Gateway directly are then outside its risk limits and kill switch (the kill
      switch's global cancel still cancels their orders).
    </p>
  );
}

function ClientsTable() {
  const { view, disconnecting, error } = useApiClients(
    useShallow((s) => ({ view: s.view, disconnecting: s.disconnecting, error: s.error })),
  );
  const store = useStores().apiClients;
  const clients = view?.clients ?? [];
  return (
    <Card title={`Connected programs (${clients.length})`} testId="api-clients">
      {error ? <ErrorNote error={error} /> : null}
      {clients.length === 0 ? (
        <Empty>No program is connected to Gatehouse's API port.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="grid">
            <thead>
              <tr>
                <th>Client id</th>
                <th>Address</th>
                <th>Connected since</th>
                <th>Version</th>
                <th className="num">Sent</th>
                <th className="num">Refused</th>
                <th className="num">Filled</th>
                <th>Last refusal</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {clients.map((c) => (
                <tr key={c.id} data-testid="api-client-row">
                  <td className="num">{c.clientId ?? '—'}</td>
                  <td className="mono">{c.address}</td>
                  <td className="num">{dateTime(c.connectedSince)}</td>
                  <td className="num">{c.serverVersion ?? '—'}</td>
                  <td className="num">{c.ordersSent}</td>
                  <td className="num">{c.ordersRefused}</td>
                  <td className="num">{c.ordersFilled}</td>
                  <td>{c.lastRefusal ? `${clock(c.lastRefusal.time)} · order ${c.lastRefusal.orderId}: ${c.lastRefusal.reason}` : '—'}</td>
                  <td>
                    <button
                      type="button"
                      disabled={disconnecting.includes(c.id)}
                      onClick={() => void store.getState().disconnect(c.id)}
                      aria-label={`Disconnect client ${c.clientId ?? c.id}`}
                    >
                      Disconnect
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

export function ApiClientsScreen() {
  return (
    <div className="screen api-clients">
      <header className="screen-head">
        <h1>API clients</h1>
      </header>
      <ConnectBlock />
      <ClientsTable />
    </div>
  );
}
