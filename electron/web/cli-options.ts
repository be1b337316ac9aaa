/**
 * The browser-mode command line, parsed without throwing: a bad option is one line of help for the user,
 * never a stack trace. Pure, so the grammar is tested without spawning anything.
 */
import { parseArgs } from 'node:util';

export const USAGE =
  'Usage: npm run start:web -- [--port N] [--data-dir DIR] [--demo] [--no-open] [--rotate-token]';

export interface CliOptions {
  port: number;
  dataDir: string | null;
  demo: boolean;
  /** Fixed token for tests; never written to the data folder. */
  token: string | null;
  open: boolean;
  rotateToken: boolean;
  help: boolean;
}

export type Parsed = { ok: true; options: CliOptions } | { ok: false; message: string };

export const DEFAULT_PORT = 5178;

export function parseCliArgs(argv: readonly string[]): Parsed {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        demo: { type: 'boolean' },
        token: { type: 'string' },
        open: { type: 'boolean' },
        'no-open': { type: 'boolean' },
        'rotate-token': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    return { ok: false, message: `${firstSentence(err)} ${USAGE}` };
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || String(values.port ?? port).trim() === '') {
    return { ok: false, message: `--port needs a number from 0 to 65535, not "${String(values.port)}". ${USAGE}` };
  }
  const dataDir = typeof values['data-dir'] === 'string' ? values['data-dir'] : null;
  if (dataDir !== null && dataDir.trim() === '') return { ok: false, message: `--data-dir needs a folder. ${USAGE}` };
  const token = typeof values.token === 'string' ? values.token : null;
  if (token !== null && !/^[\w-]{8,128}$/.test(token)) {
    return { ok: false, message: `--token needs 8 to 128 letters, digits, "-" or "_". ${USAGE}` };
  }
  return {
    ok: true,
    options: {
      port,
      dataDir,
      demo: values.demo === true,
      token,
      open: values['no-open'] !== true,
      rotateToken: values['rotate-token'] === true,
      help: values.help === true,
    },
  };
}

/** node:util's messages carry a code and sometimes a hint about "--"; the first sentence is the useful part. */
function firstSentence(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const first = text.split(/\.\s/)[0] ?? text;
  return first.endsWith('.') ? first : `${first}.`;
}
