import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { FileChange } from '../../../electron/core/contract.ts';
import { Card, Checklist, Empty, ErrorNote, Progress, TextField, Toggle } from '../components/ui.tsx';
import { diffStats, lineDiff } from '../lib/diff.ts';
import { activeProfile } from '../stores/app-store.ts';
import { useAppStore, useStores, useWizard } from '../stores/context.tsx';
import { DEMO_STEPS, stepsFor, WIZARD_LABELS, WIZARD_STEPS, type WizardForm, type WizardStep } from '../stores/wizard-store.ts';
import { STATE_LABEL, Timeline } from './Gateway.tsx';

const IBKR_DOWNLOAD = 'https://www.interactivebrokers.com/en/trading/ibgateway-stable.php';
const IBC_DOWNLOAD = 'https://github.com/IbcAlpha/IBC/releases';

/** Only the steps of the chosen path, so the rail and "Step n of m" always count the same list. */
function Rail() {
  const w = useStores().wizard.getState();
  const { step, demo } = useWizard(useShallow((s) => ({ step: s.step, demo: s.demo })));
  const steps = stepsFor(demo);
  const current = steps.indexOf(step);
  return (
    <nav className="rail" aria-label="Setup steps">
      <ol>
        {steps.map((s, i) => {
          const done = i < current;
          return (
            <li key={s} className={`${s === step ? 'current' : ''} ${done ? 'done' : ''}`}>
              <button type="button" disabled={i > current} aria-current={s === step ? 'step' : undefined} onClick={() => void w.goto(s)}>
                <span className="rail-num" aria-hidden="true">
                  {done ? '✓' : i + 1}
                </span>
                <span>{WIZARD_LABELS[s]}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/** What is running behind the wizard right now, in one sentence; null when nothing is. */
function RunningNow() {
  const { status, profile } = useAppStore(useShallow((s) => ({ status: s.status, profile: activeProfile(s) })));
  if (!profile || !status || status.level === 'stopped') return null;
  return (
    <div className="alert alert-info" role="status" data-testid="running-now">
      <div>
        <strong>
          {profile.demo ? 'Demo mode is running now' : `Profile “${profile.name}” is running now`}: {status.message}.
        </strong>{' '}
        {profile.demo
          ? 'It is a simulated Gateway with a paper account — nothing touches IBKR. Keep exploring it, or connect your own account below.'
          : 'Setting up another account below leaves it running until you switch.'}
      </div>
    </div>
  );
}

function Welcome() {
  const w = useStores().wizard.getState();
  const { mode, demo, busy } = useWizard(useShallow((s) => ({ mode: s.mode, demo: s.demo, busy: s.busy })));
  const demoRunning = useAppStore((s) => (activeProfile(s)?.demo ?? false) && !!s.status && s.status.level !== 'stopped');
  return (
    <>
      <h1>Welcome to Gatehouse</h1>
      <p className="lead">
        Gatehouse keeps your Interactive Brokers IB Gateway running, logs it in, and gives you balances, orders and a
        risk engine in one window.
      </p>
      <RunningNow />
      <button type="button" className="demo-choice" onClick={() => void w.useDemo()} disabled={busy !== null}>
        <span className="demo-icon" aria-hidden="true">
          ▶
        </span>
        <span>
          <strong>{demoRunning ? 'Continue with demo mode' : 'Try demo mode (no IB account)'}</strong>
          <span className="choice-sub">
            {DEMO_STEPS.length} steps, under a minute. A simulated Gateway with a paper account, prices and fills — nothing
            touches IBKR. You can set up your real account later from Settings.
          </span>
        </span>
      </button>
      <h2 className="sub">
        Or connect your IBKR account ({WIZARD_STEPS.length} steps, about five minutes)
      </h2>
      <div className="choices" role="radiogroup" aria-label="Trading mode">
        <label className={`choice ${mode === 'paper' && !demo ? 'active' : ''}`}>
          <input type="radio" name="mode" checked={mode === 'paper' && !demo} onChange={() => w.chooseMode('paper')} />
          <span>
            <strong>
              Paper trading <span className="tag tag-allowed">recommended first</span>
            </strong>
            <span className="choice-sub">
              IBKR’s simulated account with your real login: real market data, fake money. Port 4002. Start here and move
              to live once everything works.
            </span>
          </span>
        </label>
        <label className={`choice ${mode === 'live' && !demo ? 'active live' : ''}`}>
          <input type="radio" name="mode" checked={mode === 'live' && !demo} onChange={() => w.chooseMode('live')} />
          <span>
            <strong>Live trading</strong>
            <span className="choice-sub">
              Real money. Gatehouse shows a red frame around the window, asks before large orders, and the kill switch
              needs typing to confirm. Port 4001.
            </span>
          </span>
        </label>
      </div>
    </>
  );
}

function Install() {
  const w = useStores().wizard.getState();
  const { discovery, discovering, discoverError, extraPath, installPath } = useWizard(
    useShallow((s) => ({
      discovery: s.discovery,
      discovering: s.discovering,
      discoverError: s.discoverError,
      extraPath: s.extraPath,
      installPath: s.installPath,
    })),
  );
  const installs = discovery?.installs ?? [];
  return (
    <>
      <h1>Find IB Gateway</h1>
      <p className="lead">Gatehouse looks in the standard install folders. Pick the one to run — the newest is usually right.</p>
      <Progress active={discovering} label="Looking for installs…" />
      <ErrorNote error={discoverError} />
      {discovery && !installs.some((i) => i.valid) ? (
        <div className="alert alert-warn" role="status">
          <div>
            <strong>{installs.length === 0 ? 'No IB Gateway found.' : 'No usable IB Gateway found.'}</strong>
            <ol className="steps-list">
              <li>
                Download the <em>offline</em> (standalone) IB Gateway from IBKR: <span className="mono">{IBKR_DOWNLOAD}</span>
              </li>
              <li>Install it with the default options (it goes to ~/Jts/ibgateway or C:\Jts\ibgateway).</li>
              <li>Come back and press “Search again”, or type its folder below.</li>
            </ol>
          </div>
        </div>
      ) : null}
      {installs.length > 0 ? (
        <div className="choices" role="radiogroup" aria-label="Installs">
          {installs.map((c) => (
            <label key={c.path} className={`choice ${installPath === c.path ? 'active' : ''} ${c.valid ? '' : 'invalid'}`}>
              <input
                type="radio"
                name="install"
                checked={installPath === c.path}
                disabled={!c.valid}
                onChange={() => w.selectInstall(c.path)}
              />
              <span>
                <strong>
                  {c.product === 'gateway' ? 'IB Gateway' : 'TWS'} {c.version}{' '}
                  {c.valid ? <span className="tag tag-allowed">✓ valid</span> : <span className="tag tag-refused">✗ problem</span>}
                  {c.valid && !c.standalone ? <span className="tag tag-info">auto-updating — IBC works best with the offline installer</span> : null}
                </strong>
                <span className="choice-sub mono">{c.path}</span>
                {c.problem ? <span className="choice-sub tone-neg">{c.problem}</span> : null}
              </span>
            </label>
          ))}
        </div>
      ) : null}
      <div className="inline-form">
        <TextField
          label="Installed somewhere else? Folder path"
          value={extraPath}
          onChange={w.setExtraPath}
          onEnter={() => void w.discover()}
          placeholder="/opt/ibgateway/1030"
          className="grow"
        />
        <button type="button" onClick={() => void w.discover()} disabled={discovering}>
          {extraPath.trim() ? 'Check this folder' : 'Search again'}
        </button>
      </div>
      {discovery ? <p className="muted small-text">Settings folder (jts.ini): <span className="mono">{discovery.settingsPath}</span></p> : null}
    </>
  );
}

function Ibc() {
  const w = useStores().wizard.getState();
  const { discovery, ibcPath, ibcChoice } = useWizard(
    useShallow((s) => ({ discovery: s.discovery, ibcPath: s.ibcPath, ibcChoice: s.ibcChoice })),
  );
  const list = discovery?.ibc ?? [];
  return (
    <>
      <h1>Auto-login with IBC</h1>
      <p className="lead">
        IBC types your username and password into the Gateway, answers its dialogs and restarts it daily — so the Gateway
        stays up without you. You still approve two-factor on your phone.
      </p>
      <div className="choices" role="radiogroup" aria-label="Login method">
        {list.map((c) => (
          <label key={c.path} className={`choice ${ibcChoice === 'ibc' && ibcPath === c.path ? 'active' : ''}`}>
            <input type="radio" name="ibc" checked={ibcChoice === 'ibc' && ibcPath === c.path} disabled={!c.valid} onChange={() => w.selectIbc(c.path)} />
            <span>
              <strong>
                IBC {c.version ?? ''} {c.valid ? <span className="tag tag-allowed">✓ found</span> : <span className="tag tag-refused">✗ incomplete</span>}
              </strong>
              <span className="choice-sub mono">{c.path}</span>
            </span>
          </label>
        ))}
        <label className={`choice ${ibcChoice === 'manual' ? 'active' : ''}`}>
          <input type="radio" name="ibc" checked={ibcChoice === 'manual'} onChange={() => w.selectIbc(null)} />
          <span>
            <strong>Skip, I’ll log in by hand</strong>
            <span className="choice-sub">Gatehouse starts the Gateway; you type the login in its window each time.</span>
          </span>
        </label>
      </div>
      {list.length === 0 ? (
        <p className="muted">
          No IBC found. To use auto-login, unzip IBC from <span className="mono">{IBC_DOWNLOAD}</span> to ~/ibc (or
          C:\IBC) and come back to this step.
        </p>
      ) : null}
    </>
  );
}

function Credentials() {
  const w = useStores().wizard.getState();
  const { form, fieldErrors, envText, envResult, ibcChoice, mode } = useWizard(
    useShallow((s) => ({
      form: s.form,
      fieldErrors: s.fieldErrors,
      envText: s.envText,
      envResult: s.envResult,
      ibcChoice: s.ibcChoice,
      mode: s.mode,
    })),
  );
  const secrets = useAppStore((s) => s.settings?.secretsBackend ?? null);
  return (
    <>
      <h1>Credentials and account</h1>
      <p className="lead">
        {ibcChoice === 'ibc'
          ? 'IBC needs your IBKR username and password to log in for you.'
          : 'The account number lets Gatehouse check it is talking to the right account.'}
      </p>
      <form
        className="form-grid"
        noValidate
        aria-label="Profile"
        onSubmit={(e) => {
          e.preventDefault();
          void w.next();
        }}
      >
        <TextField label="Profile name" value={form.name} onChange={(v) => w.setField('name', v)} error={fieldErrors.name} />
        <TextField
          label="IBKR username"
          value={form.username}
          onChange={(v) => w.setField('username', v)}
          error={fieldErrors.username}
          autoComplete="username"
        />
        <TextField
          label="Password"
          type="password"
          value={form.password}
          onChange={(v) => w.setField('password', v)}
          error={fieldErrors.password}
          autoComplete="current-password"
          hint={
            secrets && !secrets.persistent
              ? `${secrets.description} Never written to the settings file.`
              : `Kept in ${secrets?.description ?? 'the system keychain'} — never in the settings file.`
          }
        />
        <TextField
          label="Account number"
          value={form.account}
          onChange={(v) => w.setField('account', v)}
          error={fieldErrors.account}
          placeholder={mode === 'paper' ? 'DU1234567' : 'U1234567'}
          hint={mode === 'paper' ? 'Paper accounts start with DU.' : 'Live accounts start with U.'}
        />
        <button type="submit" hidden tabIndex={-1}>
          Save
        </button>
      </form>
      <details className="env-import">
        <summary>Import from IBKR_* variables / .env</summary>
        <div className="field">
          <label htmlFor="env-text">Paste IBKR_* lines or a .env file</label>
          <textarea
            id="env-text"
            rows={5}
            value={envText}
            spellCheck={false}
            onChange={(e) => w.setEnvText(e.target.value)}
            placeholder={'IBKR_USERNAME=jdoe\nIBKR_ACCOUNT=DU1234567\nIBKR_TRADING_MODE=paper'}
            aria-invalid={fieldErrors.env ? true : undefined}
          />
          {fieldErrors.env ? (
            <div className="field-error" role="alert">
              {fieldErrors.env}
            </div>
          ) : null}
        </div>
        <button type="button" onClick={() => void w.importEnv()}>
          Import
        </button>
        {envResult ? (
          <div className="alert alert-info" role="status">
            <div>
              Filled in what the variables had.
              {envResult.hasPassword ? ' A password was found: type it above so it goes to the keychain.' : ''}
              {envResult.warnings.length > 0 ? (
                <ul>
                  {envResult.warnings.map((x) => (
                    <li key={x}>{x}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          </div>
        ) : null}
      </details>
    </>
  );
}

/** IBC's ExistingSessionDetectedAction values in plain words (ExistingSessionDetectedDialogHandler.java). */
const EXISTING_SESSION_CHOICES: ReadonlyArray<{ value: WizardForm['existingSessionAction']; label: string }> = [
  { value: 'manual', label: 'Ask me (IB’s dialog in the Gateway window)' },
  { value: 'secondary', label: 'Give way: keep my other session, stop this Gateway' },
  { value: 'primary', label: 'Take over: log my other session out' },
  { value: 'primaryoverride', label: 'Take over at login, give way to a later login elsewhere' },
];

function ApiSettings() {
  const w = useStores().wizard.getState();
  const { form, fieldErrors, mode, product, ibc } = useWizard(
    useShallow((s) => ({ form: s.form, fieldErrors: s.fieldErrors, mode: s.mode, product: s.product, ibc: s.ibcChoice === 'ibc' })),
  );
  return (
    <>
      <h1>API settings</h1>
      <p className="lead">
        These go into the Gateway’s jts.ini (and IBC’s config). The defaults are what IBKR’s setup guide recommends for{' '}
        {mode === 'live' ? 'live' : 'paper'} {product === 'tws' ? 'TWS' : 'IB Gateway'}.
      </p>
      <div className="form-grid">
        <TextField
          label="API port"
          value={form.apiPort}
          onChange={(v) => w.setField('apiPort', v)}
          error={fieldErrors.apiPort}
          inputMode="numeric"
          hint={`${mode === 'live' ? 'Live' : 'Paper'} Gateway uses ${mode === 'live' ? 4001 : 4002} by default.`}
        />
        <TextField
          label="Client id"
          value={form.clientId}
          onChange={(v) => w.setField('clientId', v)}
          error={fieldErrors.clientId}
          inputMode="numeric"
          hint="Each program talking to the Gateway needs its own id."
        />
        <TextField
          label="Trusted IPs"
          value={form.trustedIps}
          onChange={(v) => w.setField('trustedIps', v)}
          error={fieldErrors.trustedIps}
          hint="Comma-separated. 127.0.0.1 is enough when everything runs on this computer."
        />
        <div className="field field-toggle">
          <Toggle
            label="Read-only API"
            hint="Blocks all orders through the API — good for a monitoring-only setup."
            checked={form.readOnlyApi}
            onChange={(v) => w.setField('readOnlyApi', v)}
          />
        </div>
        {ibc ? (
          <>
            <div className="field">
              <label htmlFor="existing-session">When already logged in elsewhere</label>
              <select
                id="existing-session"
                value={form.existingSessionAction}
                onChange={(e) => w.setField('existingSessionAction', e.target.value as WizardForm['existingSessionAction'])}
              >
                {EXISTING_SESSION_CHOICES.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
              <div className="field-hint">Your own TWS, IBKR Mobile or the Client Portal with the same username. One session at a time.</div>
            </div>
            <TextField
              label="Weekly full login (Sunday, 24-hour time)"
              value={form.coldRestartTime}
              onChange={(v) => w.setField('coldRestartTime', v)}
              error={fieldErrors.coldRestartTime}
              placeholder="e.g. 09:00"
              hint="IB asks for a full login with 2FA once a week. Pick a Sunday time you are awake; Gatehouse reminds you a day and an hour before. Empty: IB's reset decides."
            />
          </>
        ) : null}
        <TextField
          label="Java heap (MB)"
          value={form.javaHeapMb}
          onChange={(v) => w.setField('javaHeapMb', v)}
          error={fieldErrors.javaHeapMb}
          placeholder="Gateway default (768)"
          hint="The Gateway's memory (-Xmx in ibgateway.vmoptions, edited with a backup). Raise it if the Gateway slows down with many market data lines; empty keeps its own."
        />
      </div>
      {!ibc ? (
        <p className="field-hint" data-testid="needs-ibc">
          Without IBC, Gatehouse cannot set the API port or the read-only switch: the Gateway keeps them in its own
          encrypted settings. Set them to match in IB Gateway under Configure → Settings → API → Settings.
        </p>
      ) : null}
    </>
  );
}

function FileDiff({ change }: { change: FileChange }) {
  const lines = useMemo(() => lineDiff(change.before, change.after), [change]);
  const stats = diffStats(lines);
  return (
    <Card
      title={
        <>
          <span className="mono">{change.path}</span> <span className="tag tag-info">{change.kind}</span>
        </>
      }
      actions={
        <span className="diff-stats">
          {change.before === null ? <span className="tag tag-info">new file</span> : null}
          <span className="tone-pos">+{stats.added}</span> <span className="tone-neg">−{stats.removed}</span>
        </span>
      }
      className="diff-card"
    >
      {/* A long file scrolls inside its box and has nothing to focus: a tab stop, so the keyboard can scroll it. */}
      <div className="diff" role="table" aria-label={`Changes to ${change.path}`} data-testid="diff" tabIndex={0}>
        {lines.map((l, i) => (
          <div key={i} className={`diff-line diff-${l.kind}`} role="row">
            <span className="diff-no" role="cell">
              {l.oldNo ?? ''}
            </span>
            <span className="diff-no" role="cell">
              {l.newNo ?? ''}
            </span>
            <span className="diff-sign" role="cell" aria-label={l.kind === 'add' ? 'added' : l.kind === 'del' ? 'removed' : 'unchanged'}>
              {l.kind === 'add' ? '+' : l.kind === 'del' ? '−' : ' '}
            </span>
            <span className="diff-text" role="cell">
              {l.text || ' '}
            </span>
          </div>
        ))}
      </div>
    </Card>
  );
}

function Files() {
  const { files, written } = useWizard(useShallow((s) => ({ files: s.files, written: s.written })));
  return (
    <>
      <h1>Review the changes</h1>
      <p className="lead">
        Exactly what Gatehouse will write. Unknown settings, comments and order are kept; a backup of each file is made
        first. Press “Write files” to apply.
      </p>
      {written ? (
        <div className="alert alert-ok" role="status">
          Written: {written.map((x) => `${x.path}${x.backup ? ` (backup ${x.backup})` : ''}`).join(', ')}
        </div>
      ) : null}
      {files === null ? null : files.length === 0 ? <Empty>Nothing to change — the files already match.</Empty> : files.map((f) => <FileDiff key={f.path} change={f} />)}
    </>
  );
}

const PHASES = [
  { key: 'starting', label: 'Starting the Gateway' },
  { key: 'login', label: 'Waiting for login / two-factor' },
  { key: 'api', label: 'API ready' },
  { key: 'connected', label: 'Connected to the account' },
] as const;

function Start() {
  const w = useStores().wizard.getState();
  const status = useAppStore((s) => s.status);
  const startRequested = useWizard((s) => s.startRequested);
  const g = status?.gateway ?? 'stopped';
  const reached =
    status?.level === 'connected'
      ? 4
      : g === 'api-ready' || g === 'running'
        ? 3
        : g === 'awaiting-login'
          ? 2
          : g === 'starting' || g === 'restarting'
            ? 1
            : 0;
  const down = status?.level === 'down' || g === 'crashed';
  return (
    <>
      <h1>Start the Gateway</h1>
      <p className="lead">
        {status?.level === 'login'
          ? 'Approve the login on your phone (IBKR Mobile) if it asks — the Gateway waits for two-factor.'
          : 'Gatehouse starts the Gateway and connects to it. This usually takes under a minute.'}
      </p>
      <ol className="phases" data-testid="start-phases">
        {PHASES.map((p, i) => {
          const state = i < reached ? 'done' : i === reached && startRequested && !down ? 'active' : 'todo';
          return (
            <li key={p.key} className={`phase phase-${state}`}>
              <span className="phase-mark" aria-hidden="true">
                {state === 'done' ? '✓' : state === 'active' ? <span className="spinner" /> : i + 1}
              </span>
              <span>{p.label}</span>
              <span className="sr-only">{state === 'done' ? 'done' : state === 'active' ? 'in progress' : 'waiting'}</span>
            </li>
          );
        })}
      </ol>
      <p className="status-line" role="status" data-testid="start-status">
        {status ? `${STATE_LABEL[status.gateway]} — ${status.message}` : 'Waiting for status…'}
      </p>
      {down || (!startRequested && status?.level !== 'connected') ? (
        <button type="button" className="primary" onClick={() => void w.startGateway()}>
          {down ? 'Try starting again' : 'Start the Gateway'}
        </button>
      ) : null}
      <Card title="What happened">
        <Timeline limit={12} />
      </Card>
    </>
  );
}

function Test() {
  const w = useStores().wizard.getState();
  const checks = useWizard((s) => s.checks);
  const failed = checks?.filter((c) => !c.ok).length ?? 0;
  return (
    <>
      <h1>Connection test</h1>
      <p className="lead">The checklist from IBKR’s setup guide, run against your Gateway.</p>
      {checks ? (
        <>
          <div className={`alert ${failed === 0 ? 'alert-ok' : 'alert-warn'}`} role="status">
            {failed === 0 ? '✓ Everything works.' : `${failed} check${failed > 1 ? 's' : ''} failed — see the fix under each.`}
          </div>
          <Checklist checks={checks} testId="wizard-checks" />
        </>
      ) : null}
      <button type="button" onClick={() => void w.runTest()}>
        Run the test again
      </button>
    </>
  );
}

function Finish() {
  const demo = useWizard((s) => s.demo);
  return (
    <>
      <h1>You’re set</h1>
      <p className="lead">
        {demo
          ? 'Demo mode is running on a simulated Gateway. Explore orders, risk limits and the kill switch freely.'
          : 'The Gateway is supervised from now on: Gatehouse restarts it if it crashes and keeps the connection alive.'}
      </p>
      <ul className="tips">
        <li>
          <kbd>N</kbd> opens the order ticket from anywhere; <kbd>Ctrl</kbd>+<kbd>1</kbd>…<kbd>6</kbd> switch screens.
        </li>
        <li>Set your risk limits on the Risk screen before the first trade.</li>
        <li>You can rerun this wizard from Settings.</li>
      </ul>
    </>
  );
}

/** Fields each step shows, so their server errors appear next to them rather than in a banner. */
const STEP_FIELDS: Partial<Record<WizardStep, string[]>> = {
  credentials: ['name', 'username', 'account', 'password'],
  api: ['apiPort', 'clientId', 'trustedIps', 'readOnlyApi'],
};

const BODY: Record<WizardStep, () => React.JSX.Element> = {
  welcome: Welcome,
  install: Install,
  ibc: Ibc,
  credentials: Credentials,
  api: ApiSettings,
  files: Files,
  start: Start,
  test: Test,
  finish: Finish,
};

export function Wizard() {
  const w = useStores().wizard.getState();
  const { step, demo, busy, stepError, blocker } = useWizard(
    useShallow((s) => ({ step: s.step, demo: s.demo, busy: s.busy, stepError: s.stepError, blocker: s.blocker })),
  );
  const { wizardDone, closeWizard } = useAppStore(
    useShallow((s) => ({ wizardDone: s.settings?.preferences.wizardDone ?? false, closeWizard: s.closeWizard })),
  );
  const connected = useAppStore((s) => s.status?.level === 'connected');
  const steps = stepsFor(demo);
  const index = steps.indexOf(step);
  const Body = BODY[step];
  const nextLabel =
    step === 'finish'
      ? 'Go to the dashboard'
      : step === 'files'
        ? 'Write files'
        : step === 'credentials'
          ? 'Save and continue'
          : 'Next';
  return (
    <div className="wizard" data-testid="wizard" data-step={step}>
      <Rail />
      <section className="wizard-body" aria-labelledby="wizard-step-title">
        <div className="wizard-step-count" id="wizard-step-title">
          Step {index + 1} of {steps.length} · {WIZARD_LABELS[step]}
          {wizardDone ? (
            <button type="button" className="link wizard-close" onClick={closeWizard}>
              Close wizard
            </button>
          ) : null}
        </div>
        {/* Scrolls on a short window, and a step may hold no control to scroll it with: a tab stop of its own. */}
        <div className="wizard-content" tabIndex={0} role="region" aria-labelledby="wizard-step-title">
          <Body />
        </div>
        {stepError && stepError.fields && Object.keys(stepError.fields).every((k) => (STEP_FIELDS[step] ?? []).includes(k.replace(/^profile\./, ''))) ? (
          <div className="field-error" role="alert">
            {stepError.hint ?? 'Check the highlighted fields and try again.'}
          </div>
        ) : (
          <ErrorNote error={stepError} />
        )}
        {blocker ? (
          <div className="field-error" role="alert">
            {blocker}
          </div>
        ) : null}
        <footer className="wizard-nav">
          <button type="button" onClick={() => void w.back()} disabled={index <= 0 || busy !== null}>
            Back
          </button>
          <Progress active={busy !== null} label={busy ?? ''} />
          <span className="grow" />
          <button
            type="button"
            className="primary"
            onClick={() => void w.next()}
            disabled={busy !== null || (step === 'start' && !connected)}
          >
            {nextLabel}
          </button>
        </footer>
      </section>
    </div>
  );
}
