/**
 * The ticket's order-type section for IB's order groups and times in force: what is attached to the order
 * (a bracket's take-profit and stop-loss, or a trailing stop), the trader's own OCA group, the time in force with its GTD date, and the
 * legs the preview lists. Native selects and inputs, so every part is reachable and operable by keyboard.
 */
import type { OrderTicket } from '../../../electron/core/contract.ts';
import { useOrders, useStores } from '../stores/context.tsx';
import { ATTACH_LABELS, describeLegs, OCA_TYPE_LABELS, OCA_TYPES, TIF_LABELS, TIFS, type AttachKind, type OcaType, type Tif } from '../stores/orders-store.ts';
import { TextField } from './ui.tsx';

export function AttachFields() {
  const o = useStores().orders.getState();
  const draft = useOrders((s) => s.draft);
  const errors = useOrders((s) => s.fieldErrors);
  const exit = draft.side === 'BUY' ? 'SELL' : 'BUY';
  return (
    <>
      <div className="field">
        <label htmlFor="ticket-attach">Attached orders</label>
        <select id="ticket-attach" data-testid="ticket-attach" value={draft.attach} onChange={(e) => o.setField('attach', e.target.value as AttachKind)}>
          {(Object.keys(ATTACH_LABELS) as AttachKind[]).map((k) => (
            <option key={k} value={k}>
              {ATTACH_LABELS[k]}
            </option>
          ))}
        </select>
      </div>
      {draft.attach === 'bracket' ? (
        <div className="row2">
          <TextField
            label={`Take-profit (${exit} limit)`}
            unit="$"
            value={draft.takeProfit}
            onChange={(v) => o.setField('takeProfit', v)}
            error={errors.takeProfit}
            inputMode="decimal"
            testId="ticket-takeProfit"
          />
          <TextField
            label={`Stop-loss (${exit} stop)`}
            unit="$"
            value={draft.stopLoss}
            onChange={(v) => o.setField('stopLoss', v)}
            error={errors.stopLoss}
            inputMode="decimal"
            testId="ticket-stopLoss"
          />
        </div>
      ) : null}
      {draft.attach === 'trailing' ? (
        <div className="row2">
          <TextField
            label={`Trailing stop amount (${exit})`}
            unit="$"
            value={draft.attachTrailAmount}
            onChange={(v) => o.setField('attachTrailAmount', v)}
            error={errors.attachTrailAmount}
            inputMode="decimal"
            testId="ticket-attachTrailAmount"
          />
          <TextField
            label={`or trailing percent (${exit})`}
            unit="%"
            value={draft.attachTrailPercent}
            onChange={(v) => o.setField('attachTrailPercent', v)}
            error={errors.attachTrailPercent}
            inputMode="decimal"
            testId="ticket-attachTrailPercent"
          />
        </div>
      ) : null}
      {draft.attach !== 'none' ? (
        <p className="muted small-text">
          Attached orders work only once this order fills and cancel one another (one OCA group); all of it is sent, or refused, as one.
        </p>
      ) : null}
      <OcaFields />
    </>
  );
}

/** The trader's own OCA group; a bracket brings its own group, so the field is off while one is attached. */
function OcaFields() {
  const o = useStores().orders.getState();
  const draft = useOrders((s) => s.draft);
  const errors = useOrders((s) => s.fieldErrors);
  const own = draft.attach === 'none';
  return (
    <>
      <TextField
        label="OCA group"
        value={draft.ocaGroup}
        placeholder="e.g. exit-AAPL"
        onChange={(v) => o.setField('ocaGroup', v)}
        error={own ? errors.ocaGroup : undefined}
        disabled={!own}
        hint={
          own
            ? 'Orders with the same group name cancel (or reduce) one another when one fills.'
            : 'Attached orders already cancel one another in their own group; set nothing attached to use a group of yours.'
        }
        testId="ticket-ocaGroup"
      />
      {own && draft.ocaGroup.trim() ? (
        <div className="field">
          <label htmlFor="ticket-ocaType">When one fills</label>
          <select
            id="ticket-ocaType"
            data-testid="ticket-ocaType"
            value={draft.ocaType}
            onChange={(e) => o.setField('ocaType', Number(e.target.value) as OcaType)}
          >
            {OCA_TYPES.map((t) => (
              <option key={t} value={t}>
                {OCA_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </>
  );
}

export function TifFields() {
  const o = useStores().orders.getState();
  const draft = useOrders((s) => s.draft);
  const errors = useOrders((s) => s.fieldErrors);
  return (
    <>
      <div className="field">
        <label htmlFor="ticket-tif">Time in force</label>
        <select id="ticket-tif" data-testid="ticket-tif" value={draft.tif} onChange={(e) => o.setField('tif', e.target.value as Tif)}>
          {TIFS.map((t) => (
            <option key={t} value={t}>
              {t} — {TIF_LABELS[t]}
            </option>
          ))}
        </select>
      </div>
      {draft.tif === 'GTD' ? (
        <TextField
          label="Good till (your local time)"
          type="datetime-local"
          value={draft.goodTillDate}
          onChange={(v) => o.setField('goodTillDate', v)}
          error={errors.goodTillDate}
          testId="ticket-goodTillDate"
        />
      ) : null}
    </>
  );
}

/** The orders a bracket sends, for the preview: the risk verdict above them is for all of them together. */
export function BracketLegs({ ticket }: { ticket: OrderTicket }) {
  if (!ticket.attached) return null;
  return (
    <div className="bracket-legs" data-testid="preview-legs">
      <h3 className="sub">This sends {describeLegs(ticket).length} orders, checked as one</h3>
      <ol>
        {describeLegs(ticket).map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ol>
    </div>
  );
}
