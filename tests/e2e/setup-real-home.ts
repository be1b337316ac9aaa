/**
 * Gives the second e2e server a home folder with an IB Gateway 10.30 + IBC install in the standard Linux
 * places (~/Jts/ibgateway/1030, ~/ibc), so the wizard's real path is walked instead of demo mode. The
 * install's launcher is the simulator; it accepts the one user below, as IB's login would.
 */
import { createDemoInstall } from '../../electron/simulator/demo-install.ts';

const home = process.argv[2];
if (!home) throw new Error('usage: setup-real-home.ts <home>');
createDemoInstall(home, { withIbc: true, sim: { users: { trader1: 'Real-path-pw1' }, loginDelayMs: 400, exitWithParent: true } });
