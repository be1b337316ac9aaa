import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Preferences } from '../../../electron/core/contract.ts';
import { FirewallSettings } from '../components/FirewallSettings.tsx';
import { HotkeySettings } from '../components/HotkeySettings.tsx';
import { Card, Dialog, Empty, ErrorNote, Progress, Toggle } from '../components/ui.tsx';
import { useAppStore, useStores } from '../stores/context.tsx';

const NOTIFY: { key: keyof Preferences['notifications']; label: string }[] = [
  { key: 'disconnect', label: 'Gateway disconnected' },
  { key: 'reconnect', label: 'Gateway reconnected' },
  { key: 'fills', label: 'Order filled' },
  { key: 'rejections', label: 'Order rejected' },
  { key: 'risk', label: 'Risk limit reached / kill switch' },
];

export function Settings() {
  const stores = useStores();
  const a = stores.app.getState();
  const [confirmDelete, setConfirmDelete] = useState<{ id: string; name: string } | null>(null);
  const { settings, settingsError, busy, exportJson } = useAppStore(
    useShallow((s) => ({ settings: s.settings, settingsError: s.settingsError, busy: s.busy, exportJson: s.exportJson })),
  );
  if (!settings) {
    return (
      <div className="screen settings">
        <header className="screen-head">
          <h1>Settings</h1>
        </header>
        {settingsError ? <ErrorNote error={settingsError} /> : <Progress active label="Loading settings…" />}
      </div>
    );
  }
  const prefs = settings.preferences;
  const download = () => {
    if (!exportJson) return;
    const url = URL.createObjectURL(new Blob([exportJson], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'gatehouse-settings.json';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <div className="screen settings">
      <header className="screen-head">
        <h1>Settings</h1>
      </header>
      {settings.recoveredFrom ? (
        <div className="alert alert-warn" role="alert">
          The settings file could not be read and was moved to {settings.recoveredFrom}. Gatehouse started from defaults.
        </div>
      ) : null}
      <div className="two-col">
        <Card
          title="Profiles"
          testId="profiles"
          actions={
            <button
              type="button"
              onClick={() => {
                a.openWizard();
              }}
            >
              Reopen setup wizard
            </button>
          }
        >
          {settings.profiles.length === 0 ? (
            <Empty>No profiles yet — the setup wizard creates one.</Empty>
          ) : (
            <ul className="profiles">
              {settings.profiles.map((p) => {
                const active = p.id === settings.activeProfileId;
                return (
                  <li key={p.id} className={active ? 'active' : ''} data-testid={`profile-${p.id}`}>
                    <div>
                      <strong>{p.name}</strong>{' '}
                      <span className={`mode-badge mode-${p.mode}`}>{p.mode === 'live' ? 'LIVE' : 'PAPER'}</span>
                      {p.demo ? <span className="mode-badge mode-demo">DEMO</span> : null}
                      {active ? <span className="tag tag-allowed">active</span> : null}
                      <div className="muted small-text">
                        {p.account || 'no account yet'} · port {p.apiPort} · client {p.clientId}
                        {p.installPath ? ` · ${p.installPath}` : ''}
                      </div>
                      <Toggle
                        label="Start the Gateway when Gatehouse starts"
                        // Absent: on for demo, off for a real account (core's startsOnLaunch).
                        checked={p.startOnLaunch ?? p.demo}
                        disabled={busy.profile === p.id}
                        onChange={(on) => void a.setStartOnLaunch(p.id, on)}
                      />
                    </div>
                    <div className="row-actions">
                      <Progress active={busy.profile === p.id} label="Working…" />
                      {!active ? (
                        <button type="button" className="small" onClick={() => void a.switchProfile(p.id)} aria-label={`Switch to ${p.name}`}>
                          Switch
                        </button>
                      ) : null}
                      <button
                        type="button"
                        className="small danger"
                        onClick={() => setConfirmDelete({ id: p.id, name: p.name })}
                        aria-label={`Delete ${p.name}`}
                      >
                        Delete
                      </button>
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
          <p className="muted small-text">Passwords: {settings.secretsBackend.description}</p>
          {confirmDelete ? (
            <Dialog
              title={`Delete profile “${confirmDelete.name}”?`}
              tone="danger"
              onClose={() => setConfirmDelete(null)}
              actions={
                <>
                  <button type="button" onClick={() => setConfirmDelete(null)}>
                    Keep it
                  </button>
                  <button
                    type="button"
                    className="primary primary-danger"
                    onClick={() => {
                      void a.deleteProfile(confirmDelete.id);
                      setConfirmDelete(null);
                    }}
                  >
                    Delete profile
                  </button>
                </>
              }
            >
              <p>Its settings and its saved password are removed. The Gateway files it wrote stay on disk.</p>
            </Dialog>
          ) : null}
        </Card>
        <Card title="Appearance and behaviour">
          <fieldset className="fieldset">
            <legend>Theme</legend>
            <div className="segmented" role="radiogroup" aria-label="Theme">
              {(['dark', 'light'] as const).map((t) => (
                <label key={t} className={prefs.theme === t ? 'active' : ''}>
                  <input type="radio" name="theme" value={t} checked={prefs.theme === t} onChange={() => void a.setPreferences({ theme: t })} />
                  {t === 'dark' ? 'Dark' : 'Light'}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="field">
            <label htmlFor="quit-behaviour">When I quit Gatehouse</label>
            <select
              id="quit-behaviour"
              value={prefs.quitStopsGateway}
              onChange={(e) => void a.setPreferences({ quitStopsGateway: e.target.value as Preferences['quitStopsGateway'] })}
            >
              <option value="ask">Ask whether to stop the Gateway</option>
              <option value="always">Always stop the Gateway</option>
              <option value="never">Keep the Gateway running</option>
            </select>
          </div>
          <Toggle label="Start Gatehouse when I log in" checked={prefs.startAtLogin} onChange={(v) => void a.setPreferences({ startAtLogin: v })} />
          <fieldset className="fieldset">
            <legend>Notifications</legend>
            {NOTIFY.map((n) => (
              <Toggle
                key={n.key}
                label={n.label}
                checked={prefs.notifications[n.key]}
                onChange={(v) => void a.setPreferences({ notifications: { ...prefs.notifications, [n.key]: v } })}
              />
            ))}
          </fieldset>
        </Card>
      </div>
      <HotkeySettings />
      <FirewallSettings />
      <Card
        title="Export"
        actions={
          <>
            <Progress active={busy.export} label="Exporting…" />
            <button type="button" onClick={() => void a.exportSettings()}>
              Export settings
            </button>
          </>
        }
      >
        {exportJson ? (
          <>
            <div className="row-actions">
              <button type="button" className="primary" onClick={download}>
                Download JSON
              </button>
              <button type="button" onClick={() => a.clearExport()}>
                Close
              </button>
            </div>
            <pre className="code" data-testid="export-json">
              {exportJson}
            </pre>
          </>
        ) : (
          <p className="muted">Everything but passwords, as JSON — for backup or support.</p>
        )}
      </Card>
      <ImportCard />
    </div>
  );
}

function ImportCard() {
  const a = useStores().app.getState();
  const busy = useAppStore((s) => s.busy.export);
  const [text, setText] = useState('');
  return (
    <Card title="Import">
      <label htmlFor="import-json">Paste a Gatehouse export (profiles and preferences; passwords are never in it)</label>
      <textarea
        id="import-json"
        className="code"
        rows={6}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder='{"app": "gatehouse", …}'
      />
      <div className="row-actions">
        <button
          type="button"
          disabled={busy || text.trim() === ''}
          onClick={() => void a.importSettings(text).then((ok) => ok && setText(''))}
        >
          Import settings
        </button>
      </div>
    </Card>
  );
}
