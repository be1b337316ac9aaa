/**
 * What the domain handlers share: the services createCore builds. Each handlers/<domain>.ts turns this into
 * the handlers for its commands; app.ts spreads them into one table that TypeScript checks is complete.
 */
import type { ActiveProfile } from '../active-profile.ts';
import type { AppInfo, CommandName } from '../contract.ts';
import type { DemoMode } from '../demo.ts';
import type { discover } from '../gateway/discovery.ts';
import type { GatewayLogs } from '../gateway/logs.ts';
import type { Handlers } from '../rpc.ts';
import type { RuntimeOptions } from '../runtime.ts';
import type { SettingsService } from '../settings/service.ts';

export interface HandlerContext {
  readonly dataDir: string;
  readonly settings: SettingsService;
  readonly logs: GatewayLogs;
  /** The one owner of the active profile's runtime. */
  readonly active: ActiveProfile;
  readonly demo: DemoMode;
  readonly alert: RuntimeOptions['alert'];
  info(): AppInfo;
  /** Where discovery looks (tests inject a home folder). */
  discovery(): Parameters<typeof discover>[0];
}

/** The handlers for every command whose name starts with one of `P` (e.g. 'settings' | 'secrets'). */
export type HandlersFor<P extends string> = Pick<Handlers, Extract<CommandName, `${P}.${string}`>>;

export const done = { ok: true as const };
