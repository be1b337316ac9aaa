/** The frame: the always-visible status bar and the left navigation. */
import { useShallow } from 'zustand/react/shallow';
import { useAccount, useAppStore } from '../stores/context.tsx';
import { activeProfile, SCREEN_LABELS, SCREENS, type Screen } from '../stores/app-store.ts';
import { clock, money } from '../lib/format.ts';
import { Signed } from './ui.tsx';

const LEVEL_LABEL = {
  stopped: 'Stopped',
  starting: 'Starting',
  login: 'Waiting for login',
  connected: 'Connected',
  degraded: 'Degraded',
  down: 'Down',
} as const;

export function StatusBar() {
  const { status, info, profile, coreLink } = useAppStore(
    useShallow((s) => ({ status: s.status, info: s.info, profile: activeProfile(s), coreLink: s.coreLink })),
  );
  const account = useAccount((s) => s.snapshot);
  const level = coreLink ? (status?.level ?? 'stopped') : 'down';
  const mode = status?.profile?.mode ?? profile?.mode ?? null;
  const profileName = status?.profile?.name ?? profile?.name ?? null;
  const currency = account?.currency ?? 'USD';
  const stale = (account?.stale ?? false) || (!coreLink && account !== null);
  return (
    <header className="statusbar" aria-label="Status">
      <div className="brand" aria-hidden="true">
        <span className="brand-mark">◆</span> Gatehouse
      </div>
      <span
        className={`pill pill-${level}`}
        data-testid="status-pill"
        data-level={level}
        role="status"
        title={status ? `${LEVEL_LABEL[level]} since ${clock(status.since)}` : undefined}
      >
        <span className="pill-dot" aria-hidden="true" />
        {!coreLink ? 'No connection to Gatehouse core — reconnecting…' : status ? status.message : 'Connecting to core…'}
      </span>
      <div className="sb-group">
        {profileName ? (
          <span className="sb-item" data-testid="sb-profile">
            <span className="sb-label">Profile</span> {profileName}
          </span>
        ) : null}
        {mode ? (
          <span className={`mode-badge mode-${mode}`} data-testid="mode-badge">
            {mode === 'live' ? 'LIVE' : 'PAPER'}
          </span>
        ) : null}
        {(profile ? profile.demo : info?.demo) ? <span className="mode-badge mode-demo">DEMO</span> : null}
        {status?.account || account?.account ? (
          <span className="sb-item" data-testid="sb-account">
            <span className="sb-label">Account</span> {status?.account ?? account?.account}
          </span>
        ) : null}
      </div>
      <div className={`sb-group sb-numbers ${stale ? 'stale' : ''}`}>
        <span className="sb-item">
          <span className="sb-label">Net liq</span>{' '}
          <span className="num" data-testid="sb-net-liq">
            {money(account?.summary.NetLiquidation ?? null, currency)}
          </span>
        </span>
        <span className="sb-item">
          <span className="sb-label">Today</span> <Signed value={account?.pnl.daily ?? null} currency={currency} testId="sb-pnl" />
        </span>
        {stale && account ? <span className="stale-note">as of {clock(account.updatedAt)}</span> : null}
      </div>
      <OrderGate />
      <span className="app-info" data-testid="app-info">
        {info ? `${info.name} ${info.version} · ${info.platform} · ${info.shell}${info.demo ? ' · demo' : ''}` : ''}
      </span>
    </header>
  );
}

/** Whether an order can leave now: core decides (status.orders); an unreachable core blocks everything. */
function OrderGate() {
  const { status, coreLink } = useAppStore(useShallow((s) => ({ status: s.status, coreLink: s.coreLink })));
  const kill = coreLink && !!status?.killSwitch;
  const reason = !coreLink ? 'no connection to Gatehouse core' : !status ? 'waiting for core' : status.orders.enabled ? null : lowerFirst(status.orders.reason ?? 'unknown');
  const enabled = reason === null;
  return (
    <span
      className={`kill-state ${kill ? 'kill-on' : enabled ? 'kill-off' : 'orders-blocked'}`}
      data-testid="sb-kill"
      data-enabled={enabled}
      role="status"
      title={enabled ? 'An order placed now goes to the Gateway after the risk check' : `Orders blocked: ${reason}`}
    >
      {kill ? '■ Kill switch ON — orders blocked' : enabled ? 'Orders enabled' : `Orders blocked: ${reason}`}
    </span>
  );
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

const ICON_PATHS: Record<Screen, string> = {
  dashboard: 'M2 2h5v6H2zM9 2h5v3H9zM9 7h5v7H9zM2 10h5v4H2z',
  orders: 'M2 5h10l-3-3M14 11H4l3 3',
  risk: 'M8 1.5l5.5 2v4.2c0 3.3-2.3 5.7-5.5 6.8-3.2-1.1-5.5-3.5-5.5-6.8V3.5z',
  gateway: 'M8 1.5v6M4.2 4a5.5 5.5 0 1 0 7.6 0',
  diagnostics: 'M1.5 8h3l2-5 3 10 2-5h3',
  'api-clients': 'M2 4h4v3H2zM10 9h4v3h-4zM6 5.5h2.5v5H10',
  settings: 'M8 5.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5zM8 1v2M8 13v2M1 8h2M13 8h2M3 3l1.5 1.5M11.5 11.5L13 13M3 13l1.5-1.5M11.5 4.5L13 3',
};

function Icon({ screen }: { screen: Screen }) {
  return (
    <svg viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round">
      <path d={ICON_PATHS[screen]} />
    </svg>
  );
}

export function Nav() {
  const { screen, wizardOpen, navigate, openTicket } = useAppStore(
    useShallow((s) => ({ screen: s.screen, wizardOpen: s.wizardOpen, navigate: s.navigate, openTicket: s.openTicket })),
  );
  const mac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
  const mod = mac ? '⌘' : 'Ctrl+';
  return (
    <nav className="nav" aria-label="Screens">
      <ul>
        {SCREENS.map((s, i) => (
          <li key={s}>
            <button
              type="button"
              className={`nav-item ${!wizardOpen && screen === s ? 'active' : ''}`}
              aria-current={!wizardOpen && screen === s ? 'page' : undefined}
              aria-keyshortcuts={`${mac ? 'Meta' : 'Control'}+${i + 1}`}
              onClick={() => navigate(s)}
            >
              <span className="nav-icon" aria-hidden="true">
                <Icon screen={s} />
              </span>
              <span className="nav-label">{SCREEN_LABELS[s]}</span>
              <kbd aria-hidden="true">
                {mod}
                {i + 1}
              </kbd>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="nav-new-order" onClick={openTicket} aria-keyshortcuts="N">
        + New order <kbd aria-hidden="true">N</kbd>
      </button>
    </nav>
  );
}

export function Notices() {
  const { notices, dismiss } = useAppStore(useShallow((s) => ({ notices: s.notices, dismiss: s.dismissNotice })));
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.tone}`} role={n.tone === 'bad' ? 'alert' : 'status'}>
          <span>{n.text}</span>
          <button type="button" className="link" onClick={() => dismiss(n.id)} aria-label="Dismiss">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
