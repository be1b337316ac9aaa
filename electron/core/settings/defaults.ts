import type { Preferences, Profile, TradingMode } from '../contract.ts';
import { DEFAULT_PORTS } from '../contract/constants.ts';

export { DEFAULT_PORTS };

export function defaultApiPort(product: Profile['product'], mode: TradingMode): number {
  return DEFAULT_PORTS[product][mode];
}

export const DEFAULT_PREFERENCES: Preferences = {
  theme: 'dark',
  notifications: { disconnect: true, reconnect: true, fills: true, rejections: true, risk: true },
  quitStopsGateway: 'ask',
  startAtLogin: false,
  wizardStep: null,
  wizardDone: false,
};

/** The settings folder IB uses when none is given (jts.ini lives there). */
export function defaultSettingsPath(platform: NodeJS.Platform, home: string): string {
  return platform === 'win32' ? 'C:\\Jts' : `${home.replace(/[\\/]+$/, '')}/Jts`;
}

/** Everything a profile needs that the user has not said; the id is the caller's. */
export function profileDefaults(mode: TradingMode, product: Profile['product']): Omit<Profile, 'id'> {
  return {
    name: mode === 'live' ? 'Live' : 'Paper',
    mode,
    installPath: '',
    settingsPath: '',
    ibcPath: null,
    product,
    apiPort: defaultApiPort(product, mode),
    clientId: 1,
    trustedIps: ['127.0.0.1'],
    readOnlyApi: false,
    username: '',
    account: '',
    autoRestartTime: '11:45 PM',
    twoFactor: { timeoutAction: 'restart', device: '' },
    // Never take the user's own TWS / IBKR Mobile session away without asking.
    existingSessionAction: 'manual',
    coldRestartTime: '',
    javaHeapMb: null,
    demo: false,
  };
}
