/**
 * Settings → API port: Gatehouse's port for the trader's own programs, the addresses it accepts besides
 * this machine, and a policy per client id (read-only, allowed symbols, orders per minute, order value).
 * Core validates (electron/core/firewall/settings.ts); its field errors show beside the fields.
 */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ApiClientPolicy, FirewallSettings as Settings } from '../../../electron/core/contract.ts';
import { fieldsFor } from '../lib/errors.ts';
import { useApiClients, useStores } from '../stores/context.tsx';
import { Card, ErrorNote, Progress } from './ui.tsx';

interface PolicyDraft {
  clientId: string;
  readOnly: boolean;
  allowedSymbols: string;
  maxOrdersPerMinute: string;
  maxOrderValue: string;
}

interface Draft {
  port: string;
  trustedAddresses: string;
  policies: PolicyDraft[];
}

const toDraft = (s: Settings): Draft => ({
  port: s.port === null ? '' : String(s.port),
  trustedAddresses: s.trustedAddresses.join(', '),
  policies: s.policies.map((p) => ({
    clientId: String(p.clientId),
    readOnly: p.readOnly,
    allowedSymbols: p.allowedSymbols.join(', '),
    maxOrdersPerMinute: p.maxOrdersPerMinute === null ? '' : String(p.maxOrdersPerMinute),
    maxOrderValue: p.maxOrderValue ?? '',
  })),
});

const list = (text: string) => text.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);
/** Numbers as typed: a non-number goes to core as it is, so core's own message names the field. */
const num = (text: string): number | null => (text.trim() === '' ? null : Number(text.trim()));

function fromDraft(d: Draft): Settings {
  return {
    port: num(d.port),
    trustedAddresses: list(d.trustedAddresses),
    policies: d.policies.map(
      (p): ApiClientPolicy => ({
        clientId: num(p.clientId) ?? Number.NaN,
        readOnly: p.readOnly,
        allowedSymbols: list(p.allowedSymbols),
        maxOrdersPerMinute: num(p.maxOrdersPerMinute),
        maxOrderValue: p.maxOrderValue.trim() === '' ? null : p.maxOrderValue.trim().replace(/,/g, ''),
      }),
    ),
  };
}

const EMPTY_POLICY: PolicyDraft = { clientId: '', readOnly: false, allowedSymbols: '', maxOrdersPerMinute: '', maxOrderValue: '' };

export function FirewallSettings() {
  const store = useStores().apiClients;
  const { settings, settingsError, saving, view } = useApiClients(
    useShallow((s) => ({ settings: s.settings, settingsError: s.settingsError, saving: s.saving, view: s.view })),
  );
  const [draft, setDraft] = useState<Draft | null>(null);
  useEffect(() => {
    void store.getState().loadSettings();
  }, [store]);
  useEffect(() => {
    if (settings) setDraft(toDraft(settings));
  }, [settings]);
  if (!draft) {
    return (
      <Card title="API port for your programs" testId="firewall-settings">
        {settingsError ? <ErrorNote error={settingsError} /> : <p className="muted">Loading…</p>}
      </Card>
    );
  }
  const fields = fieldsFor(settingsError);
  const err = (key: string) => (fields[key] ? <span className="field-error" role="alert">{fields[key]}</span> : null);
  const setPolicy = (i: number, patch: Partial<PolicyDraft>) =>
    setDraft({ ...draft, policies: draft.policies.map((p, j) => (j === i ? { ...p, ...patch } : p)) });
  const dirty = settings ? JSON.stringify(fromDraft(draft)) !== JSON.stringify(settings) : false;

  return (
    <Card
      title="API port for your programs"
      testId="firewall-settings"
      actions={
        <>
          <Progress active={saving} label="Saving…" />
          <button className="primary" disabled={saving || !dirty} onClick={() => void store.getState().saveSettings(fromDraft(draft))}>
            Save API port settings
          </button>
        </>
      }
    >
      <p className="muted">
        Programs connect here instead of the Gateway; every order passes this profile's risk limits. A new port or
        address list reopens the port: connected programs are disconnected and reconnect.
      </p>
      {settingsError && Object.keys(fields).length === 0 ? <ErrorNote error={settingsError} /> : null}
      {settingsError && Object.keys(fields).length > 0 ? <p className="field-error" role="alert">{settingsError.message}</p> : null}
      <div className="form-grid">
        <label htmlFor="fw-port">Port</label>
        <div>
          <input
            id="fw-port"
            inputMode="numeric"
            value={draft.port}
            placeholder={view?.port ? `${view.port} (the Gateway's port + 10)` : "the Gateway's port + 10"}
            aria-invalid={!!fields['port']}
            onChange={(e) => setDraft({ ...draft, port: e.target.value })}
          />
          {err('port')}
        </div>
        <label htmlFor="fw-trusted">Trusted addresses</label>
        <div>
          <input
            id="fw-trusted"
            value={draft.trustedAddresses}
            placeholder="none: this machine only"
            aria-invalid={Object.keys(fields).some((k) => k.startsWith('trustedAddresses'))}
            onChange={(e) => setDraft({ ...draft, trustedAddresses: e.target.value })}
          />
          {Object.entries(fields)
            .filter(([k]) => k.startsWith('trustedAddresses'))
            .map(([k, m]) => (
              <span key={k} className="field-error" role="alert">
                {m}
              </span>
            ))}
        </div>
      </div>
      <table className="table" aria-label="Per-client policies">
        <thead>
          <tr>
            <th>Client id</th>
            <th>Read-only</th>
            <th>Allowed symbols</th>
            <th>Max orders / minute</th>
            <th>Max order value</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {draft.policies.map((p, i) => {
            const f = (k: string) => fields[`policies.${i}.${k}`];
            return (
              <tr key={i} data-testid="policy-row">
                <td>
                  <input aria-label={`Client id, row ${i + 1}`} inputMode="numeric" value={p.clientId} aria-invalid={!!f('clientId')} onChange={(e) => setPolicy(i, { clientId: e.target.value })} />
                  {err(`policies.${i}.clientId`)}
                </td>
                <td>
                  <input type="checkbox" aria-label={`Read-only, row ${i + 1}`} checked={p.readOnly} onChange={(e) => setPolicy(i, { readOnly: e.target.checked })} />
                </td>
                <td>
                  <input aria-label={`Allowed symbols, row ${i + 1}`} value={p.allowedSymbols} placeholder="any the profile allows" aria-invalid={!!f('allowedSymbols')} onChange={(e) => setPolicy(i, { allowedSymbols: e.target.value })} />
                  {err(`policies.${i}.allowedSymbols`)}
                </td>
                <td>
                  <input aria-label={`Max orders per minute, row ${i + 1}`} inputMode="numeric" value={p.maxOrdersPerMinute} placeholder="profile's" aria-invalid={!!f('maxOrdersPerMinute')} onChange={(e) => setPolicy(i, { maxOrdersPerMinute: e.target.value })} />
                  {err(`policies.${i}.maxOrdersPerMinute`)}
                </td>
                <td>
                  <input aria-label={`Max order value, row ${i + 1}`} inputMode="decimal" value={p.maxOrderValue} placeholder="profile's" aria-invalid={!!f('maxOrderValue')} onChange={(e) => setPolicy(i, { maxOrderValue: e.target.value })} />
                  {err(`policies.${i}.maxOrderValue`)}
                </td>
                <td>
                  <button onClick={() => setDraft({ ...draft, policies: draft.policies.filter((_, j) => j !== i) })} aria-label={`Remove policy, row ${i + 1}`}>
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button onClick={() => setDraft({ ...draft, policies: [...draft.policies, { ...EMPTY_POLICY }] })}>Add a client policy</button>
    </Card>
  );
}
