/**
 * IBC's "(scenario N)" lines for IB's "Existing session detected" dialog, in plain words
 * (ExistingSessionDetectedDialogHandler.java:57-142). `ends`: this Gateway gives way and closes, so its
 * exit is expected, not a crash. `waits`: IB's dialog stays up until the user answers it.
 */
export interface ExistingSessionScenario {
  scenario: number;
  words: string;
  ends: boolean;
  waits: boolean;
}

const ELSEWHERE = 'your IB username is logged in elsewhere (your own TWS, IBKR Mobile or the Client Portal)';

const SCENARIOS: Record<number, Omit<ExistingSessionScenario, 'scenario'>> = {
  1: {
    words: `${ELSEWHERE}: IB asks in the Gateway window whether to continue here, which logs the other session out`,
    ends: false,
    waits: true,
  },
  2: { words: `${ELSEWHERE}: this Gateway gave way and closed, as the profile says`, ends: true, waits: false },
  3: { words: `${ELSEWHERE}: continuing here, which logs the other session out, as the profile says`, ends: false, waits: false },
  4: { words: `${ELSEWHERE} and that session insists on staying: this Gateway gave way and closed`, ends: true, waits: false },
  5: { words: 'another login with your IB username was refused: this Gateway keeps the session, as the profile says', ends: false, waits: false },
  6: { words: `${ELSEWHERE} again: this Gateway gave way and closed, as the profile says`, ends: true, waits: false },
};

export function existingSessionScenario(line: string): ExistingSessionScenario | null {
  const m = /\(scenario (\d)\)/.exec(line);
  if (!m) return null;
  const n = Number(m[1]);
  const s = SCENARIOS[n];
  return s ? { scenario: n, ...s } : null;
}
