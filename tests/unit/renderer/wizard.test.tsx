// @vitest-environment happy-dom
import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeApi } from './fake-api.ts';
import { callsOf, renderApp, settle, typeInto as type } from './render.tsx';

const next = async (name = 'Next') => {
  fireEvent.click(screen.getByRole('button', { name }));
  await settle();
};
const title = () => screen.getByRole('heading', { level: 1 }).textContent;

describe('wizard', () => {
  it('opens on first run and walks forward and back, saving the step each time', async () => {
    const r = await renderApp();
    expect(screen.getByTestId('wizard')).toBeTruthy();
    expect(title()).toBe('Welcome to Gatehouse');
    expect(screen.getByRole('button', { name: /Try demo mode \(no IB account\)/ })).toBeTruthy();
    await next();
    expect(title()).toBe('Find IB Gateway');
    // The valid, newest install is preselected; the broken one is listed with its problem.
    expect(screen.getByText('jars folder is missing — reinstall this version')).toBeTruthy();
    expect((screen.getByRole('radio', { name: /10\.30\.1t/ }) as HTMLInputElement).checked).toBe(true);
    await next();
    expect(title()).toBe('Auto-login with IBC');
    await next('Back');
    expect(title()).toBe('Find IB Gateway');
    const steps = callsOf(r.api, 'settings.setPreferences').map((p) => (p as { wizardStep?: string }).wizardStep);
    expect(steps).toEqual(['install', 'ibc', 'install']);
    // The rail marks where we are.
    const rail = screen.getByRole('navigation', { name: 'Setup steps' });
    expect(within(rail).getByRole('button', { name: /Find IB Gateway/ }).getAttribute('aria-current')).toBe('step');
  });

  it('resumes at the saved step', async () => {
    // Before the credentials step there is no profile yet, so these are the steps a restart can resume.
    await renderApp({ preferences: { wizardStep: 'ibc', wizardDone: false } });
    expect(title()).toBe('Auto-login with IBC');
    expect(screen.getByText(/Step 3 of 9/)).toBeTruthy();
  });

  it('lists no installs with download instructions and checks a typed folder', async () => {
    const r = await renderApp();
    r.api.handle('wizard.discover', (input) => ({
      installs: input?.extraPath
        ? [{ path: input.extraPath, product: 'gateway', version: '10.33.1', valid: true, problem: null, standalone: true }]
        : [],
      ibc: [],
      settingsPath: '/home/t/Jts',
    }));
    await next();
    expect(screen.getByText('No IB Gateway found.')).toBeTruthy();
    expect(screen.getByText(/interactivebrokers\.com/)).toBeTruthy();
    await next();
    expect(screen.getByRole('alert').textContent).toMatch(/Choose an IB Gateway install/);
    type('Installed somewhere else? Folder path', '/opt/ibgateway/1033');
    fireEvent.click(screen.getByRole('button', { name: 'Check this folder' }));
    await settle();
    expect(callsOf(r.api, 'wizard.discover').at(-1)).toEqual({ extraPath: '/opt/ibgateway/1033' });
    expect((screen.getByRole('radio', { name: /10\.33\.1/ }) as HTMLInputElement).checked).toBe(true);
  });

  it('shows server field errors next to the profile fields and keeps no password after sending', async () => {
    const r = await renderApp();
    await next();
    await next();
    fireEvent.click(screen.getByRole('radio', { name: /Skip, I’ll log in by hand/ }));
    await next();
    expect(title()).toBe('Credentials and account');
    type('Account number', 'U123');
    type('Profile name', '');
    await next('Save and continue');
    // client-side: name required
    expect(screen.getByText('Give the profile a name, e.g. Paper')).toBeTruthy();
    type('Profile name', 'Paper');
    await next('Save and continue');
    const account = screen.getByLabelText('Account number');
    expect(account.getAttribute('aria-invalid')).toBe('true');
    const described = account.getAttribute('aria-describedby')!.split(' ');
    expect(described.map((id) => document.getElementById(id)?.textContent).join(' ')).toContain(
      'U… is a live account — paper accounts start with DU',
    );
    expect(title()).toBe('Credentials and account');

    type('Account number', 'DU7654321');
    type('Password', 's3cret!');
    await next('Save and continue');
    expect(title()).toBe('API settings');
    const profileId = r.stores.wizard.getState().profileId!;
    expect(callsOf(r.api, 'secrets.setPassword')).toEqual([{ profileId, password: 's3cret!' }]);
    expect(r.stores.wizard.getState().form.password).toBe('');
    expect(JSON.stringify(r.stores.app.getState())).not.toContain('s3cret!');
    // The password never went into the profile.
    expect(JSON.stringify(callsOf(r.api, 'settings.saveProfile'))).not.toContain('s3cret!');
  });

  it('imports IBKR_* variables into the form', async () => {
    const r = await renderApp({ preferences: { wizardStep: 'credentials' } });
    fireEvent.change(screen.getByLabelText('Paste IBKR_* lines or a .env file'), {
      target: { value: 'IBKR_USERNAME=jane\nIBKR_ACCOUNT=DU999999\nIBKR_PASSWORD=x\nFOO=1' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    await settle();
    expect(callsOf(r.api, 'settings.importEnv')).toHaveLength(1);
    expect((screen.getByLabelText('IBKR username') as HTMLInputElement).value).toBe('jane');
    expect((screen.getByLabelText('Account number') as HTMLInputElement).value).toBe('DU999999');
    expect(screen.getByText(/A password was found/)).toBeTruthy();
    expect(screen.getByText('FOO is not an IBKR_* variable and was ignored')).toBeTruthy();
  });

  it('defaults the API port by mode and renders the file diff', async () => {
    const r = await renderApp();
    fireEvent.click(screen.getByRole('radio', { name: /Live trading/ }));
    r.stores.wizard.setState({ step: 'api' });
    await settle();
    expect((screen.getByLabelText('API port') as HTMLInputElement).value).toBe('4001');
    await next();
    expect(title()).toBe('Review the changes');
    const diffs = screen.getAllByTestId('diff');
    expect(diffs).toHaveLength(2);
    expect(within(diffs[0]!).getByText('ApiOnly=true').closest('.diff-line')?.className).toContain('diff-add');
    expect(screen.getByText('new file')).toBeTruthy();
    await next('Write files');
    expect(callsOf(r.api, 'wizard.writeFiles')).toHaveLength(1);
    expect(title()).toBe('Start the Gateway');
  });

  it('with IBC: chooses what to do when logged in elsewhere (default asks) and the weekly login time, saved in the profile', async () => {
    const r = await renderApp();
    r.stores.wizard.setState({ step: 'api', ibcChoice: 'ibc', ibcPath: '/home/t/ibc' });
    await settle();
    const select = screen.getByLabelText('When already logged in elsewhere') as HTMLSelectElement;
    expect(select.value).toBe('manual');
    expect(screen.queryByTestId('needs-ibc')).toBeNull();
    fireEvent.change(select, { target: { value: 'secondary' } });
    type('Weekly full login (Sunday, 24-hour time)', '09:30');
    await next();
    const saved = callsOf(r.api, 'settings.saveProfile').at(-1) as { profile: Record<string, unknown> };
    expect(saved.profile).toMatchObject({ existingSessionAction: 'secondary', coldRestartTime: '09:30' });
  });

  it('sets the Gateway\'s Java heap (ibgateway.vmoptions -Xmx) per profile, empty keeping the Gateway\'s own, with a clear error for nonsense', async () => {
    const r = await renderApp();
    r.stores.wizard.setState({ step: 'api', ibcChoice: 'manual' });
    await settle();
    type('Java heap (MB)', '300k');
    await next();
    expect(screen.getByText('Enter megabytes from 256 to 65536, e.g. 2048, or leave it empty')).toBeTruthy();
    expect(callsOf(r.api, 'settings.saveProfile')).toHaveLength(0);
    type('Java heap (MB)', '2048');
    await next();
    const saved = callsOf(r.api, 'settings.saveProfile').at(-1) as { profile: Record<string, unknown> };
    expect(saved.profile).toMatchObject({ javaHeapMb: 2048 });
  });

  it('without IBC: says plainly that the API port and read-only switch must be set in the Gateway itself', async () => {
    const r = await renderApp();
    r.stores.wizard.setState({ step: 'api', ibcChoice: 'manual' });
    await settle();
    expect(screen.getByTestId('needs-ibc').textContent).toMatch(/cannot set the API port or the read-only switch/);
    expect(screen.queryByLabelText('When already logged in elsewhere')).toBeNull();
  });

  it('demo path: useDemo → start with progress → checklist → finish on the dashboard', async () => {
    const r = await renderApp();
    fireEvent.click(screen.getByRole('button', { name: /Try demo mode/ }));
    await settle(10);
    expect(callsOf(r.api, 'wizard.useDemo')).toHaveLength(1);
    expect(callsOf(r.api, 'gateway.start')).toHaveLength(1);
    expect(title()).toBe('Start the Gateway');
    expect(screen.getByTestId('start-phases').textContent).toContain('Connected to the account');
    expect(screen.getByTestId('status-pill').textContent).toContain('Connected');
    // One list of steps: the rail shows the demo path's four, and the count agrees.
    const rail = screen.getByRole('navigation', { name: 'Setup steps' });
    expect(within(rail).getAllByRole('button').map((b) => b.textContent)).toEqual(['✓Welcome', '2Start Gateway', '3Connection test', '4Finish']);
    expect(screen.getByText(/Step 2 of 4/)).toBeTruthy();
    await next();
    expect(title()).toBe('Connection test');
    const checks = screen.getByTestId('wizard-checks');
    expect(within(checks).getAllByRole('img', { name: 'passed' })).toHaveLength(5);
    await next();
    expect(title()).toBe('You’re set');
    await next('Go to the dashboard');
    expect(callsOf(r.api, 'settings.setPreferences').at(-1)).toEqual({ wizardDone: true, wizardStep: null });
    expect(screen.queryByTestId('wizard')).toBeNull();
    expect(title()).toBe('Dashboard');
    expect(screen.getByTestId('net-liq').textContent).toBe('$101,342.18');
  });

  it('first screen with demo already running (auto demo): says so, counts the steps it lists, offers to continue', async () => {
    // What a first start on a machine without IB Gateway looks like: core set up and started demo before the UI.
    const api = createFakeApi();
    await api.invoke('wizard.useDemo');
    await api.invoke('gateway.start');
    await renderApp({}, undefined, api);
    expect(title()).toBe('Welcome to Gatehouse');
    expect(screen.getByTestId('running-now').textContent).toContain('Demo mode is running now: Connected to DU1234567.');
    expect(screen.queryByRole('button', { name: /Try demo mode/ })).toBeNull();
    expect(screen.getByRole('button', { name: /Continue with demo mode/ })).toBeTruthy();
    const rail = screen.getByRole('navigation', { name: 'Setup steps' });
    expect(within(rail).getAllByRole('button')).toHaveLength(4);
    expect(screen.getByText(/Step 1 of 4/)).toBeTruthy();
    expect(screen.getByText(/Or connect your IBKR account \(9 steps, about five minutes\)/)).toBeTruthy();
    // Choosing a real account switches to its own list, and the count follows.
    fireEvent.click(screen.getByRole('radio', { name: /Paper trading/ }));
    await settle();
    expect(within(rail).getAllByRole('button')).toHaveLength(9);
    expect(screen.getByText(/Step 1 of 9/)).toBeTruthy();
  });

  it('deleting the last profile lands on a clean first screen, not mid-way with a spinner', async () => {
    // Demo set up earlier, the wizard left at its start step, then done.
    const api = createFakeApi({ preferences: { wizardDone: true, wizardStep: 'start' } });
    const demo = (await api.invoke('wizard.useDemo')) as { ok: true; value: { id: string } };
    await api.invoke('gateway.start');
    await api.invoke('gateway.stop');
    const r = await renderApp({}, undefined, api);
    expect(screen.queryByTestId('wizard')).toBeNull();
    await act(async () => r.stores.app.getState().deleteProfile(demo.value.id));
    await settle(10);
    expect(screen.getByTestId('wizard')).toBeTruthy();
    expect(title()).toBe('Welcome to Gatehouse');
    expect(screen.getByText(/Step 1 of 9/)).toBeTruthy();
    expect(r.stores.wizard.getState().busy).toBeNull();
    expect(document.querySelector('.spinner')).toBeNull();
    expect(screen.getByRole('button', { name: /Try demo mode \(no IB account\)/ })).toBeTruthy();
    expect(callsOf(r.api, 'gateway.start')).toHaveLength(1); // the one before the delete, none after
  });

  it('the start step waits for Connected before Next', async () => {
    await renderApp({ startStepMs: 10_000 });
    fireEvent.click(screen.getByRole('button', { name: /Try demo mode/ }));
    await settle(10);
    expect(title()).toBe('Start the Gateway');
    expect((screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('start-status').textContent).toContain('Starting');
  });

  it('can be reopened from Settings and closed again', async () => {
    await renderApp({ connected: true });
    expect(screen.queryByTestId('wizard')).toBeNull();
    fireEvent.keyDown(window, { key: '6', ctrlKey: true });
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Reopen setup wizard' }));
    await settle();
    expect(screen.getByTestId('wizard')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Close wizard' }));
    await settle();
    expect(screen.queryByTestId('wizard')).toBeNull();
  });
});
