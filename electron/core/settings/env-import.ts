import type { ProfileInput } from '../contract.ts';

type Field =
  | 'username'
  | 'password'
  | 'account'
  | 'mode'
  | 'apiPort'
  | 'clientId'
  | 'host'
  | 'trustedIps'
  | 'installPath'
  | 'settingsPath'
  | 'ibcPath'
  | 'readOnlyApi'
  | 'autoRestartTime'
  | 'twoFactorAction'
  | 'twoFactorDevice'
  | 'name';

/** The setup guide's IBKR_* names first, then the spellings other tools (IBC, ib-gateway-docker) use. */
const ALIASES: Record<Field, string[]> = {
  username: ['IBKR_USERNAME', 'IBKR_USER', 'IBKR_USERID', 'IBKR_LOGIN', 'IB_USERNAME', 'IB_USER', 'TWS_USERID', 'TWSUSERID', 'TWS_USERNAME'],
  password: ['IBKR_PASSWORD', 'IBKR_PASS', 'IBKR_PW', 'IB_PASSWORD', 'TWS_PASSWORD', 'TWSPASSWORD'],
  account: ['IBKR_ACCOUNT', 'IBKR_ACCOUNT_ID', 'IBKR_ACCT', 'IB_ACCOUNT', 'IB_ACCOUNT_ID', 'ACCOUNT_ID'],
  mode: ['IBKR_TRADING_MODE', 'IBKR_MODE', 'IB_TRADING_MODE', 'TRADING_MODE'],
  apiPort: ['IBKR_PORT', 'IBKR_API_PORT', 'IB_PORT', 'IB_API_PORT', 'TWS_PORT', 'IBKR_GATEWAY_PORT', 'API_PORT'],
  clientId: ['IBKR_CLIENT_ID', 'IB_CLIENT_ID', 'IBKR_CLIENTID', 'CLIENT_ID'],
  host: ['IBKR_HOST', 'IB_HOST', 'IBKR_GATEWAY_HOST', 'TWS_HOST'],
  trustedIps: ['IBKR_TRUSTED_IPS', 'IBKR_TRUSTED_IP', 'TRUSTED_IPS', 'TRUSTED_TWS_API_CLIENT_IPS'],
  installPath: ['IBKR_GATEWAY_PATH', 'IBKR_TWS_PATH', 'IB_GATEWAY_PATH', 'IBGATEWAY_PATH', 'TWS_PATH', 'TWS_INSTALL_PATH'],
  settingsPath: ['IBKR_SETTINGS_PATH', 'TWS_SETTINGS_PATH', 'IBKR_JTS_PATH', 'JTS_PATH'],
  ibcPath: ['IBKR_IBC_PATH', 'IBC_PATH'],
  readOnlyApi: ['IBKR_READ_ONLY_API', 'IBKR_READONLY', 'READ_ONLY_API'],
  autoRestartTime: ['IBKR_AUTO_RESTART_TIME', 'AUTO_RESTART_TIME'],
  twoFactorAction: ['IBKR_TWOFA_TIMEOUT_ACTION', 'TWOFA_TIMEOUT_ACTION'],
  twoFactorDevice: ['IBKR_TWOFA_DEVICE', 'TWOFA_DEVICE', 'SECOND_FACTOR_DEVICE'],
  name: ['IBKR_PROFILE_NAME', 'IBKR_PROFILE'],
};

const FIELD_BY_KEY = new Map<string, Field>(
  Object.entries(ALIASES).flatMap(([field, keys]) => keys.map((k) => [k, field as Field] as const)),
);

export interface EnvImport {
  profile: ProfileInput;
  warnings: string[];
  hasPassword: boolean;
  /** For the vault only: never put it in a profile, a warning, a log line or an export. */
  password: string | null;
}

/** `KEY=value` lines as in a .env file or a shell: `export`, `set` (cmd) and `$env:` (PowerShell) accepted. */
export function parseEnvText(text: string): { entries: Array<{ key: string; value: string; line: number }>; bad: number[] } {
  const entries: Array<{ key: string; value: string; line: number }> = [];
  const bad: number[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';') || /^rem\s/i.test(line)) return;
    const m = /^(?:export\s+|set\s+|\$env:)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/i.exec(line);
    if (!m) {
      bad.push(i + 1);
      return;
    }
    entries.push({ key: m[1]!.toUpperCase(), value: unquote(m[2]!), line: i + 1 });
  });
  return { entries, bad };
}

function unquote(v: string): string {
  const s = v.trim();
  if (s.length >= 2 && s.startsWith('"')) {
    const end = s.indexOf('"', 1);
    if (end > 0) return s.slice(1, end).replace(/\\n/g, '\n');
  }
  if (s.length >= 2 && s.startsWith("'")) {
    const end = s.indexOf("'", 1);
    if (end > 0) return s.slice(1, end);
  }
  // An unquoted value ends at " #" (a trailing comment), as in dotenv.
  const hash = s.search(/\s#/);
  return (hash >= 0 ? s.slice(0, hash) : s).trim();
}

function bool(v: string): boolean | null {
  if (/^(1|true|yes|y|on)$/i.test(v)) return true;
  if (/^(0|false|no|n|off)$/i.test(v)) return false;
  return null;
}

/** Fill a profile draft from IBKR_* variables. Unknown keys become warnings; the password's value never does. */
export function importEnv(text: string): EnvImport {
  const { entries, bad } = parseEnvText(text);
  const profile: ProfileInput = {};
  const warnings: string[] = [];
  let password: string | null = null;
  if (bad.length > 0) warnings.push(`Ignored line${bad.length > 1 ? 's' : ''} ${bad.join(', ')}: not KEY=value`);

  for (const { key, value, line } of entries) {
    const field = FIELD_BY_KEY.get(key);
    if (!field) {
      warnings.push(`Unknown variable ${key} (line ${line}) ignored`);
      continue;
    }
    switch (field) {
      case 'username':
        profile.username = value;
        break;
      case 'password':
        if (value !== '') password = value;
        break;
      case 'account':
        profile.account = value.toUpperCase();
        break;
      case 'mode': {
        const v = value.toLowerCase();
        if (v === 'live' || v === 'paper') profile.mode = v;
        else warnings.push(`${key}=${value} is not live or paper; choose the mode in the form`);
        break;
      }
      case 'apiPort': {
        const n = Number(value);
        if (Number.isInteger(n) && n >= 1 && n <= 65535) profile.apiPort = n;
        else warnings.push(`${key}=${value} is not a port number`);
        break;
      }
      case 'clientId': {
        const n = Number(value);
        if (Number.isInteger(n) && n >= 0) profile.clientId = n;
        else warnings.push(`${key}=${value} is not a client id`);
        break;
      }
      case 'host': {
        const h = value.toLowerCase();
        if (h === '' || h === 'localhost' || h === '127.0.0.1' || h === '::1') break;
        // The Gateway runs on this computer; a remote host can only be a client the Gateway must trust.
        warnings.push(`${key}=${value}: Gatehouse runs the Gateway on this computer; ${value} was added to the trusted IPs`);
        profile.trustedIps = [...new Set([...(profile.trustedIps ?? ['127.0.0.1']), value])];
        break;
      }
      case 'trustedIps':
        profile.trustedIps = [
          ...new Set([...(profile.trustedIps ?? []), ...value.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean)]),
        ];
        break;
      case 'installPath':
        profile.installPath = value;
        if (/tws|trader workstation/i.test(key + value) && !/ibgateway|ib gateway/i.test(value)) profile.product = 'tws';
        else profile.product = 'gateway';
        break;
      case 'settingsPath':
        profile.settingsPath = value;
        break;
      case 'ibcPath':
        profile.ibcPath = value === '' ? null : value;
        break;
      case 'readOnlyApi': {
        const b = bool(value);
        if (b === null) warnings.push(`${key}=${value} is not yes or no`);
        else profile.readOnlyApi = b;
        break;
      }
      case 'autoRestartTime':
        profile.autoRestartTime = value;
        break;
      case 'twoFactorAction': {
        const v = value.toLowerCase();
        if (v === 'restart' || v === 'exit') profile.twoFactor = { timeoutAction: v, device: profile.twoFactor?.device ?? '' };
        else warnings.push(`${key}=${value} is not restart or exit`);
        break;
      }
      case 'twoFactorDevice':
        profile.twoFactor = { timeoutAction: profile.twoFactor?.timeoutAction ?? 'restart', device: value };
        break;
      case 'name':
        profile.name = value.slice(0, 60);
        break;
    }
  }
  if (profile.mode && profile.account) {
    const paperAcct = profile.account.startsWith('DU');
    if (profile.mode === 'live' && paperAcct) warnings.push(`${profile.account} looks like a paper account but the mode is live`);
    if (profile.mode === 'paper' && /^U\d/.test(profile.account)) warnings.push(`${profile.account} looks like a live account but the mode is paper`);
  }
  if (!profile.mode && profile.account) profile.mode = profile.account.startsWith('DU') ? 'paper' : 'live';
  return { profile, warnings, hasPassword: password !== null, password };
}
