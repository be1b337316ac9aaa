/**
 * The whole surface the renderer gets: one object, two functions. No ipcRenderer, no generic send.
 * Sandboxed preloads can only require 'electron', so this is bundled to one CommonJS file.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { GatehouseApi, StreamName } from '../core/contract.ts';
// The dependency-free constants only: the bundled preload must not pull in zod or core.
import { IPC_CHANNELS as CH } from '../core/contract/constants.ts';

const listeners = new Map<StreamName, Set<(value: unknown) => void>>();

ipcRenderer.on(CH.stream, (_event: IpcRendererEvent, stream: StreamName, value: unknown) => {
  for (const l of listeners.get(stream) ?? []) l(value);
});

const api: GatehouseApi = {
  invoke: (command, input) => ipcRenderer.invoke(CH.invoke, command, input),
  subscribe(stream, listener) {
    let set = listeners.get(stream);
    if (!set) {
      listeners.set(stream, (set = new Set()));
      ipcRenderer.send(CH.subscribe, stream);
    }
    const l = listener as (v: unknown) => void;
    set.add(l);
    return () => {
      set.delete(l);
      if (set.size === 0) {
        listeners.delete(stream);
        ipcRenderer.send(CH.unsubscribe, stream);
      }
    };
  },
};

contextBridge.exposeInMainWorld('gatehouse', api);
