/** Core's validation of the API port settings: the field errors the Settings screen shows. */
import { expect, it } from 'vitest';
import { AppError } from '../../../electron/core/errors.ts';
import { parseFirewallSettings, policiesById } from '../../../electron/core/firewall/settings.ts';

const profile = { apiPort: 4002, clientId: 7 };
const policy = { clientId: 21, readOnly: false, allowedSymbols: [] as string[], maxOrdersPerMinute: null, maxOrderValue: null };

function fieldsOf(input: unknown): Record<string, string> {
  try {
    parseFirewallSettings(input, profile);
  } catch (e) {
    if (e instanceof AppError) return e.fields ?? {};
    throw e;
  }
  throw new Error('accepted');
}

it('normalizes what it accepts: addresses trimmed and once, symbols upper-case', () => {
  const s = parseFirewallSettings(
    { port: 4020, trustedAddresses: [' 10.0.0.5', '10.0.0.5', '::1'], policies: [{ ...policy, allowedSymbols: ['aapl', ' msft ', 'AAPL'], maxOrderValue: '25000' }] },
    profile,
  );
  expect(s).toEqual({ port: 4020, trustedAddresses: ['10.0.0.5', '::1'], policies: [{ ...policy, allowedSymbols: ['AAPL', 'MSFT'], maxOrderValue: '25000' }] });
  expect(policiesById(s)[21]).toMatchObject({ allowedSymbols: ['AAPL', 'MSFT'], maxOrderValue: '25000' });
});

it('names each bad field in words', () => {
  expect(fieldsOf({ port: 4002, trustedAddresses: [], policies: [] })).toEqual({ port: "4002 is the Gateway's own API port: choose another" });
  expect(fieldsOf({ port: 80, trustedAddresses: [], policies: [] }).port).toMatch(/from 1024 up/);
  expect(fieldsOf({ port: 70000, trustedAddresses: [], policies: [] }).port).toBeTruthy();
  expect(fieldsOf({ port: null, trustedAddresses: ['10.0.0.5', 'my laptop'], policies: [] })).toEqual({ 'trustedAddresses.1': '"my laptop" is not an IP address' });
  expect(fieldsOf({ port: null, trustedAddresses: [], policies: [{ ...policy, clientId: 7 }] })).toEqual({ 'policies.0.clientId': 'Gatehouse itself uses client id 7' });
  expect(fieldsOf({ port: null, trustedAddresses: [], policies: [policy, policy] })).toEqual({ 'policies.1.clientId': 'client id 21 has a policy already (row 1)' });
  expect(fieldsOf({ port: null, trustedAddresses: [], policies: [{ ...policy, allowedSymbols: ['AAPL', 'A;B'] }] })).toEqual({ 'policies.0.allowedSymbols': '"A;B" is not a symbol' });
  expect(fieldsOf({ port: null, trustedAddresses: [], policies: [{ ...policy, maxOrdersPerMinute: 0 }] })).toEqual({ 'policies.0.maxOrdersPerMinute': 'at least 1' });
  expect(fieldsOf({ port: null, trustedAddresses: [], policies: [{ ...policy, maxOrderValue: '12,5' }] })).toEqual({ 'policies.0.maxOrderValue': 'an amount such as 25000' });
  expect(fieldsOf({ port: null, trustedAddresses: [], policies: [{ ...policy, maxOrderValue: '0' }] })['policies.0.maxOrderValue']).toMatch(/more than 0/);
  expect(fieldsOf({ port: null, trustedAddresses: [], policies: [{ ...policy, clientId: 1.5 }] })).toEqual({ 'policies.0.clientId': 'a whole number' });
});
