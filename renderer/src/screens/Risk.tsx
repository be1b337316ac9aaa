import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Card, Empty, ErrorNote, Progress, TextField, Toggle } from '../components/ui.tsx';
import { dateTime, money, num, price, toNumber } from '../lib/format.ts';
import { isLive } from '../stores/app-store.ts';
import { useAccount, useAppStore, useRisk, useStores } from '../stores/context.tsx';
import { ORDER_TYPES } from '../stores/orders-store.ts';
import { RISK_LIMITS } from '../../../electron/core/contract/constants.ts';
import type { AuditEntry } from '../../../electron/core/contract.ts';
import { filterAudit, KILL_WORD, type LimitsDraft, type MoneyLimit } from '../stores/risk-store.ts';

/** One input per row of the contract's limits table: its label, unit and hint. */
const LIMIT_FIELDS: readonly { key: MoneyLimit; label: string; unit: string; hint?: string }[] = RISK_LIMITS;

function Bar({ label, used, limit, currency, count, testId }: { label: string; used: number; limit: number | null; currency: string; count?: boolean; testId: string }) {
  const pct = limit && limit > 0 ? Math.min(100, (used / limit) * 100) : 0;
  const tone = pct >= 90 ? 'bad' : pct >= 70 ? 'warn' : 'ok';
  const fmt = (v: number) => (count ? num(v, 0) : money(v, currency, 0));
  return (
    <div className="usage" data-testid={testId}>
      <div className="usage-text">
        <span>{label}:</span>{' '}
        <strong className="num">{fmt(used)}</strong>{' '}
        {limit !== null ? <span className="muted">of {fmt(limit)}</span> : <span className="muted">(no limit)</span>}
      </div>
      {limit !== null ? (
        <div className={`bar bar-${tone}`} role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={limit} aria-valuenow={used}>
          <div className="bar-fill" style={{ width: `${pct}%` }} />
        </div>
      ) : null}
    </div>
  );
}

function Usage() {
  const { risk } = useRisk(useShallow((s) => ({ risk: s.risk })));
  const currency = useAccount((s) => s.snapshot?.currency ?? 'USD');
  if (!risk) return null;
  const l = risk.limits;
  return (
    <Card title="Usage today" testId="risk-usage">
      <Bar label="Daily loss" used={toNumber(risk.usage.dailyLoss) ?? 0} limit={toNumber(l.dailyLossLimit)} currency={currency} testId="usage-daily-loss" />
      <Bar label="Drawdown" used={toNumber(risk.usage.drawdown) ?? 0} limit={toNumber(l.maxDrawdown)} currency={currency} testId="usage-drawdown" />
      <Bar label="Gross exposure" used={toNumber(risk.usage.grossExposure) ?? 0} limit={toNumber(l.maxGrossExposure)} currency={currency} testId="usage-gross" />
      <Bar label="Orders in the last minute" used={risk.usage.ordersLastMinute} limit={l.maxOrdersPerMinute} currency={currency} count testId="usage-rate" />
      <div className="pdt" data-testid="pdt">
        <Bar
          label={`Day trades (last ${l.pdt.windowDays} business days)`}
          used={risk.pdt.dayTrades}
          limit={l.pdt.enabled ? l.pdt.maxDayTrades : null}
          currency={currency}
          count
          testId="usage-pdt"
        />
        {risk.pdt.dayTradesRemainingIb !== null ? (
          <p className="muted small-text">
            {risk.pdt.dayTradesRemainingIb < 0
              ? 'IB sets no day-trade limit on this account.'
              : `IB reports ${risk.pdt.dayTradesRemainingIb} day trades remaining.`}
          </p>
        ) : null}
      </div>
    </Card>
  );
}

function KillSwitch() {
  const r = useStores().risk.getState();
  const { ks, text, reason, busy, error } = useRisk(
    useShallow((s) => ({ ks: s.risk?.killSwitch, text: s.killConfirmText, reason: s.killReason, busy: s.killBusy, error: s.killError })),
  );
  const live = useAppStore(isLive);
  const active = ks?.active ?? false;
  const word = active ? KILL_WORD.reset : KILL_WORD.trip;
  return (
    <Card title="Kill switch" className={`kill ${active ? 'kill-active' : ''}`} testId="kill-switch">
      <p className="kill-state-line" data-testid="kill-state">
        {active ? (
          <>
            <strong className="tone-neg">■ ON</strong> since {dateTime(ks?.since)} — new orders are blocked.
            {ks?.reason ? <> Reason: {ks.reason}</> : null}
          </>
        ) : (
          <>
            <strong className="tone-pos">● OFF</strong> — orders can be sent.
          </>
        )}
      </p>
      {!active ? (
        <TextField label="Reason (optional)" value={reason} onChange={r.setKillReason} placeholder="e.g. stepping away" />
      ) : null}
      {live ? (
        <TextField
          label={`Type ${word} to confirm (live account)`}
          value={text}
          onChange={r.setKillConfirmText}
          error={error ?? undefined}
          testId="kill-confirm"
        />
      ) : error ? (
        <ErrorNote error={error} />
      ) : null}
      <div className="row-actions">
        {active ? (
          <button type="button" className="primary" disabled={busy} onClick={() => void r.setKillSwitch(false)}>
            Turn kill switch off
          </button>
        ) : (
          <button type="button" className="primary primary-danger big" disabled={busy} onClick={() => void r.setKillSwitch(true)}>
            Trip kill switch
          </button>
        )}
        <Progress active={busy} label={active ? 'Resuming…' : 'Blocking orders and cancelling open ones…'} />
      </div>
      <p className="muted small-text">Tripping it blocks new orders and cancels every open order{' '}(and flattens positions if set below).</p>
    </Card>
  );
}

function LimitsForm() {
  const r = useStores().risk.getState();
  const { draft, dirty, fieldErrors, saving, saveError, savedAt, loadError } = useRisk(
    useShallow((s) => ({
      draft: s.draft,
      dirty: s.dirty,
      fieldErrors: s.fieldErrors,
      saving: s.saving,
      saveError: s.saveError,
      savedAt: s.savedAt,
      loadError: s.loadError,
    })),
  );
  if (!draft) {
    return (
      <Card title="Limits">
        {loadError ? <ErrorNote error={loadError} /> : <Empty>Loading limits…</Empty>}
      </Card>
    );
  }
  const set = <K extends keyof LimitsDraft>(k: K) => (v: LimitsDraft[K]) => r.setLimit(k, v);
  return (
    <Card title="Limits" testId="limits">
      <form
        aria-label="Risk limits"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void r.saveLimits();
        }}
      >
        <p className="muted small-text">Leave a field empty for no limit.</p>
        <div className="limits-grid">
          {LIMIT_FIELDS.map((f) => (
            <TextField
              key={f.key}
              label={f.label}
              unit={f.unit}
              value={draft[f.key]}
              onChange={set(f.key)}
              error={fieldErrors[f.key]}
              inputMode="decimal"
              hint={f.hint}
              testId={`limit-${f.key}`}
            />
          ))}
          <TextField
            label="Max orders per minute"
            unit="orders"
            value={draft.maxOrdersPerMinute}
            onChange={set('maxOrdersPerMinute')}
            error={fieldErrors.maxOrdersPerMinute}
            inputMode="numeric"
          />
        </div>
        <div className="limits-grid">
          <TextField
            label="Allowed symbols"
            value={draft.allowedSymbols}
            onChange={set('allowedSymbols')}
            error={fieldErrors.allowedSymbols}
            placeholder="empty = all"
          />
          <TextField label="Blocked symbols" value={draft.blockedSymbols} onChange={set('blockedSymbols')} error={fieldErrors.blockedSymbols} placeholder="e.g. GME, AMC" />
        </div>
        <fieldset className="fieldset">
          <legend>Allowed order types</legend>
          <div className="chips">
            {ORDER_TYPES.map((t) => (
              <label key={t} className="chip">
                <input type="checkbox" checked={draft.allowedOrderTypes.includes(t)} onChange={() => r.toggleOrderType(t)} /> {t}
              </label>
            ))}
          </div>
          {fieldErrors.allowedOrderTypes ? (
            <div className="field-error" role="alert">
              {fieldErrors.allowedOrderTypes}
            </div>
          ) : null}
        </fieldset>
        <fieldset className="fieldset">
          <legend>Pattern day trader rule</legend>
          <Toggle label="Count day trades and block the one that would break the rule" checked={draft['pdt.enabled']} onChange={set('pdt.enabled')} />
          <div className="limits-grid">
            <TextField label="Max day trades" unit="trades" value={draft['pdt.maxDayTrades']} onChange={set('pdt.maxDayTrades')} error={fieldErrors['pdt.maxDayTrades']} inputMode="numeric" />
            <TextField label="Window" unit="business days" value={draft['pdt.windowDays']} onChange={set('pdt.windowDays')} error={fieldErrors['pdt.windowDays']} inputMode="numeric" />
            <TextField
              label="Applies below equity"
              unit="$"
              value={draft['pdt.equityThreshold']}
              onChange={set('pdt.equityThreshold')}
              error={fieldErrors['pdt.equityThreshold']}
              inputMode="decimal"
            />
          </div>
        </fieldset>
        <Toggle label="Flatten all positions when the kill switch trips" checked={draft.flattenOnKill} onChange={set('flattenOnKill')} />
        <ErrorNote error={saveError && Object.keys(fieldErrors).length === 0 ? saveError : null} />
        {saveError && Object.keys(fieldErrors).length > 0 ? (
          <p className="field-error" role="alert">
            {saveError.hint ?? 'Check the highlighted fields and try again.'}
          </p>
        ) : null}
        <div className="row-actions">
          <button type="submit" className="primary" disabled={saving || !dirty}>
            Save limits
          </button>
          <button type="button" disabled={!dirty || saving} onClick={() => r.resetDraft()}>
            Undo changes
          </button>
          <Progress active={saving} label="Saving…" />
          {savedAt && !dirty ? <span className="tone-pos">✓ Saved</span> : null}
        </div>
      </form>
    </Card>
  );
}

/** An audit line's kind in words, as the Kind filter names them. */
const AUDIT_KIND: Record<AuditEntry['kind'], string> = { order: 'Order', 'kill-switch': 'Kill switch', limits: 'Limits' };

function Audit() {
  const r = useStores().risk.getState();
  const { audit, filter, loading } = useRisk(useShallow((s) => ({ audit: s.audit, filter: s.auditFilter, loading: s.auditLoading })));
  const rows = filterAudit(audit, filter);
  return (
    <Card
      title="Audit log"
      testId="audit"
      actions={
        <>
          <Progress active={loading} label="Loading…" />
          <button type="button" onClick={() => void r.loadAudit()}>
            Refresh
          </button>
        </>
      }
    >
      <div className="filters" role="group" aria-label="Audit filter">
        <div className="field">
          <label htmlFor="audit-verdict">Verdict</label>
          <select id="audit-verdict" value={filter.verdict} onChange={(e) => r.setAuditFilter({ verdict: e.target.value as typeof filter.verdict })}>
            <option value="all">All</option>
            <option value="allowed">Allowed</option>
            <option value="refused">Refused</option>
            <option value="info">Info</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-kind">Kind</label>
          <select id="audit-kind" value={filter.kind} onChange={(e) => r.setAuditFilter({ kind: e.target.value as typeof filter.kind })}>
            <option value="all">All</option>
            <option value="order">Orders</option>
            <option value="kill-switch">Kill switch</option>
            <option value="limits">Limits</option>
          </select>
        </div>
        <TextField label="Search" type="search" value={filter.text} onChange={(text) => r.setAuditFilter({ text })} placeholder="symbol or reason" />
      </div>
      {rows.length === 0 ? (
        <Empty>{audit.length === 0 ? 'No decisions recorded yet.' : 'Nothing matches the filter.'}</Empty>
      ) : (
        <div className="table-wrap tall">
          <table className="grid">
            <thead>
              <tr>
                <th>Time</th>
                <th>Kind</th>
                <th>Verdict</th>
                <th>Order</th>
                <th>Reasons</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e, i) => (
                <tr key={`${e.time}-${i}`}>
                  <td className="num">{dateTime(e.time)}</td>
                  <td>{AUDIT_KIND[e.kind]}</td>
                  <td>
                    <span className={`tag tag-${e.verdict}`}>{e.verdict === 'allowed' ? '✓ allowed' : e.verdict === 'refused' ? '✗ refused' : 'info'}</span>
                  </td>
                  <td className="mono">{e.order ? summarizeOrder(e.order) : '—'}</td>
                  <td>{e.reasons.join('; ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function summarizeOrder(o: Record<string, unknown>): string {
  const s = (k: string) => (o[k] === undefined || o[k] === null ? '' : String(o[k]));
  const px = s('limitPrice') || s('stopPrice');
  // Thousands separators as everywhere else: 5,000 shares must not read as 500.
  return [s('side'), s('quantity') && num(s('quantity')), s('symbol'), s('type'), px ? `@ ${price(px)}` : ''].filter(Boolean).join(' ');
}

export function Risk() {
  const store = useStores().risk;
  useEffect(() => {
    void store.getState().load();
    void store.getState().loadAudit();
  }, [store]);
  // The risk figures stream only while this screen is open (core builds them for each delivery).
  useEffect(() => store.getState().watchRisk(), [store]);
  return (
    <div className="screen risk">
      <header className="screen-head">
        <h1>Risk</h1>
      </header>
      <div className="risk-top">
        <KillSwitch />
        <Usage />
      </div>
      <LimitsForm />
      <Audit />
    </div>
  );
}
