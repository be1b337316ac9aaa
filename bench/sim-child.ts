/**
 * The simulated Gateway in its own process, so the benchmark measures core's CPU and latency and not the
 * simulator's. Argument: a JSON object of simulator options (or just a tick interval in ms).
 */
import { startSimulator, type SimulatorOptions } from '../electron/simulator/server.ts';

const arg = process.argv[2] ?? '250';
const opts: SimulatorOptions = arg.startsWith('{') ? (JSON.parse(arg) as SimulatorOptions) : { tickIntervalMs: Number(arg) };
const sim = await startSimulator({ port: 0, seed: 3, ...opts });
process.stdout.write(`${JSON.stringify({ port: sim.port })}\n`);
process.on('SIGTERM', () => void sim.close().then(() => process.exit(0)));
