import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MissingBridgeError, resolveApi } from './api/index.ts';
import { App } from './App.tsx';
import { createStores, type Stores } from './stores/index.ts';
import { StoreProvider } from './stores/context.tsx';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
try {
  let stores: Stores | null = null;
  let link: boolean | 'refused' = true;
  const api = resolveApi(window, (state) => {
    link = state === 'up' ? true : state === 'refused' ? 'refused' : false;
    stores?.app.getState().setCoreLink(link);
  });
  stores = createStores(api);
  stores.app.getState().setCoreLink(link);
  root.render(
    <StrictMode>
      <StoreProvider stores={stores}>
        <App />
      </StoreProvider>
    </StrictMode>,
  );
} catch (err) {
  const message = err instanceof MissingBridgeError ? err.message : 'Gatehouse could not start its UI.';
  root.render(
    <main className="fatal" role="alert">
      <h1>Gatehouse</h1>
      <p>{message}</p>
    </main>,
  );
}
