import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { EARLIER_RUN } from './api/web-transport.ts';
import { Nav, Notices, StatusBar } from './components/Frame.tsx';
import { HotkeyLayer } from './components/Hotkeys.tsx';
import { ErrorNote } from './components/ui.tsx';
import { Dashboard } from './screens/Dashboard.tsx';
import { ApiClientsScreen } from './screens/ApiClients.tsx';
import { Diagnostics } from './screens/Diagnostics.tsx';
import { Gateway } from './screens/Gateway.tsx';
import { Orders } from './screens/Orders.tsx';
import { Risk } from './screens/Risk.tsx';
import { Settings } from './screens/Settings.tsx';
import { Wizard } from './screens/Wizard.tsx';
import { isLive, SCREENS } from './stores/app-store.ts';
import { useAppStore, useStores } from './stores/context.tsx';

function isTyping(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/** Ctrl/Cmd+1…7 for the screens, N or Ctrl/Cmd+Enter for a new order. */
function useShortcuts() {
  const stores = useStores();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const app = stores.app.getState();
      if (document.querySelector('[role="dialog"]')) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && !e.altKey && /^[1-7]$/.test(e.key)) {
        const screen = SCREENS[Number(e.key) - 1];
        if (screen) {
          e.preventDefault();
          app.navigate(screen);
        }
        return;
      }
      if (mod && e.key === 'Enter' && !isTyping(e.target)) {
        e.preventDefault();
        app.openTicket();
        return;
      }
      if (!mod && !e.altKey && (e.key === 'n' || e.key === 'N') && !isTyping(e.target)) {
        e.preventDefault();
        app.openTicket();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [stores]);
}

export function App() {
  const { screen, wizardOpen, error, theme, live, refused, known } = useAppStore(
    useShallow((s) => ({
      refused: s.coreRefused,
      // Whether this is a first run is known only once core has answered (or failed to answer) settings.
      known: s.settings !== null || s.settingsError !== null,
      screen: s.screen,
      wizardOpen: s.wizardOpen,
      error: s.error,
      theme: s.settings?.preferences.theme ?? 'dark',
      live: isLive(s),
    })),
  );
  useShortcuts();
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  if (refused) {
    // Nothing on this page can work with a token core does not know: say what to do instead.
    return (
      <main className="fatal" role="alert" data-testid="earlier-run">
        <h1>Gatehouse</h1>
        <p>{EARLIER_RUN}</p>
        <p className="hint">
          The address stays the same across restarts of the same data folder; it changes only when Gatehouse is started
          with --rotate-token or with another data folder.
        </p>
      </main>
    );
  }

  return (
    <div className={`app ${live ? 'app-live' : ''}`} data-testid="app">
      <StatusBar />
      {error ? <ErrorNote error={error} title="Gatehouse core:" /> : null}
      {known ? (
        <div className={`body ${wizardOpen ? 'body-wizard' : ''}`}>
          {wizardOpen ? null : <Nav />}
          <main className="main" id="main">
            {wizardOpen ? (
              <Wizard />
            ) : screen === 'dashboard' ? (
              <Dashboard />
            ) : screen === 'orders' ? (
              <Orders />
            ) : screen === 'risk' ? (
              <Risk />
            ) : screen === 'gateway' ? (
              <Gateway />
            ) : screen === 'diagnostics' ? (
              <Diagnostics />
            ) : screen === 'api-clients' ? (
              <ApiClientsScreen />
            ) : (
              <Settings />
            )}
          </main>
        </div>
      ) : (
        <main className="main app-loading" data-testid="app-loading" role="status">
          Loading Gatehouse…
        </main>
      )}
      <HotkeyLayer />
      <Notices />
    </div>
  );
}
