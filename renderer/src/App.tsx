import { useAppStore } from './stores/context.tsx';

export function App() {
  const info = useAppStore((s) => s.info);
  const status = useAppStore((s) => s.status);
  const error = useAppStore((s) => s.error);
  return (
    <div className="app">
      <header className="statusbar">
        <span className={`pill pill-${status?.level ?? 'stopped'}`} data-testid="status-pill" role="status">
          {status ? status.message : 'Connecting to core…'}
        </span>
        <span className="brand">Gatehouse</span>
        <span data-testid="app-info">
          {info ? `${info.name} ${info.version} · ${info.platform} · ${info.shell}${info.demo ? ' · demo' : ''}` : ''}
        </span>
      </header>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
