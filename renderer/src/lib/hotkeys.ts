/**
 * Desk hotkeys as text ("Shift+B", "Ctrl+Alt+K"): read from a key event, merged with the defaults of the
 * HOTKEY_ACTIONS table, and checked for clashes before a new binding is kept.
 */
import { HOTKEY_ACTIONS, RESERVED_KEYS, type HotkeyAction } from '../../../electron/core/contract/constants.ts';
import type { Preferences } from '../../../electron/core/contract.ts';

export type Bindings = Record<HotkeyAction, string>;

const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock', 'Fn']);

/**
 * A key event as a binding. Ctrl and Cmd are one modifier (as the screen shortcuts treat them). Letters
 * and digits come from the physical key, so Alt+B stays "Alt+B" where the OS would type a symbol; other
 * printable keys are the character itself, whose Shift is already in it ("?", not "Shift+/").
 */
export function comboFromEvent(e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): string | null {
  if (MODIFIER_KEYS.has(e.key)) return null;
  const letter = /^Key([A-Z])$/.exec(e.code ?? '')?.[1] ?? /^Digit(\d)$/.exec(e.code ?? '')?.[1];
  const single = e.key.length === 1;
  let key: string;
  let shiftInKey = false;
  if (letter) key = letter;
  else if (single && /[a-z0-9]/i.test(e.key)) key = e.key.toUpperCase();
  else if (single) {
    key = e.key === ' ' ? 'Space' : e.key;
    shiftInKey = true;
  } else key = e.key;
  const parts: string[] = [];
  if (e.ctrlKey || e.metaKey) parts.push('Ctrl');
  if (e.altKey) parts.push('Alt');
  if (e.shiftKey && !shiftInKey) parts.push('Shift');
  parts.push(key);
  return parts.join('+');
}

export function bindingsOf(prefs: Preferences | undefined): Bindings {
  const saved = prefs?.hotkeys?.bindings ?? {};
  return Object.fromEntries(HOTKEY_ACTIONS.map((a) => [a.id, saved[a.id] ?? a.default])) as Bindings;
}

/** Whether a hotkey asks before it acts: on for every destructive one unless turned off. */
export function asksFirst(prefs: Preferences | undefined, action: HotkeyAction): boolean {
  const row = HOTKEY_ACTIONS.find((a) => a.id === action);
  if (!row?.destructive) return false;
  return prefs?.hotkeys?.confirm?.[action] ?? true;
}

export function actionFor(bindings: Bindings, combo: string): HotkeyAction | null {
  for (const a of HOTKEY_ACTIONS) if (bindings[a.id] === combo) return a.id;
  return null;
}

export const labelOf = (action: HotkeyAction): string => HOTKEY_ACTIONS.find((a) => a.id === action)?.label ?? action;

/** Why a binding cannot be used for `action`, in words, or null when it can. */
export function bindingProblem(action: HotkeyAction, combo: string, bindings: Bindings): string | null {
  const reserved = RESERVED_KEYS.find((r) => r.key === combo);
  if (reserved) return `${combo} is already Gatehouse's key for ${reserved.use}. Choose another combination.`;
  const other = HOTKEY_ACTIONS.find((a) => a.id !== action && bindings[a.id] === combo);
  if (other) return `${combo} is already the hotkey for “${other.label}”. Change that one first, or choose another combination.`;
  if (/^(Shift\+)?[A-Z0-9]$/.test(combo) && combo !== 'N') {
    // A bare letter fires while reading the screen; a destructive one must not be one keystroke away by accident.
    const row = HOTKEY_ACTIONS.find((a) => a.id === action);
    if (row?.destructive && !combo.startsWith('Shift+')) return `A hotkey that cancels or sends orders needs a modifier (Shift, Ctrl or Alt) with ${combo}.`;
  }
  return null;
}
