/** settings.* and secrets.*: profiles, preferences, import/export and the vault. */
import { AppError } from '../errors.ts';
import type { HandlerContext, HandlersFor } from './context.ts';

export function settingsHandlers({ settings, active }: HandlerContext): HandlersFor<'settings' | 'secrets'> {
  return {
    'settings.get': () => settings.view(),
    'settings.saveProfile': async ({ profile, activate: makeActive, importToken }) => {
      const { profile: saved, warnings } = await settings.saveProfile(profile, makeActive, importToken);
      const restart = await active.profileSaved(saved, makeActive);
      return { ...saved, warnings: [...warnings, ...restart] };
    },
    'settings.deleteProfile': async ({ id }) => {
      const rt = active.current();
      if (rt?.profile.id === id && rt.supervisor.isRunning()) {
        throw new AppError('GATEWAY_RUNNING', 'Stop this profile’s Gateway before deleting the profile.');
      }
      await settings.deleteProfile(id);
      if (rt?.profile.id === id) await active.activate(settings.activeProfile());
      return { ok: true as const };
    },
    'settings.activateProfile': async ({ id }) => {
      const profile = settings.profile(id);
      settings.setActive(id);
      if (active.current()?.profile.id !== id) await active.activate(profile);
      return settings.view();
    },
    'settings.setPreferences': (prefs) => settings.setPreferences(prefs),
    'settings.importEnv': ({ text }) => settings.importEnv(text),
    'settings.export': () => ({ json: settings.exportJson() }),
    'settings.importJson': async ({ text }) => {
      const { imported, warnings } = settings.importJson(text);
      // A profile that is running keeps running as it was; any other change takes effect now.
      if (!active.isGatewayRunning()) await active.activate(settings.activeProfile());
      return { imported, warnings, settings: settings.view() };
    },
    'secrets.setPassword': async ({ profileId, password }) => {
      settings.profile(profileId);
      await settings.setPassword(profileId, password);
      return { ok: true as const };
    },
    'secrets.hasPassword': async ({ profileId }) => ({ has: await settings.hasPassword(profileId) }),
  };
}
