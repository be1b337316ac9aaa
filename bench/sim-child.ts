/** The simulated Gateway in its own process, so the benchmark measures core's CPU and not the simulator's. */
import { startSimulator } from '../electron/simulator/server.ts';

const tickIntervalMs = Number(process.argv[2] ?? '250');
const sim = await startSimulator({ port: 0, seed: 3, tickIntervalMs });
process.stdout.write(`${JSON.stringify({ port: sim.port })}\n`);
process.on('SIGTERM', () => void sim.close().then(() => process.exit(0)));
