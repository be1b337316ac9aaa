/**
 * The first-run wizard: one step per screen, progress saved to preferences after each step so a restart
 * resumes where the user left. Every decision (validation, file contents, checks) is core's; this store
 * sequences the commands and keeps what the steps show. The password is held only until it is sent.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  CheckResult,
  Discovery,
  FileChange,
  GatehouseApi,
  Preferences,
  Profile,
  ProfileInput,
  SettingsView,
  Status,
  TradingMode,
} from '../../../electron/core/contract.ts';
import { DEFAULT_PORTS } from '../../../electron/core/contract/constants.ts';
import { fieldsFor, type UiError } from '../lib/errors.ts';
import { call } from './call.ts';

export const WIZARD_STEPS = ['welcome', 'install', 'ibc', 'credentials', 'api', 'files', 'start', 'test', 'finish'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];
export const WIZARD_LABELS: Record<WizardStep, string> = {
  welcome: 'Welcome',
  install: 'Find IB Gateway',
  ibc: 'Auto-login (IBC)',
  credentials: 'Credentials',
  api: 'API settings',
  files: 'Review changes',
  start: 'Start Gateway',
  test: 'Connection test',
  finish: 'Finish',
};
/** Demo mode has no install, login or files: the simulated Gateway needs none. */
export const DEMO_STEPS: readonly WizardStep[] = ['welcome', 'start', 'test', 'finish'];

/** The real path's steps before the credentials step saves a profile: all a wizard without one can resume. */
const BEFORE_PROFILE: readonly WizardStep[] = ['welcome', 'install', 'ibc', 'credentials'];

export function stepsFor(demo: boolean): readonly WizardStep[] {
  return demo ? DEMO_STEPS : WIZARD_STEPS;
}

export function isWizardStep(s: unknown): s is WizardStep {
  return typeof s === 'string' && (WIZARD_STEPS as readonly string[]).includes(s);
}

export function defaultPort(product: Profile['product'], mode: TradingMode): number {
  return DEFAULT_PORTS[product][mode];
}

export interface WizardForm {
  name: string;
  username: string;
  account: string;
  password: string;
  apiPort: string;
  clientId: string;
  trustedIps: string;
  readOnlyApi: boolean;
  /** IBC only: what to do when the username is logged in elsewhere (IBC's ExistingSessionDetectedAction). */
  existingSessionAction: Profile['existingSessionAction'];
  /** IBC only: the weekly full login, Sundays "HH:MM" (IBC's ColdRestartTime), or empty. */
  coldRestartTime: string;
  /** The Gateway's Java heap in MB (-Xmx in ibgateway.vmoptions); empty leaves the Gateway's own. */
  javaHeapMb: string;
}

export interface WizardState {
  step: WizardStep;
  demo: boolean;
  mode: TradingMode;
  discovery: Discovery | null;
  discovering: boolean;
  discoverError: UiError | null;
  extraPath: string;
  installPath: string | null;
  product: Profile['product'];
  ibcPath: string | null;
  ibcChoice: 'pending' | 'ibc' | 'manual';
  form: WizardForm;
  /** The port was typed by the user, so a mode change leaves it alone. */
  portTouched: boolean;
  profileId: string | null;
  fieldErrors: Record<string, string>;
  stepError: UiError | null;
  /** Plain-language problem with the step that blocks Next (e.g. "choose an install"). */
  blocker: string | null;
  busy: string | null;
  envText: string;
  envResult: { warnings: string[]; hasPassword: boolean } | null;
  files: FileChange[] | null;
  written: { path: string; backup: string | null }[] | null;
  startRequested: boolean;
  checks: CheckResult[] | null;

  init(settings: SettingsView): void;
  chooseMode(mode: TradingMode): void;
  useDemo(): Promise<void>;
  goto(step: WizardStep): Promise<void>;
  next(): Promise<void>;
  back(): Promise<void>;
  discover(): Promise<void>;
  setExtraPath(path: string): void;
  selectInstall(path: string): void;
  selectIbc(path: string | null): void;
  setField<K extends keyof WizardForm>(key: K, value: WizardForm[K]): void;
  setEnvText(text: string): void;
  importEnv(): Promise<void>;
  loadFiles(): Promise<void>;
  startGateway(): Promise<void>;
  runTest(): Promise<void>;
  finish(): Promise<void>;
}

export type WizardStore = StoreApi<WizardState>;

export interface WizardDeps {
  setPreferences(patch: Partial<Preferences>): Promise<boolean>;
  profileSaved(profile: Profile): void;
  done(): void;
  status(): Status | null;
  notify(text: string): void;
}

function emptyForm(mode: TradingMode): WizardForm {
  return {
    name: mode === 'live' ? 'Live' : 'Paper',
    username: '',
    account: '',
    password: '',
    apiPort: String(defaultPort('gateway', mode)),
    clientId: '1',
    trustedIps: '127.0.0.1',
    readOnlyApi: false,
    existingSessionAction: 'manual',
    coldRestartTime: '',
    javaHeapMb: '',
  };
}

export function createWizardStore(api: GatehouseApi, deps: WizardDeps): WizardStore {
  const store = createStore<WizardState>()((set, get) => {
    const fail = (error: UiError, prefix = '') =>
      set({ busy: null, stepError: error, fieldErrors: { ...get().fieldErrors, ...fieldsFor(error, prefix) } });

    function profileInput(): ProfileInput {
      const s = get();
      const f = s.form;
      const input: ProfileInput = {
        name: f.name.trim(),
        mode: s.mode,
        product: s.product,
        installPath: s.installPath ?? '',
        ibcPath: s.ibcChoice === 'ibc' ? s.ibcPath : null,
        username: f.username.trim(),
        account: f.account.trim().toUpperCase(),
        demo: false,
      };
      if (s.discovery?.settingsPath) input.settingsPath = s.discovery.settingsPath;
      if (s.profileId) input.id = s.profileId;
      return input;
    }

    async function saveProfile(extra: Partial<ProfileInput>): Promise<Profile | null> {
      set({ busy: 'Saving your profile…', stepError: null, fieldErrors: {} });
      const r = await call(api, 'settings.saveProfile', { profile: { ...profileInput(), ...extra }, activate: true });
      if (!r.ok) {
        fail(r.error, 'profile');
        return null;
      }
      const { warnings, ...profile } = r.value;
      set({ profileId: profile.id, busy: null });
      deps.profileSaved(profile);
      for (const w of warnings ?? []) deps.notify(w);
      return profile;
    }

    async function enter(step: WizardStep) {
      set({ step, stepError: null, blocker: null, fieldErrors: {} });
      void deps.setPreferences({ wizardStep: step });
      if (step === 'install' && !get().discovery) await get().discover();
      if (step === 'files') await get().loadFiles();
      if (step === 'start') {
        const level = deps.status()?.level;
        if (!get().startRequested && level !== 'connected' && level !== 'starting' && level !== 'login') {
          await get().startGateway();
        }
      }
      if (step === 'test' && !get().checks) await get().runTest();
    }

    function neighbour(delta: 1 | -1): WizardStep | null {
      const steps = stepsFor(get().demo);
      const i = steps.indexOf(get().step);
      return steps[i + delta] ?? null;
    }

    /** Everything a wizard starts from, so "no profile any more" can go back to exactly this. */
    const fresh = () => ({
      step: 'welcome' as WizardStep,
      demo: false,
      mode: 'paper' as TradingMode,
      discovery: null,
      discovering: false,
      discoverError: null,
      extraPath: '',
      installPath: null,
      product: 'gateway' as Profile['product'],
      ibcPath: null,
      ibcChoice: 'pending' as const,
      form: emptyForm('paper'),
      portTouched: false,
      profileId: null,
      fieldErrors: {},
      stepError: null,
      blocker: null,
      busy: null,
      envText: '',
      envResult: null,
      files: null,
      written: null,
      startRequested: false,
      checks: null,
    });

    return {
      ...fresh(),

      init(settings) {
        const active = settings.profiles.find((p) => p.id === settings.activeProfileId) ?? null;
        const saved = settings.preferences.wizardStep;
        if (!active) {
          // No profile (first run, or the last one was deleted): only the steps before the profile is saved
          // can resume. A later step would open mid-way for a profile that is gone, e.g. "Start" spinning.
          const step = isWizardStep(saved) && BEFORE_PROFILE.includes(saved) ? saved : 'welcome';
          set({ ...fresh(), step });
          if (saved && saved !== step) void deps.setPreferences({ wizardStep: null });
          if (step !== 'welcome') void enter(step);
          return;
        }
        const demo = active?.demo ?? false;
        const step = isWizardStep(saved) && stepsFor(demo).includes(saved) ? saved : 'welcome';
        if (active) {
          set({
            demo,
            mode: active.mode,
            profileId: active.id,
            installPath: active.installPath || null,
            product: active.product,
            ibcPath: active.ibcPath,
            ibcChoice: active.ibcPath ? 'ibc' : active.installPath ? 'manual' : 'pending',
            portTouched: true,
            form: {
              name: active.name,
              username: active.username,
              account: active.account,
              password: '',
              apiPort: String(active.apiPort),
              clientId: String(active.clientId),
              trustedIps: active.trustedIps.join(', '),
              readOnlyApi: active.readOnlyApi,
              existingSessionAction: active.existingSessionAction,
              coldRestartTime: active.coldRestartTime,
              javaHeapMb: active.javaHeapMb === null ? '' : String(active.javaHeapMb),
            },
          });
        }
        set({ step });
        // Steps that load something on entry do it again after a resume.
        if (step !== 'welcome') void enter(step);
      },

      chooseMode(mode) {
        if (get().demo) {
          // Leaving demo mode for a real account: a new profile, not an edit of the demo one.
          set({
            demo: false,
            profileId: null,
            installPath: null,
            ibcPath: null,
            ibcChoice: 'pending',
            portTouched: false,
            form: emptyForm(mode),
            startRequested: false,
            checks: null,
            files: null,
            written: null,
          });
        }
        const s = get();
        set({
          mode,
          demo: false,
          blocker: null,
          form: {
            ...s.form,
            name: s.form.name === 'Paper' || s.form.name === 'Live' || !s.form.name ? (mode === 'live' ? 'Live' : 'Paper') : s.form.name,
            apiPort: s.portTouched ? s.form.apiPort : String(defaultPort(s.product, mode)),
          },
        });
      },

      async useDemo() {
        set({ busy: 'Setting up demo mode…', stepError: null });
        const r = await call(api, 'wizard.useDemo');
        if (!r.ok) {
          fail(r.error);
          return;
        }
        deps.profileSaved(r.value);
        set({ busy: null, demo: true, mode: r.value.mode, profileId: r.value.id, startRequested: false, checks: null });
        await enter('start');
      },

      async goto(step) {
        const steps = stepsFor(get().demo);
        if (!steps.includes(step)) return;
        // The rail only jumps back, or forward over steps already done; Next runs each step's work.
        if (steps.indexOf(step) > steps.indexOf(get().step)) return;
        await enter(step);
      },

      async back() {
        const prev = neighbour(-1);
        if (prev) await enter(prev);
      },

      async next() {
        const s = get();
        set({ blocker: null, stepError: null });
        switch (s.step) {
          case 'install': {
            if (!s.installPath) {
              set({ blocker: 'Choose an IB Gateway install, or add the folder where you installed it.' });
              return;
            }
            break;
          }
          case 'ibc': {
            if (s.ibcChoice === 'pending') {
              set({ blocker: 'Choose an IBC install, or “Skip, I’ll log in by hand”.' });
              return;
            }
            break;
          }
          case 'credentials': {
            const f: Record<string, string> = {};
            if (!s.form.name.trim()) f.name = 'Give the profile a name, e.g. Paper';
            if (s.ibcChoice === 'ibc' && !s.form.username.trim()) f.username = 'Enter your IBKR username for auto-login';
            if (Object.keys(f).length > 0) {
              set({ fieldErrors: f });
              return;
            }
            const profile = await saveProfile({});
            if (!profile) return;
            const password = get().form.password;
            if (password) {
              set({ busy: 'Saving the password in the keychain…' });
              const r = await call(api, 'secrets.setPassword', { profileId: profile.id, password });
              // Never keep the password once it is sent, whatever the answer.
              set({ form: { ...get().form, password: '' }, busy: null });
              if (!r.ok) {
                fail(r.error);
                set({ fieldErrors: { password: r.error.message } });
                return;
              }
            }
            break;
          }
          case 'api': {
            const f: Record<string, string> = {};
            if (!/^\d+$/.test(s.form.apiPort.trim())) f.apiPort = 'Enter a port number, e.g. 4002';
            if (!/^\d+$/.test(s.form.clientId.trim())) f.clientId = 'Enter a whole number, e.g. 1';
            const heap = s.form.javaHeapMb.trim();
            if (heap && !(/^\d+$/.test(heap) && Number(heap) >= 256 && Number(heap) <= 65_536)) {
              f.javaHeapMb = 'Enter megabytes from 256 to 65536, e.g. 2048, or leave it empty';
            }
            if (Object.keys(f).length > 0) {
              set({ fieldErrors: f });
              return;
            }
            const profile = await saveProfile({
              apiPort: Number(s.form.apiPort.trim()),
              clientId: Number(s.form.clientId.trim()),
              trustedIps: s.form.trustedIps
                .split(/[\s,;]+/)
                .map((x) => x.trim())
                .filter(Boolean),
              readOnlyApi: s.form.readOnlyApi,
              existingSessionAction: s.form.existingSessionAction,
              coldRestartTime: s.form.coldRestartTime.trim(),
              javaHeapMb: s.form.javaHeapMb.trim() ? Number(s.form.javaHeapMb.trim()) : null,
            });
            if (!profile) return;
            break;
          }
          case 'files': {
            set({ busy: 'Writing the files…' });
            const r = await call(api, 'wizard.writeFiles');
            if (!r.ok) {
              fail(r.error);
              return;
            }
            set({ busy: null, written: r.value });
            break;
          }
          case 'start': {
            if (deps.status()?.level !== 'connected') {
              set({ blocker: 'Wait until the Gateway shows Connected (or fix the problem shown above).' });
              return;
            }
            break;
          }
          case 'finish': {
            await get().finish();
            return;
          }
          default:
            break;
        }
        const nxt = neighbour(1);
        if (nxt) await enter(nxt);
      },

      async discover() {
        set({ discovering: true, discoverError: null });
        const extra = get().extraPath.trim();
        const r = await call(api, 'wizard.discover', extra ? { extraPath: extra } : {});
        set({ discovering: false });
        if (!r.ok) {
          set({ discoverError: r.error });
          return;
        }
        const d = r.value;
        const s = get();
        const firstValid = d.installs.find((i) => i.valid);
        const keep = s.installPath && d.installs.some((i) => i.path === s.installPath && i.valid);
        const chosen = keep ? s.installPath : extra ? (d.installs.find((i) => i.path === extra && i.valid)?.path ?? firstValid?.path ?? null) : (firstValid?.path ?? null);
        const product = d.installs.find((i) => i.path === chosen)?.product ?? s.product;
        const firstIbc = d.ibc.find((i) => i.valid);
        set({
          discovery: d,
          installPath: chosen,
          product,
          ...(s.ibcChoice === 'pending' && firstIbc ? { ibcPath: firstIbc.path, ibcChoice: 'ibc' as const } : {}),
        });
      },

      setExtraPath(extraPath) {
        set({ extraPath });
      },

      selectInstall(path) {
        const c = get().discovery?.installs.find((i) => i.path === path);
        if (!c) return;
        const s = get();
        set({
          installPath: path,
          product: c.product,
          blocker: null,
          form: { ...s.form, apiPort: s.portTouched ? s.form.apiPort : String(defaultPort(c.product, s.mode)) },
        });
      },

      selectIbc(path) {
        set({ ibcPath: path, ibcChoice: path ? 'ibc' : 'manual', blocker: null });
      },

      setField(key, value) {
        const fieldErrors = { ...get().fieldErrors };
        delete fieldErrors[key];
        set({ form: { ...get().form, [key]: value }, fieldErrors, ...(key === 'apiPort' ? { portTouched: true } : {}) });
      },

      setEnvText(envText) {
        set({ envText });
      },

      async importEnv() {
        const text = get().envText;
        if (!text.trim()) {
          set({ fieldErrors: { ...get().fieldErrors, env: 'Paste your IBKR_* lines or .env file first' } });
          return;
        }
        set({ busy: 'Reading the variables…', stepError: null });
        const r = await call(api, 'settings.importEnv', { text });
        if (!r.ok) {
          fail(r.error);
          set({ fieldErrors: { ...get().fieldErrors, env: r.error.message } });
          return;
        }
        const p = r.value.profile;
        const s = get();
        set({
          busy: null,
          envText: '',
          envResult: { warnings: r.value.warnings, hasPassword: r.value.hasPassword },
          ...(p.mode ? { mode: p.mode } : {}),
          ...(p.installPath ? { installPath: p.installPath } : {}),
          ...(p.ibcPath ? { ibcPath: p.ibcPath, ibcChoice: 'ibc' as const } : {}),
          form: {
            ...s.form,
            ...(p.name ? { name: p.name } : {}),
            ...(p.username ? { username: p.username } : {}),
            ...(p.account ? { account: p.account } : {}),
            ...(p.apiPort ? { apiPort: String(p.apiPort) } : {}),
            ...(p.clientId !== undefined ? { clientId: String(p.clientId) } : {}),
            ...(p.trustedIps ? { trustedIps: p.trustedIps.join(', ') } : {}),
            ...(p.readOnlyApi !== undefined ? { readOnlyApi: p.readOnlyApi } : {}),
          },
          ...(p.apiPort ? { portTouched: true } : {}),
        });
      },

      async loadFiles() {
        set({ busy: 'Preparing the file changes…', files: null, written: null });
        const r = await call(api, 'wizard.previewFiles');
        if (!r.ok) {
          fail(r.error);
          return;
        }
        set({ busy: null, files: r.value });
      },

      async startGateway() {
        set({ busy: 'Starting the Gateway…', stepError: null, startRequested: true });
        const r = await call(api, 'gateway.start');
        if (!r.ok) {
          fail(r.error);
          return;
        }
        set({ busy: null });
      },

      async runTest() {
        set({ busy: 'Testing the connection…', stepError: null });
        const r = await call(api, 'wizard.test');
        if (!r.ok) {
          fail(r.error);
          return;
        }
        set({ busy: null, checks: r.value });
      },

      async finish() {
        set({ busy: 'Finishing…' });
        const ok = await deps.setPreferences({ wizardDone: true, wizardStep: null });
        set({ busy: null });
        if (ok) deps.done();
      },
    };
  });
  return store;
}
