/** Renders the real App (or a piece of it) over the fake API, with every store built from it. */
import { act, cleanup, configure, fireEvent, render, screen, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach } from 'vitest';
import { App } from '../../../renderer/src/App.tsx';
import { setLocale } from '../../../renderer/src/lib/format.ts';
import { StoreProvider } from '../../../renderer/src/stores/context.tsx';
import { createStores, type Stores } from '../../../renderer/src/stores/index.ts';
import { createFakeApi, type FakeApi, type FakeOptions } from './fake-api.ts';

setLocale('en-US');
afterEach(() => cleanup());
// testing-library's waitFor/findBy give up after 1 s by default, which a loaded machine can pass while the
// screen is still right to come: one default for every renderer test (each imports this file), the same
// as until()'s in tests/support/until.ts, instead of a timeout per call.
configure({ asyncUtilTimeout: 10_000 });

export interface Rendered extends RenderResult {
  api: FakeApi;
  stores: Stores;
}

/** Lets pending promises and store updates settle. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}

export async function renderApp(opts: FakeOptions = {}, ui?: ReactElement, api = createFakeApi(opts)): Promise<Rendered> {
  const stores = createStores(api);
  const result = render(<StoreProvider stores={stores}>{ui ?? <App />}</StoreProvider>);
  await settle();
  return Object.assign(result, { api, stores });
}

export function callsOf(api: FakeApi, command: string): unknown[] {
  return api.calls.filter((c) => c.command === command).map((c) => c.input);
}

/** The app on the Orders screen, opened as a trader does (Ctrl+2). */
export async function renderOrders(opts: FakeOptions = { connected: true }): Promise<Rendered> {
  const r = await renderApp(opts);
  fireEvent.keyDown(window, { key: '2', ctrlKey: true });
  await settle();
  return r;
}

/** Types `value` into the field labelled `label`. */
export const typeInto = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
