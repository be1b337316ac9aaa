/**
 * Builds a fake but structurally real Gateway install + settings folder + IBC folder, so discovery finds
 * it and the supervisor launches it exactly like a real Gateway: a real child process (launcher.ts).
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_JTS_INI } from './jts-ini.ts';
import type { LauncherConfig } from './launcher-config.ts';
import { DEFAULT_LAUNCHER_CONFIG } from './launcher-config.ts';

export interface DemoInstall {
  /** <root>/Jts/ibgateway/<version> (Linux layout) with the `ibgateway` executable. */
  installPath: string;
  /** <root>/Jts: jts.ini and sim.json. */
  settingsPath: string;
  /** <root>/ibc with scripts/ibcstart.sh, IBC.jar and config.ini; null without IBC. */
  ibcPath: string | null;
}

export interface DemoInstallOptions {
  version?: string; // '1030'
  withIbc?: boolean; // default true
  sim?: Partial<LauncherConfig>;
  /** Extra config.ini keys (IBC mode), e.g. CommandServerPort or OverrideTwsApiPort. */
  ibcIni?: Record<string, string>;
}

const LAUNCHER = path.join(import.meta.dirname, 'launcher.ts');

function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function writeExecutable(file: string, text: string): void {
  writeFileSync(file, text);
  chmodSync(file, 0o755);
}

/** A placeholder that is a file where IBC expects one (its contents are never read). */
function placeholder(file: string, what: string): void {
  writeFileSync(file, `simulated ${what}: placeholder for the Gateway simulator\n`);
}

export function createDemoInstall(root: string, opts: DemoInstallOptions = {}): DemoInstall {
  const version = opts.version ?? '1030';
  const settingsPath = path.join(root, 'Jts');
  const installPath = path.join(settingsPath, 'ibgateway', version);
  mkdirSync(path.join(installPath, 'jars'), { recursive: true });
  mkdirSync(path.join(installPath, '.install4j'), { recursive: true });
  placeholder(path.join(installPath, 'jars', `jts4launch-${version}.jar`), 'jts4launch jar');
  placeholder(path.join(installPath, 'jars', `twslaunch-${version}.jar`), 'twslaunch jar');
  placeholder(path.join(installPath, '.install4j', 'i4jruntime.jar'), 'install4j runtime');
  writeFileSync(path.join(installPath, '.install4j', 'i4jparams.conf'), '<config><variables/></config>\n');
  writeFileSync(
    path.join(installPath, 'ibgateway.vmoptions'),
    '-Xmx768m\n-XX:+UseG1GC\n-XX:MaxGCPauseMillis=200\n-XX:ParallelGCThreads=20\n-XX:ConcGCThreads=5\n-XX:InitiatingHeapOccupancyPercent=70\n-Dinstaller.uuid=simulated\n',
  );
  const node = process.execPath;
  if (process.platform === 'win32') {
    writeFileSync(path.join(installPath, 'ibgateway.cmd'), `@"${node}" "${LAUNCHER}" --gateway "--install=${installPath}" %*\r\n`);
  } else {
    writeExecutable(
      path.join(installPath, 'ibgateway'),
      `#!/bin/sh\n# Simulated IB Gateway (Gatehouse demo): runs the simulator's launcher in place of the Java Gateway.\nexec ${shQuote(node)} ${shQuote(LAUNCHER)} --gateway ${shQuote(`--install=${installPath}`)} "$@"\n`,
    );
  }
  if (!existsSync(path.join(settingsPath, 'jts.ini'))) writeFileSync(path.join(settingsPath, 'jts.ini'), DEFAULT_JTS_INI);
  const sim: Partial<LauncherConfig> = { users: DEFAULT_LAUNCHER_CONFIG.users, ...opts.sim };
  writeFileSync(path.join(settingsPath, 'sim.json'), JSON.stringify(sim, null, 2) + '\n');

  let ibcPath: string | null = null;
  if (opts.withIbc ?? true) {
    ibcPath = path.join(root, 'ibc');
    mkdirSync(path.join(ibcPath, 'scripts'), { recursive: true });
    placeholder(path.join(ibcPath, 'IBC.jar'), 'IBC jar');
    if (process.platform === 'win32') {
      writeFileSync(path.join(ibcPath, 'scripts', 'StartIBC.bat'), `@"${node}" "${LAUNCHER}" --ibc %*\r\n`);
    } else {
      writeExecutable(
        path.join(ibcPath, 'scripts', 'ibcstart.sh'),
        `#!/bin/sh\n# Simulated IBC start script (Gatehouse demo).\nexec ${shQuote(node)} ${shQuote(LAUNCHER)} --ibc "$@"\n`,
      );
    }
    // Only the well-known demo/demo login goes into config.ini; a caller that chose its own users passes
    // the credentials the way a supervisor should (TWSUSERID/TWSPASSWORD), so no secret lands on disk twice.
    const defaultUsers = opts.sim?.users === undefined;
    const [user, password] = defaultUsers ? (Object.entries(DEFAULT_LAUNCHER_CONFIG.users)[0] ?? ['', '']) : ['', ''];
    const ini: Record<string, string> = {
      IbLoginId: user,
      IbPassword: password,
      TradingMode: 'paper',
      FIX: 'no',
      AcceptIncomingConnectionAction: 'reject',
      ExistingSessionDetectedAction: 'primary',
      ReadOnlyApi: 'no',
      CommandServerPort: '0',
      ...opts.ibcIni,
    };
    const body = Object.entries(ini)
      .map(([k, v]) => `${k}=${v.replace(/\\/g, '\\\\')}`)
      .join('\n');
    writeFileSync(path.join(ibcPath, 'config.ini'), `# IBC configuration (simulated Gateway demo)\n${body}\n`);
  }
  return { installPath, settingsPath, ibcPath };
}
