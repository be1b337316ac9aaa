/** Settings → Hotkeys: change a binding by pressing it, refuse clashes in words, and the ask-first switches. */
import { useState } from 'react';
import { HOTKEY_ACTIONS, type HotkeyAction } from '../../../electron/core/contract/constants.ts';
import { asksFirst, bindingProblem, bindingsOf, comboFromEvent } from '../lib/hotkeys.ts';
import { useAppStore, useStores } from '../stores/context.tsx';
import { Keys } from './Hotkeys.tsx';
import { Card, Toggle } from './ui.tsx';

export function HotkeySettings() {
  const stores = useStores();
  const prefs = useAppStore((s) => s.settings?.preferences);
  const [recording, setRecording] = useState<HotkeyAction | null>(null);
  const [problem, setProblem] = useState<{ action: HotkeyAction; text: string } | null>(null);
  if (!prefs) return null;
  const bindings = bindingsOf(prefs);
  const hotkeys = { bindings: prefs.hotkeys?.bindings ?? {}, confirm: prefs.hotkeys?.confirm ?? {} };
  const save = (next: typeof hotkeys) => void stores.app.getState().setPreferences({ hotkeys: next });

  return (
    <Card
      title="Hotkeys"
      testId="hotkey-settings"
      actions={
        <button
          type="button"
          onClick={() => {
            setProblem(null);
            save({ bindings: {}, confirm: {} });
          }}
        >
          Reset to defaults
        </button>
      }
    >
      <p className="muted small-text">
        Press <kbd>?</kbd> anywhere outside a text field to see them all. Hotkeys that cancel or send orders ask first unless you turn that off.
      </p>
      {HOTKEY_ACTIONS.map((a) => (
        <div key={a.id} className="hotkey-row" data-testid={`hotkey-${a.id}`}>
          <span id={`hk-${a.id}`}>{a.label}</span>
          {recording === a.id ? (
            <button
              type="button"
              className="primary"
              autoFocus
              aria-describedby={`hk-${a.id}`}
              onBlur={() => setRecording(null)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  setRecording(null);
                  return;
                }
                const combo = comboFromEvent(e.nativeEvent);
                if (!combo) return;
                e.preventDefault();
                e.stopPropagation();
                const why = bindingProblem(a.id, combo, bindings);
                setRecording(null);
                if (why) {
                  setProblem({ action: a.id, text: why });
                  return;
                }
                setProblem(null);
                save({ ...hotkeys, bindings: { ...hotkeys.bindings, [a.id]: combo } });
              }}
            >
              Press the new keys… (Esc to keep {bindings[a.id]})
            </button>
          ) : (
            <>
              <Keys combo={bindings[a.id]} />
              <button
                type="button"
                className="small"
                aria-label={`Change the hotkey for ${a.label}`}
                onClick={() => {
                  setProblem(null);
                  setRecording(a.id);
                }}
              >
                Change
              </button>
            </>
          )}
          {a.destructive ? (
            <Toggle
              label="Ask first"
              checked={asksFirst(prefs, a.id)}
              onChange={(v) => save({ ...hotkeys, confirm: { ...hotkeys.confirm, [a.id]: v } })}
            />
          ) : (
            <span />
          )}
          {problem?.action === a.id ? (
            <div className="row-error hotkey-problem" role="alert">
              {problem.text}
            </div>
          ) : null}
        </div>
      ))}
    </Card>
  );
}
