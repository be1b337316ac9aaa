import { describe, expect, it } from 'vitest';
import { Preferences } from '../../../electron/core/contract/schemas.ts';
import { DEFAULT_PREFERENCES } from '../../../electron/core/settings/defaults.ts';

describe('desk preferences in the settings schema', () => {
  it('keeps hotkey bindings, their ask-first switches and column widths', () => {
    const prefs = {
      ...DEFAULT_PREFERENCES,
      hotkeys: { bindings: { buyAsk: 'Ctrl+Shift+B' }, confirm: { cancelAll: false } },
      columnWidths: { 'open-orders': { symbol: 140 } },
    };
    expect(Preferences.parse(prefs)).toEqual(prefs);
  });

  it('refuses an unknown hotkey action and an absurd width', () => {
    expect(Preferences.safeParse({ ...DEFAULT_PREFERENCES, hotkeys: { bindings: { launchRocket: 'R' }, confirm: {} } }).success).toBe(false);
    expect(Preferences.safeParse({ ...DEFAULT_PREFERENCES, columnWidths: { t: { c: 5 } } }).success).toBe(false);
  });

  it('settings written before these fields existed still load', () => {
    expect(Preferences.safeParse(DEFAULT_PREFERENCES).success).toBe(true);
  });
});
