import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { GatewayState } from '../../../electron/core/contract.ts';
import { Card, Dialog, Empty, ErrorNote, Progress, TextField, Toggle } from '../components/ui.tsx';
import { clock, dateTime, num } from '../lib/format.ts';
import { useAppStore, useGateway, useOrders, useStores } from '../stores/context.tsx';
import { filterLogs, LOG_LEVELS, type LogLevel } from '../stores/gateway-store.ts';

export const STATE_LABEL: Record<GatewayState, string> = {
  stopped: 'Stopped',
  starting: 'Starting',
  'awaiting-login': 'Waiting for login / 2FA',
  'api-ready': 'API ready',
  running: 'Running',
  degraded: 'Degraded',
  restarting: 'Restarting',
  crashed: 'Crashed',
  stopping: 'Stopping',
};

export function Timeline({ limit }: { limit?: number }) {
  const timeline = useGateway((s) => s.timeline);
  const list = limit ? timeline.slice(-limit) : timeline;
  if (list.length === 0) return <Empty>Nothing has happened yet.</Empty>;
  return (
    <ol className="timeline" data-testid="timeline">
      {[...list].reverse().map((e, i) => (
        <li key={`${e.time}-${i}`} className={`tl tl-${e.state}`}>
          <span className="tl-dot" aria-hidden="true" />
          <span className="tl-time num">{clock(e.time)}</span>
          <span className="tl-state">{STATE_LABEL[e.state]}</span>
          <span className="tl-reason">{e.reason}</span>
        </li>
      ))}
    </ol>
  );
}

const NO_ORDERS: readonly never[] = [];

function Controls() {
  const g = useStores().gateway.getState();
  const { busy, actionError, lastAction } = useGateway(
    useShallow((s) => ({ busy: s.busy, actionError: s.actionError, lastAction: s.lastAction })),
  );
  const status = useAppStore((s) => s.status);
  const working = useOrders((s) => s.snapshot?.open ?? NO_ORDERS);
  const [confirmStop, setConfirmStop] = useState(false);
  const running = status ? status.gateway !== 'stopped' && status.gateway !== 'crashed' : false;
  const stop = () => {
    // Working orders stay at IB when the Gateway stops, out of Gatehouse's sight: ask first.
    if (working.length > 0) setConfirmStop(true);
    else void g.run('stop');
  };
  return (
    <Card title="Gateway" testId="gateway-controls">
      <dl className="kv">
        <div>
          <dt>State</dt>
          <dd data-testid="gateway-state">{status ? STATE_LABEL[status.gateway] : '—'}</dd>
        </div>
        <div>
          <dt>Since</dt>
          <dd className="tabular">{status ? dateTime(status.since) : '—'}</dd>
        </div>
        <div>
          <dt>API session</dt>
          <dd>
            {status?.broker.connected
              ? `connected · client ${status.broker.clientId ?? '—'} · server v${status.broker.serverVersion ?? '—'}`
              : 'not connected'}
          </dd>
        </div>
        <div>
          <dt>IB servers</dt>
          <dd data-testid="ib-servers" className={status?.broker.connected && status.broker.ibLink === 'lost' ? 'tone-neg' : ''}>
            {!status?.broker.connected ? 'unknown (no API session)' : status.broker.ibLink === 'lost' ? 'link lost' : 'ok'}
          </dd>
        </div>
        {status?.broker.connected && Object.keys(status.broker.farms).length > 0 ? (
          <div>
            <dt>Data farms</dt>
            <dd>
              {Object.entries(status.broker.farms).map(([name, st]) => (
                <span key={name} className={`tag tag-${st === 'ok' ? 'allowed' : st === 'broken' ? 'refused' : 'info'}`}>
                  {name}: {st}
                </span>
              ))}
            </dd>
          </div>
        ) : null}
      </dl>
      <div className="row-actions">
        <button type="button" className="primary" disabled={!!busy || running} onClick={() => void g.run('start')}>
          Start
        </button>
        <button type="button" className="danger" disabled={!!busy || !running} onClick={stop}>
          Stop
        </button>
        <button type="button" disabled={!!busy} onClick={() => void g.run('restart')}>
          Restart
        </button>
        <Progress active={busy !== null} label={busy === 'stop' ? 'Stopping…' : busy === 'restart' ? 'Restarting…' : 'Starting…'} />
      </div>
      {lastAction ? (
        <p className="result-line" role="status">
          ✓ {lastAction}
        </p>
      ) : null}
      <ErrorNote error={actionError} />
      {confirmStop ? (
        <Dialog
          title={`Stop the Gateway with ${working.length} working order${working.length === 1 ? '' : 's'}?`}
          tone="danger"
          onClose={() => setConfirmStop(false)}
          actions={
            <>
              <button type="button" className="primary" onClick={() => setConfirmStop(false)}>
                Keep it running
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => {
                  setConfirmStop(false);
                  void g.run('stop');
                }}
              >
                Stop the Gateway
              </button>
            </>
          }
        >
          <p>
            These orders stay at IB and can still fill, but Gatehouse cannot see their fills or cancel them until the
            Gateway runs again:
          </p>
          <ul data-testid="stop-working-orders">
            {working.map((o) => (
              <li key={o.orderId}>
                #{o.orderId} {o.side} {num(o.remaining)} {o.symbol} {o.type} — {o.status}
              </li>
            ))}
          </ul>
        </Dialog>
      ) : null}
    </Card>
  );
}

function Logs() {
  const g = useStores().gateway.getState();
  const { logs, level, search, follow } = useGateway(
    useShallow((s) => ({ logs: s.logs, level: s.logLevel, search: s.logSearch, follow: s.follow })),
  );
  // Log lines stream only while this view is open; on opening, the last 2,000 lines are loaded first.
  const gatewayStore = useStores().gateway;
  useEffect(() => gatewayStore.getState().watchLogs(), [gatewayStore]);
  const shown = useMemo(() => filterLogs(logs, level, search), [logs, level, search]);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [shown, follow]);
  return (
    <Card title="Logs" testId="logs">
      <div className="filters" role="group" aria-label="Log filter">
        <div className="field">
          <label htmlFor="log-level">Level</label>
          <select id="log-level" value={level} onChange={(e) => g.setLogLevel(e.target.value as LogLevel)}>
            {LOG_LEVELS.map((l) => (
              <option key={l} value={l}>
                {l} and above
              </option>
            ))}
          </select>
        </div>
        <TextField label="Search logs" type="search" value={search} onChange={g.setLogSearch} placeholder="text" />
        <div className="field field-toggle">
          <Toggle label="Follow" checked={follow} onChange={g.setFollow} />
        </div>
      </div>
      <div className="logbox" ref={box} tabIndex={0} role="log" aria-label="Gateway log">
        {shown.length === 0 ? (
          <div className="muted">No log lines{search ? ' match the search' : ''}.</div>
        ) : (
          shown.map((l) => (
            <div key={l.seq} className={`log log-${l.level}`}>
              <span className="log-time">{clock(l.time)}</span>
              <span className="log-src">{l.source}</span>
              <span className="log-level">{l.level.toUpperCase()}</span>
              <span className="log-text">{l.text}</span>
            </div>
          ))
        )}
      </div>
      <p className="muted small-text">
        {shown.length} of {logs.length} lines · passwords are removed before lines reach this view.
      </p>
    </Card>
  );
}

function Files() {
  const g = useStores().gateway.getState();
  const { files, loading } = useGateway(useShallow((s) => ({ files: s.files, loading: s.filesLoading })));
  const [open, setOpen] = useState<string | null>(null);
  const store = useStores().gateway;
  useEffect(() => {
    void store.getState().loadFiles();
  }, [store]);
  return (
    <Card
      title="Files Gatehouse wrote"
      testId="files"
      actions={
        <>
          <Progress active={loading} label="Loading…" />
          <button type="button" onClick={() => void g.loadFiles()}>
            Reload
          </button>
        </>
      }
    >
      {files.length === 0 ? (
        <Empty>No files written yet — the setup wizard writes jts.ini and the IBC config.</Empty>
      ) : (
        <ul className="files">
          {files.map((f) => (
            <li key={f.path}>
              <button type="button" className="link" aria-expanded={open === f.path} onClick={() => setOpen(open === f.path ? null : f.path)}>
                {open === f.path ? '▾' : '▸'} {f.path}
              </button>
              {open === f.path ? <pre className="code">{f.text}</pre> : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function Gateway() {
  return (
    <div className="screen gateway">
      <header className="screen-head">
        <h1>Gateway</h1>
      </header>
      <div className="two-col">
        <Controls />
        <Card title="Timeline">
          {/* Scrolls once the day has many events: a tab stop, so the keyboard can scroll it too. */}
          <div className="timeline-wrap" tabIndex={0} role="region" aria-label="Gateway timeline">
            <Timeline />
          </div>
        </Card>
      </div>
      <Logs />
      <Files />
    </div>
  );
}
