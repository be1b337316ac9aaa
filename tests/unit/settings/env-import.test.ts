import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importEnv, parseEnvText } from '../../../electron/core/settings/env-import.ts';

describe('importEnv', () => {
  it('reads the setup guide variables', () => {
    const r = importEnv(
      [
        '# IBKR setup guide',
        'IBKR_USERNAME=jdoe',
        'IBKR_PASSWORD=hunter2',
        'IBKR_ACCOUNT=u7654321',
        'IBKR_TRADING_MODE=live',
        'IBKR_PORT=4001',
        'IBKR_CLIENT_ID=7',
        'IBKR_HOST=127.0.0.1',
        'IBKR_GATEWAY_PATH=/home/j/Jts/ibgateway/1030',
      ].join('\r\n'),
    );
    expect(r.profile).toEqual({
      username: 'jdoe', account: 'U7654321', mode: 'live', apiPort: 4001, clientId: 7,
      installPath: '/home/j/Jts/ibgateway/1030', product: 'gateway',
    });
    expect(r.warnings).toEqual([]);
    expect(r.password).toBe('hunter2');
  });

  it('accepts aliases and shell forms, warns on unknown keys without echoing the password', () => {
    const r = importEnv(
      'export TWS_USERID=abc\nset TWS_PASSWORD=pa55\n$env:IBKR_API_PORT="4002"\nTRADING_MODE=paper\nMYSTERY=1\nnot a line\nIBKR_TRUSTED_IPS=10.0.0.1,10.0.0.2\n',
    );
    expect(r.profile).toMatchObject({ username: 'abc', apiPort: 4002, mode: 'paper', trustedIps: ['10.0.0.1', '10.0.0.2'] });
    expect(r.hasPassword).toBe(true);
    expect(r.warnings.some((w) => w.includes('MYSTERY'))).toBe(true);
    expect(r.warnings.some((w) => w.includes('line'))).toBe(true);
    expect(JSON.stringify(r.warnings)).not.toContain('pa55');
  });

  it('warns about mismatched mode and account, bad ports, remote hosts', () => {
    const r = importEnv('IBKR_ACCOUNT=DU1\nIBKR_TRADING_MODE=live\nIBKR_PORT=99999\nIBKR_HOST=192.168.1.9');
    expect(r.warnings.join('\n')).toMatch(/paper account/);
    expect(r.warnings.join('\n')).toMatch(/not a port/);
    expect(r.profile.trustedIps).toContain('192.168.1.9');
  });

  it('never lets the password value appear anywhere but .password (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 6, maxLength: 20 }).filter((s) => /^[A-Za-z0-9!@%^&*]+$/.test(s)), (pw) => {
        const r = importEnv(`IBKR_USERNAME=x\nIBKR_PASSWORD=${pw}\nIBKR_BOGUS=1\nIBKR_TRADING_MODE=nope`);
        expect(r.password).toBe(pw);
        expect(JSON.stringify({ p: r.profile, w: r.warnings })).not.toContain(pw);
      }),
    );
  });

  it('parses quotes and trailing comments like dotenv', () => {
    const { entries } = parseEnvText(`A="x y" # c\nB='q#r'\nC=plain # comment\n`);
    expect(entries.map((e) => e.value)).toEqual(['x y', 'q#r', 'plain']);
  });
});
