/**
 * Builds a fake but structurally real Gateway install + settings folder + IBC folder, so discovery finds
 * it and the supervisor launches it exactly like a real Gateway: a real child process (launcher.ts).
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { localZone } from './gateway-time.ts';
import { DEFAULT_JTS_INI, setIniKey } from './jts-ini.ts';
import type { LauncherConfig } from './launcher-config.ts';
import { DEFAULT_LAUNCHER_CONFIG } from './launcher-config.ts';

export interface DemoInstall {
  /** The Gateway program folder: <root>/Jts/ibgateway/<version> (Linux, Windows) or <root>/Applications/IB Gateway <dotted> (macOS). */
  installPath: string;
  /** <root>/Jts: jts.ini and sim.json. */
  settingsPath: string;
  /** <root>/ibc (<root>/IBC on Windows) with its start script, IBC.jar and config.ini; null without IBC. */
  ibcPath: string | null;
  layout: DemoLayout;
}

/**
 * Whose install tree to build. A macOS or Windows tree works on Linux too: its start script is a shell
 * script that tells the simulated IBC which script's grammar and layout to apply (`--ibc-os=`).
 */
export type DemoLayout = 'linux' | 'darwin' | 'win32';

export interface DemoInstallOptions {
  version?: string; // '1030'
  withIbc?: boolean; // default true
  layout?: DemoLayout;
  sim?: Partial<LauncherConfig>;
  /** Extra config.ini keys (IBC mode), e.g. CommandServerPort or OverrideTwsApiPort. */
  ibcIni?: Record<string, string>;
}

const LAUNCHER = path.join(import.meta.dirname, 'launcher.ts');

function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

// Gatehouse writes the demo install inside its own data folder, which is the user's alone: folders 0700,
// files 0600, scripts 0700 (issue 15, finding 13).
const PRIVATE = { mode: 0o600 } as const;
const PRIVATE_DIR = { recursive: true, mode: 0o700 } as const;

function writeExecutable(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o700 });
  chmodSync(file, 0o700);
}

/** A placeholder that is a file where IBC expects one (its contents are never read). */
function placeholder(file: string, what: string): void {
  writeFileSync(file, `simulated ${what}: placeholder for the Gateway simulator\n`, PRIVATE);
}

function dotted(version: string): string {
  return /^\d{3,4}$/.test(version) ? `${version.slice(0, -2)}.${version.slice(-2)}` : version;
}

export function createDemoInstall(root: string, opts: DemoInstallOptions = {}): DemoInstall {
  const version = opts.version ?? '1030';
  const layout: DemoLayout = opts.layout ?? (process.platform === 'win32' ? 'win32' : process.platform === 'darwin' ? 'darwin' : 'linux');
  const settingsPath = path.join(root, 'Jts');
  const installPath =
    layout === 'darwin' ? path.join(root, 'Applications', `IB Gateway ${dotted(version)}`) : path.join(settingsPath, 'ibgateway', version);
  mkdirSync(settingsPath, PRIVATE_DIR);
  mkdirSync(path.join(installPath, 'jars'), PRIVATE_DIR);
  mkdirSync(path.join(installPath, '.install4j'), PRIVATE_DIR);
  placeholder(path.join(installPath, 'jars', `jts4launch-${version}.jar`), 'jts4launch jar');
  placeholder(path.join(installPath, 'jars', `twslaunch-${version}.jar`), 'twslaunch jar');
  placeholder(path.join(installPath, '.install4j', 'i4jruntime.jar'), 'install4j runtime');
  writeFileSync(path.join(installPath, '.install4j', 'i4jparams.conf'), '<config><variables/></config>\n', PRIVATE);
  // The install's own JRE, where IBC's script looks first (ibcstart.sh:442-454, StartIBC.bat:404-416).
  if (layout === 'darwin') {
    const bin = path.join(installPath, '.install4j', 'jre.bundle', 'Contents', 'Home', 'bin');
    mkdirSync(bin, PRIVATE_DIR);
    placeholder(path.join(bin, 'java'), 'bundled java');
    mkdirSync(path.join(installPath, `IB Gateway ${dotted(version)}.app`, 'Contents', 'MacOS'), PRIVATE_DIR);
  } else {
    const jre = path.join(installPath, 'jre');
    mkdirSync(path.join(jre, 'bin'), PRIVATE_DIR);
    placeholder(path.join(jre, 'bin', layout === 'win32' ? 'java.exe' : 'java'), 'bundled java');
    writeFileSync(path.join(installPath, '.install4j', 'inst_jre.cfg'), `${jre}\n`, PRIVATE);
  }
  writeFileSync(
    path.join(installPath, 'ibgateway.vmoptions'),
    '-Xmx768m\n-XX:+UseG1GC\n-XX:MaxGCPauseMillis=200\n-XX:ParallelGCThreads=20\n-XX:ConcGCThreads=5\n-XX:InitiatingHeapOccupancyPercent=70\n-Dinstaller.uuid=simulated\n',
    PRIVATE,
  );
  const node = process.execPath;
  if (process.platform === 'win32') {
    writeFileSync(path.join(installPath, 'ibgateway.cmd'), `@"${node}" "${LAUNCHER}" --gateway "--install=${installPath}" %*\r\n`, PRIVATE);
  } else if (layout === 'win32') {
    placeholder(path.join(installPath, 'ibgateway.exe'), 'Windows Gateway launcher');
  } else if (layout === 'linux') {
    writeExecutable(
      path.join(installPath, 'ibgateway'),
      `#!/bin/sh\n# Simulated IB Gateway (Gatehouse demo): runs the simulator's launcher in place of the Java Gateway.\nexec ${shQuote(node)} ${shQuote(LAUNCHER)} --gateway ${shQuote(`--install=${installPath}`)} "$@"\n`,
    );
  }
  // The zone line names this machine's zone, as ib-gateway-docker does for its container (it writes
  // TimeZone=${TIME_ZONE} and sets TZ to the same value: jts.ini.tmpl:8, docker-compose.yml:32-33): the
  // demo Gateway runs here, so its daily restart and its times are in the trader's own zone.
  if (!existsSync(path.join(settingsPath, 'jts.ini'))) {
    writeFileSync(path.join(settingsPath, 'jts.ini'), setIniKey(DEFAULT_JTS_INI, 'Logon', 'TimeZone', localZone()), PRIVATE);
  }
  const sim: Partial<LauncherConfig> = { users: DEFAULT_LAUNCHER_CONFIG.users, ...opts.sim };
  writeFileSync(path.join(settingsPath, 'sim.json'), JSON.stringify(sim, null, 2) + '\n', PRIVATE);

  let ibcPath: string | null = null;
  if (opts.withIbc ?? true) {
    ibcPath = path.join(root, layout === 'win32' ? 'IBC' : 'ibc');
    mkdirSync(path.join(ibcPath, 'scripts'), PRIVATE_DIR);
    placeholder(path.join(ibcPath, 'IBC.jar'), 'IBC jar');
    const script = path.join(ibcPath, 'scripts', layout === 'win32' ? 'StartIBC.bat' : 'ibcstart.sh');
    if (process.platform === 'win32') {
      writeFileSync(script, `@"${node}" "${LAUNCHER}" --ibc --ibc-os=${layout} %*\r\n`, PRIVATE);
    } else {
      writeExecutable(
        script,
        `#!/bin/sh\n# Simulated IBC start script (Gatehouse demo): the real script's arguments, checked by ibc-scripts.ts.\nexec ${shQuote(node)} ${shQuote(LAUNCHER)} --ibc --ibc-os=${layout} "$@"\n`,
      );
    }
    // Only the well-known demo/demo login goes into config.ini; a caller that chose its own users writes
    // them into the config.ini it hands to IBC (as the supervisor does), or passes --user/--pw.
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
    writeFileSync(path.join(ibcPath, 'config.ini'), `# IBC configuration (simulated Gateway demo)\n${body}\n`, PRIVATE);
  }
  return { installPath, settingsPath, ibcPath, layout };
}
