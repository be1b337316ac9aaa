/**
 * Runs the simulated Gateway by hand:
 *   npm run sim -- --port 4002 --account DU1234567 [--max-version 187] [--seed 7] [--control-port 0]
 */
import { startSimulator } from './server.ts';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i !== -1) return args[i + 1];
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const num = (name: string): number | undefined => {
    const v = option(args, name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Error(`--${name} needs a number, got ${v}`);
    return n;
  };
  const accounts = option(args, 'account')?.split(',').filter(Boolean);
  const sim = await startSimulator({
    port: num('port') ?? 4002,
    ...(accounts ? { accounts } : {}),
    ...(num('max-version') !== undefined ? { maxServerVersion: num('max-version') as number } : {}),
    ...(num('seed') !== undefined ? { seed: num('seed') as number } : {}),
    ...(num('tick-ms') !== undefined ? { tickIntervalMs: num('tick-ms') as number } : {}),
    controlPort: num('control-port') ?? 0,
    log: (line) => console.log(line),
  });
  console.log(`Simulated IB Gateway: API on 127.0.0.1:${sim.port}, control channel on http://127.0.0.1:${sim.controlPort}`);
  const auth = `-H 'Authorization: Bearer ${sim.controlToken}'`;
  console.log(`  state:  curl -s ${auth} http://127.0.0.1:${sim.controlPort}/state`);
  console.log(`  fault:  curl -s ${auth} -XPOST http://127.0.0.1:${sim.controlPort}/fault -d '{"kind":"dropSockets"}'`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
