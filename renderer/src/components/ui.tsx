/** Small building blocks: fields with their errors, signed numbers, delayed progress, dialogs, checklists. */
import { useEffect, useId, useRef, useState, type ReactNode, type Ref } from 'react';
import type { CheckResult } from '../../../electron/core/contract.ts';
import type { UiError } from '../lib/errors.ts';
import { duration, signedMoney, type Tone } from '../lib/format.ts';

/** True once `active` has been true for `ms`: progress only for things that are actually slow. */
export function useDelayed(active: boolean, ms = 300): boolean {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!active) {
      setShown(false);
      return;
    }
    const t = setTimeout(() => setShown(true), ms);
    return () => clearTimeout(t);
  }, [active, ms]);
  return active && shown;
}

export function Spinner() {
  return <span className="spinner" aria-hidden="true" />;
}

/** Shows a spinner and a label when `active` lasts more than 300 ms. */
export function Progress({ active, label }: { active: boolean; label: string }) {
  const shown = useDelayed(active);
  if (!shown) return null;
  return (
    <span className="progress" role="status" aria-live="polite">
      <Spinner /> {label}
    </span>
  );
}

export function ErrorNote({ error, title }: { error: UiError | string | null | undefined; title?: string }) {
  if (!error) return null;
  const message = typeof error === 'string' ? error : error.message;
  const hint = typeof error === 'string' ? undefined : error.hint;
  return (
    <div className="alert alert-bad" role="alert">
      <span className="alert-icon" aria-hidden="true">
        !
      </span>
      <div>
        {title ? <strong>{title} </strong> : null}
        <span>{message}</span>
        {hint ? <div className="alert-hint">{hint}</div> : null}
      </div>
    </div>
  );
}

interface FieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  hint?: ReactNode;
  type?: 'text' | 'password' | 'number' | 'search' | 'datetime-local';
  inputMode?: 'decimal' | 'numeric' | 'text';
  placeholder?: string;
  unit?: string;
  testId?: string;
  autoComplete?: string;
  onBlur?(): void;
  onEnter?(): void;
  inputRef?: Ref<HTMLInputElement>;
  className?: string;
  disabled?: boolean;
}

/** A labelled input with its error right under it (role=alert) and tied to it for screen readers. */
export function TextField(p: FieldProps) {
  const id = useId();
  const errId = `${id}-err`;
  const hintId = `${id}-hint`;
  const described = [p.error ? errId : null, p.hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${p.error ? 'field-invalid' : ''} ${p.className ?? ''}`}>
      <label htmlFor={id}>{p.label}</label>
      <div className="input-wrap">
        <input
          id={id}
          ref={p.inputRef}
          type={p.type === 'number' ? 'text' : (p.type ?? 'text')}
          inputMode={p.inputMode}
          value={p.value}
          placeholder={p.placeholder}
          autoComplete={p.autoComplete ?? 'off'}
          spellCheck={false}
          disabled={p.disabled}
          aria-invalid={p.error ? true : undefined}
          aria-describedby={described}
          data-testid={p.testId}
          onChange={(e) => p.onChange(e.target.value)}
          onBlur={p.onBlur}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && p.onEnter) {
              e.preventDefault();
              p.onEnter();
            }
          }}
        />
        {p.unit ? <span className="unit">{p.unit}</span> : null}
      </div>
      {p.hint ? (
        <div className="field-hint" id={hintId}>
          {p.hint}
        </div>
      ) : null}
      {p.error ? (
        <div className="field-error" id={errId} role="alert">
          {p.error}
        </div>
      ) : null}
    </div>
  );
}

export function Toggle({
  label,
  checked,
  onChange,
  hint,
  disabled,
}: {
  label: string;
  checked: boolean;
  onChange(v: boolean): void;
  hint?: string;
  disabled?: boolean;
}) {
  return (
    <label className="toggle">
      <input type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      <span className="toggle-track" aria-hidden="true" />
      <span>
        {label}
        {hint ? <span className="toggle-hint">{hint}</span> : null}
      </span>
    </label>
  );
}

/** A signed amount: sign always shown, colour as a second signal. */
export function Signed({
  value,
  currency,
  testId,
  text,
  tone,
  neutral,
}: {
  value?: string | number | null;
  currency?: string;
  testId?: string;
  text?: string;
  tone?: Tone;
  /** Signed but not good/bad (a margin change): no colour. */
  neutral?: boolean;
}) {
  const f = text !== undefined && tone !== undefined ? { text, tone } : signedMoney(value ?? null, currency);
  return (
    <span className={`num ${neutral ? '' : `tone-${f.tone}`}`} data-testid={testId} data-tone={f.tone}>
      {f.text}
    </span>
  );
}

/**
 * A term with its explanation, shown on hover and on keyboard focus (a `title` alone never reaches the
 * keyboard or a screen reader). The explanation is the element's accessible description.
 */
export function Term({ label, help }: { label: string; help: string }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  return (
    <span
      className="term"
      tabIndex={0}
      aria-describedby={id}
      data-open={open || undefined}
      onFocus={() => setOpen(true)}
      onBlur={() => setOpen(false)}
      onMouseEnter={() => setOpen(true)}
      onMouseLeave={() => setOpen(false)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setOpen(false);
      }}
    >
      {label}
      <span role="tooltip" id={id} className="term-tip">
        {help}
      </span>
    </span>
  );
}

export function Card({
  title,
  actions,
  children,
  className,
  testId,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <section className={`card ${className ?? ''}`} data-testid={testId} aria-label={typeof title === 'string' ? title : undefined}>
      {title || actions ? (
        <header className="card-head">
          {title ? <h2>{title}</h2> : <span />}
          {actions ? <div className="card-actions">{actions}</div> : null}
        </header>
      ) : null}
      {children}
    </section>
  );
}

export function Mark({ ok }: { ok: boolean }) {
  return (
    <span className={`mark ${ok ? 'mark-ok' : 'mark-bad'}`} aria-label={ok ? 'passed' : 'failed'} role="img">
      {ok ? '✓' : '✗'}
    </span>
  );
}

export function Checklist({ checks, testId }: { checks: CheckResult[]; testId?: string }) {
  return (
    <ul className="checklist" data-testid={testId}>
      {checks.map((c) => (
        <li key={c.id} className={c.ok ? 'ok' : 'bad'} data-testid={`check-${c.id}`}>
          <Mark ok={c.ok} />
          <div className="check-body">
            <div className="check-label">
              {c.label}
              <span className="check-ms">{duration(c.ms)}</span>
            </div>
            <div className="check-detail">{c.detail}</div>
            {!c.ok && c.hint ? <div className="check-hint">Fix: {c.hint}</div> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** A modal dialog that takes focus, closes on Escape and gives it back. */
export function Dialog({
  title,
  children,
  onClose,
  actions,
  tone,
}: {
  title: string;
  children: ReactNode;
  onClose(): void;
  actions: ReactNode;
  tone?: 'danger';
}) {
  const ref = useRef<HTMLDivElement>(null);
  const id = useId();
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>('input, button.primary, button');
    first?.focus();
    return () => before?.focus?.();
  }, []);
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        className={`dialog ${tone === 'danger' ? 'dialog-danger' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={id}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          } else if (e.key === 'Tab' && ref.current) {
            // Keep focus inside the dialog.
            const items = [...ref.current.querySelectorAll<HTMLElement>('button, input, select, textarea, [tabindex]')].filter(
              (el) => !el.hasAttribute('disabled'),
            );
            const first = items[0];
            const last = items[items.length - 1];
            if (first && last) {
              if (e.shiftKey && document.activeElement === first) {
                e.preventDefault();
                last.focus();
              } else if (!e.shiftKey && document.activeElement === last) {
                e.preventDefault();
                first.focus();
              }
            }
          }
        }}
      >
        <h2 id={id}>{title}</h2>
        <div className="dialog-body">{children}</div>
        <div className="dialog-actions">{actions}</div>
      </div>
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}
