import { useShallow } from 'zustand/react/shallow';
import { Card, Empty, ErrorNote, Mark, Progress } from '../components/ui.tsx';
import { clock, duration } from '../lib/format.ts';
import { useDiagnostics, useStores } from '../stores/context.tsx';

export function Diagnostics() {
  const d = useStores().diagnostics.getState();
  const { results, running, error, ranAt } = useDiagnostics(
    useShallow((s) => ({ results: s.results, running: s.running, error: s.error, ranAt: s.ranAt })),
  );
  const failed = results?.filter((r) => !r.ok).length ?? 0;
  return (
    <div className="screen diagnostics">
      <header className="screen-head">
        <h1>Diagnostics</h1>
        <div className="row-actions">
          <Progress active={running} label="Running checks…" />
          <button type="button" className="primary" disabled={running} onClick={() => void d.run()}>
            {results ? 'Run again' : 'Run diagnostics'}
          </button>
        </div>
      </header>
      <ErrorNote error={error} />
      <Card
        title={
          results
            ? failed === 0
              ? `All ${results.length} checks passed · ${clock(ranAt)}`
              : `${failed} of ${results.length} checks failed · ${clock(ranAt)}`
            : 'Troubleshooting checks'
        }
      >
        {!results ? (
          <Empty>Runs each check of the IBKR troubleshooting guide — install, settings, port, API, login, data — and says how to fix what fails.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="grid diag" data-testid="diagnostics">
              <thead>
                <tr>
                  <th>Check</th>
                  <th>Result</th>
                  <th className="r">Took</th>
                  <th>Detail and fix</th>
                </tr>
              </thead>
              <tbody>
                {results.map((r) => (
                  <tr key={r.id} className={r.ok ? '' : 'row-bad'} data-testid={`diag-${r.id}`}>
                    <td>{r.label}</td>
                    <td>
                      <Mark ok={r.ok} /> {r.ok ? 'OK' : 'Failed'}
                    </td>
                    <td className="num">{duration(r.ms)}</td>
                    <td>
                      <div>{r.detail}</div>
                      {!r.ok && r.hint ? <div className="check-hint">Fix: {r.hint}</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
