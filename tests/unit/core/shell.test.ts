import { describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/app.ts';
import { createIpcHandlers, type IpcEventLike } from '../../../electron/core/shell/ipc-handlers.ts';
import { externalUrlAllowed, isTrustedSenderUrl } from '../../../electron/core/shell/trusted-sender.ts';
import { onQuit, onWindowClose } from '../../../electron/core/shell/lifecycle.ts';
import { until } from '../../support/until.ts';
import { tempDir } from '../../support/temp-dir.ts';

describe('trusted sender', () => {
  it.each([
    ['app://gatehouse/index.html', true],
    ['app://gatehouse/', true],
    ['app://gatehouse.evil/index.html', false],
    ['app://evil/gatehouse', false],
    ['file:///etc/passwd', false],
    ['https://gatehouse', false],
    ['http://127.0.0.1:5178/', false],
    ['', false],
    ['not a url', false],
  ])('%s → %s', (url, ok) => {
    expect(isTrustedSenderUrl(url)).toBe(ok);
  });
  it('refuses a missing frame', () => {
    expect(isTrustedSenderUrl(null)).toBe(false);
    expect(isTrustedSenderUrl(undefined)).toBe(false);
  });
  it('opens only https links to known hosts in the browser', () => {
    expect(externalUrlAllowed('https://www.interactivebrokers.com/en/trading/ibgateway-stable.php')).toBe(true);
    expect(externalUrlAllowed('http://www.interactivebrokers.com/')).toBe(false);
    expect(externalUrlAllowed('https://interactivebrokers.com.evil.io/')).toBe(false);
    expect(externalUrlAllowed('javascript:alert(1)')).toBe(false);
  });
});

describe('IPC handlers', () => {
  const sent: unknown[][] = [];
  const sender = { send: (...a: unknown[]) => sent.push(a), isDestroyed: () => false, once: () => undefined };
  const ev = (url: string | null): IpcEventLike => ({ senderFrame: url === null ? null : { url }, sender });

  it('answers trusted frames, refuses others with a typed error, and validates input', async () => {
    const core = await createCore({ dataDir: tempDir(), shell: 'electron', version: '9.9.9' });
    const h = createIpcHandlers({ dispatcher: core.dispatcher, hub: core.hub, streamChannel: 'gatehouse:stream' });
    expect(await h.invoke(ev('app://gatehouse/index.html'), 'app.info', undefined)).toMatchObject({ ok: true, value: { version: '9.9.9' } });
    expect(await h.invoke(ev('https://evil.example/'), 'app.info', undefined)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await h.invoke(ev(null), 'app.info', undefined)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await h.invoke(ev('app://gatehouse/'), 'orders.cancel', { orderId: -1.5 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await h.invoke(ev('app://gatehouse/'), { toString: 1 }, null)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    await core.dispose();
  });

  it('streams only to trusted frames and only known streams', async () => {
    const core = await createCore({ dataDir: tempDir(), shell: 'electron', version: '9.9.9' });
    const h = createIpcHandlers({ dispatcher: core.dispatcher, hub: core.hub, streamChannel: 'gatehouse:stream' });
    h.subscribe(ev('https://evil.example/'), 'status');
    h.subscribe(ev('app://gatehouse/'), 'secrets');
    expect(h.subscriberCount()).toBe(0);
    h.subscribe(ev('app://gatehouse/'), 'status');
    expect(h.subscriberCount()).toBe(1);
    await until(() => sent.some((a) => a[0] === 'gatehouse:stream' && a[1] === 'status'), { what: 'the status stream sent to the trusted frame' });
    h.unsubscribe(ev('app://gatehouse/'), 'status');
    expect(h.subscriberCount()).toBe(0);
    await core.dispose();
  });
});

describe('lifecycle decisions', () => {
  it('closing hides to the tray, with a notice the first time only', () => {
    expect(onWindowClose({ quitting: false, noticeShown: false })).toEqual({ hide: true, notice: true });
    expect(onWindowClose({ quitting: false, noticeShown: true })).toEqual({ hide: true, notice: false });
    expect(onWindowClose({ quitting: true, noticeShown: false })).toEqual({ hide: false, notice: false });
  });
  it('quitting asks about a running Gateway by default', () => {
    expect(onQuit({ preference: 'ask', gatewayRunning: true })).toBe('ask');
    expect(onQuit({ preference: 'always', gatewayRunning: true })).toBe('stop-gateway');
    expect(onQuit({ preference: 'never', gatewayRunning: true })).toBe('leave-running');
    expect(onQuit({ preference: 'ask', gatewayRunning: false })).toBe('leave-running');
  });
});

describe('preload', () => {
  it('bundles the contract’s IPC channel names and no zod (sandboxed preloads load one small file)', async () => {
    const { build } = await import('esbuild');
    const { ipcChannels } = await import('../../../electron/core/contract.ts');
    const out = await build({
      entryPoints: ['electron/preload/preload.ts'],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
      logLevel: 'silent',
    });
    const text = out.outputFiles[0]!.text;
    for (const channel of Object.values(ipcChannels)) expect(text).toContain(`"${channel}"`);
    expect(text).not.toMatch(/zod|ZodError/);
    expect(text.length).toBeLessThan(10_000);
  });
});
