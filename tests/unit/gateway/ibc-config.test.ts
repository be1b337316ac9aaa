import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Profile } from '../../../electron/core/contract.ts';
import {
  blankIbcPassword,
  planIbcConfig,
  previewIbcConfig,
  readIbcConfig,
  writeIbcConfig,
} from '../../../electron/core/gateway/ibc-config.ts';
import { editProps, escapePropValue, readProps, unescapeProp } from '../../../electron/core/gateway/properties.ts';
import { profileDefaults } from '../../../electron/core/settings/defaults.ts';
import { tempDir } from '../../support/temp-dir.ts';

const profile = (over: Partial<Profile> = {}): Profile => ({
  id: 'p',
  ...profileDefaults('paper', 'gateway'),
  username: 'demo',
  trustedIps: ['127.0.0.1', '10.0.0.7'],
  ...over,
});

/** A user's own config.ini in IBC's style: comments, their own keys, a continuation line, CRLF. */
const USERS = [
  '# =============================================================================',
  '# 1.   IBC Startup Settings',
  '# =============================================================================',
  '',
  'FIX=no',
  '',
  '# 2.   Authentication Settings',
  'IbLoginId=olduser',
  'IbPassword=oldsecret',
  'TradingMode=live',
  '',
  '! a Properties-style comment',
  'AcceptBidAskLastSizeDisplayUpdateNotification=accept',
  'SaveTwsSettingsAt=Every 1 hours \\',
  '    on the hour',
  'BypassOrderPrecautions=yes',
  'OverrideTwsApiPort = 7000',
  'CommandServerPort=7462',
  '',
].join('\r\n');

describe('Properties escaping', () => {
  it('escapes \\ : = # ! and non-ASCII; never quotes', () => {
    expect(escapePropValue('11:45 PM')).toBe('11\\:45 PM');
    expect(escapePropValue('a=b\\c#!')).toBe('a\\=b\\\\c\\#\\!');
    expect(escapePropValue(' lead')).toBe('\\ lead');
    expect(escapePropValue('Zürich€')).toBe('Z\\u00FCrich\\u20AC');
    expect(escapePropValue('"q"')).toBe('"q"');
  });

  it('round-trips any string through escape/unescape and stays ISO-8859-1 printable (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const e = escapePropValue(s);
        expect(/^[\x20-\x7e]*$/.test(e)).toBe(true);
        expect(unescapeProp(e)).toBe(s);
        expect(readProps(`k=${e}\n`).get('k')).toBe(s);
      }),
    );
  });
});

describe('planIbcConfig', () => {
  it('writes IBC documented keys for a new file, with no credentials outside a launch', () => {
    const text = planIbcConfig(null, profile(), { credentials: 'none', commandServerPort: 7462 });
    const props = readProps(text);
    expect(text.startsWith('# IBC settings written by Gatehouse')).toBe(true);
    expect(Object.fromEntries(props)).toMatchObject({
      IbLoginId: '',
      IbPassword: '',
      TradingMode: 'paper',
      FIX: 'no',
      OverrideTwsApiPort: '4002',
      // Gatehouse's own client id is the Gateway's Master API client id (sees every API client's orders).
      OverrideTwsMasterClientID: String(profile().clientId),
      ReadOnlyApi: 'no',
      AcceptIncomingConnectionAction: 'reject',
      TrustedTwsApiClientIPs: '10.0.0.7',
      // Never take the user's own TWS / IBKR Mobile session silently: IB's dialog asks (scenario 1).
      ExistingSessionDetectedAction: 'manual',
      AutoRestartTime: '11:45 PM',
      ReloginAfterSecondFactorAuthenticationTimeout: 'yes',
      SecondFactorAuthenticationTimeout: '180',
      CommandServerPort: '7462',
    });
    expect(text).toContain('AutoRestartTime=11\\:45 PM');
    expect(text).not.toMatch(/="/);
  });

  it("writes the user's existing-session choice and the weekly cold restart (IBC's Sunday HH:mm)", () => {
    const props = readProps(planIbcConfig(null, { ...profile(), existingSessionAction: 'secondary', coldRestartTime: '07:30' }, { credentials: 'none', commandServerPort: 0 }));
    expect(props.get('ExistingSessionDetectedAction')).toBe('secondary');
    expect(props.get('ColdRestartTime')).toBe('07:30');
    expect(readProps(planIbcConfig(null, profile(), { credentials: 'none', commandServerPort: 0 })).get('ColdRestartTime')).toBe('');
  });

  it('updates a user file losslessly: their keys, comments, continuation and CRLF stay', () => {
    const after = planIbcConfig(USERS, profile(), { credentials: 'none', commandServerPort: 7462 });
    for (const keep of ['# 1.   IBC Startup Settings', '! a Properties-style comment', 'BypassOrderPrecautions=yes', 'SaveTwsSettingsAt=Every 1 hours \\\r\n    on the hour']) {
      expect(after).toContain(keep);
    }
    expect(after).toContain('OverrideTwsApiPort = 4002\r\n');
    expect(after).toContain('IbPassword=\r\n');
    expect(after).not.toContain('oldsecret');
    expect(/[^\r]\n/.test(after)).toBe(false);
    const before = USERS.split('\r\n');
    const same = after.split('\r\n').slice(0, before.length).filter((l, i) => l === before[i]);
    expect(same.length).toBeGreaterThan(before.length - 6);
    expect(readProps(after).get('SaveTwsSettingsAt')).toBe('Every 1 hours on the hour');
  });

  it('writes the password only in file mode, and the preview hides it', () => {
    const text = planIbcConfig(null, profile(), { credentials: 'file', password: 'p@ss:w=rd', commandServerPort: 0 });
    expect(readProps(text).get('IbPassword')).toBe('p@ss:w=rd');
    expect(readProps(text).get('IbLoginId')).toBe('demo');
    const preview = previewIbcConfig(USERS, profile(), { credentials: 'file', password: 'p@ss:w=rd', commandServerPort: 0 });
    expect(preview).not.toContain('p@ss');
    expect(preview).not.toContain('oldsecret');
    // No password stored: IBC fills the username and the user types the password in the Gateway's window.
    const noPassword = readProps(planIbcConfig(null, profile(), { credentials: 'file', password: null, commandServerPort: 0 }));
    expect([noPassword.get('IbLoginId'), noPassword.get('IbPassword')]).toEqual(['demo', '']);
  });

  it('is idempotent', () => {
    const opts = { credentials: 'none' as const, commandServerPort: 7462 };
    const once = planIbcConfig(USERS, profile(), opts);
    expect(planIbcConfig(once, profile(), opts)).toBe(once);
  });

  it('editProps changes the last occurrence and removes keys', () => {
    expect(editProps('a=1\na=2\nb=3\n', { a: 'x', b: null })).toBe('a=1\na=x\n');
  });
});

describe('writing config.ini', () => {
  it('writes 0600, backs up with the old password blanked, and blanks the password after login', () => {
    const dir = tempDir('gh-ibc-');
    const file = path.join(dir, 'config.ini');
    writeFileSync(file, USERS);
    const text = planIbcConfig(USERS, profile(), { credentials: 'file', password: 'topsecret', commandServerPort: 0 });
    const { backup } = writeIbcConfig(file, text, () => 0);
    expect(backup).not.toBeNull();
    expect(readFileSync(backup!, 'utf8')).not.toContain('oldsecret');
    expect(readFileSync(backup!, 'utf8')).toContain('BypassOrderPrecautions=yes');
    if (process.platform !== 'win32') {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(backup!).mode & 0o777).toBe(0o600);
    }
    expect(readIbcConfig(file).get('IbPassword')).toBe('topsecret');
    expect(blankIbcPassword(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toContain('topsecret');
    expect(readIbcConfig(file).get('BypassOrderPrecautions')).toBe('yes');
    expect(blankIbcPassword(file)).toBe(false);
  });

  it('relaunching does not pile up backups of the config.ini Gatehouse itself wrote (only a foreign file is backed up)', () => {
    const file = path.join(tempDir('gh-ibc-'), 'config.ini');
    const opts = { credentials: 'file' as const, password: 'pw1', commandServerPort: 7462 };
    expect(writeIbcConfig(file, planIbcConfig(USERS, profile(), opts), () => 0).backup).toBeNull();
    for (let i = 1; i <= 3; i++) {
      const before = readFileSync(file, 'latin1');
      expect(writeIbcConfig(file, planIbcConfig(before, profile(), { ...opts, commandServerPort: 7462 + i }), () => i).backup).toBeNull();
    }
    expect(readdirSync(path.dirname(file))).toEqual(['config.ini']);
  });
});
