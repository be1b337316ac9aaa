/** The desk hotkeys: one key listener, the `?` help overlay listing every binding, and the ask-first dialog. */
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { HOTKEY_ACTIONS, RESERVED_KEYS } from '../../../electron/core/contract/constants.ts';
import { actionFor, asksFirst, bindingsOf, comboFromEvent } from '../lib/hotkeys.ts';
import { useAppStore, useStores } from '../stores/context.tsx';
import { Dialog } from './ui.tsx';

function isTyping(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/** Keys as they are written on the keyboard: "Shift+B" → Shift + B. */
export function Keys({ combo }: { combo: string }) {
  const parts = combo.split('+').filter(Boolean);
  return (
    <span className="keys">
      {parts.map((k, i) => (
        <span key={`${k}-${i}`}>
          {i > 0 ? '+' : null}
          <kbd>{k}</kbd>
        </span>
      ))}
    </span>
  );
}

export function HotkeyLayer() {
  const stores = useStores();
  const prefs = useAppStore((s) => s.settings?.preferences);
  const helpOpen = useStore(stores.hotkeys, (s) => s.helpOpen);
  const pending = useStore(stores.hotkeys, (s) => s.pending);
  const wizardOpen = useAppStore((s) => s.wizardOpen);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.repeat || isTyping(e.target) || stores.app.getState().wizardOpen) return;
      // A dialog (this one's own, or any other) owns the keyboard until it closes.
      if (document.querySelector('[role="dialog"]')) return;
      const combo = comboFromEvent(e);
      if (!combo) return;
      const h = stores.hotkeys.getState();
      if (combo === '?') {
        e.preventDefault();
        h.setHelp(true);
        return;
      }
      const action = actionFor(bindingsOf(stores.app.getState().settings?.preferences), combo);
      if (!action) return;
      e.preventDefault();
      h.trigger(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [stores]);

  if (wizardOpen) return null;
  const h = stores.hotkeys.getState();
  const bindings = bindingsOf(prefs);
  return (
    <>
      {helpOpen ? (
        <Dialog
          title="Keyboard shortcuts"
          onClose={() => h.setHelp(false)}
          actions={
            <button type="button" className="primary" onClick={() => h.setHelp(false)}>
              Close
            </button>
          }
        >
          <table className="grid hotkey-help" data-testid="hotkey-help">
            <caption className="sr-only">Desk hotkeys</caption>
            <thead>
              <tr>
                <th scope="col">Keys</th>
                <th scope="col">What it does</th>
                <th scope="col">Asks first</th>
              </tr>
            </thead>
            <tbody>
              {HOTKEY_ACTIONS.map((a) => (
                <tr key={a.id} data-testid={`help-${a.id}`}>
                  <td>
                    <Keys combo={bindings[a.id]} />
                  </td>
                  <td>{a.label}</td>
                  <td>{a.destructive ? (asksFirst(prefs, a.id) ? 'yes' : 'no') : '—'}</td>
                </tr>
              ))}
              {RESERVED_KEYS.filter((r) => !['Enter', 'Tab', 'Shift+Tab'].includes(r.key)).map((r) => (
                <tr key={r.key}>
                  <td>
                    <Keys combo={r.key} />
                  </td>
                  <td>{r.use.charAt(0).toUpperCase() + r.use.slice(1)}</td>
                  <td>—</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small-text">Change the desk hotkeys and whether they ask first in Settings → Hotkeys.</p>
        </Dialog>
      ) : null}
      {pending ? (
        <Dialog
          title={pending.title}
          tone="danger"
          onClose={() => h.dismiss()}
          actions={
            <>
              <button type="button" onClick={() => h.dismiss()}>
                Don’t
              </button>
              <button type="button" className="primary primary-danger" onClick={() => void h.confirm()}>
                Yes, {pending.title.replace(/\?$/, '').replace(/^./, (c) => c.toLowerCase())}
              </button>
            </>
          }
        >
          <p data-testid="hotkey-confirm">{pending.text}</p>
        </Dialog>
      ) : null}
    </>
  );
}
