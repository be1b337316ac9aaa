/**
 * The whole surface the renderer gets: one object, two functions. No ipcRenderer, no generic send.
 * Sandboxed preloads can only require 'electron', so this is bundled to one CommonJS file.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { GatehouseApi, StreamName } from '../core/contract.ts';
// The dependency-free modules only: the bundled preload must not pull in zod or core.
import { IPC_CHANNELS as CH } from '../core/contract/constants.ts';
import type { StreamMessage } from '../core/contract/changes.ts';
import { streamFanout } from '../core/contract/fanout.ts';

const listeners = streamFanout<StreamName>({
  first: (stream) => ipcRenderer.send(CH.subscribe, stream),
  last: (stream) => ipcRenderer.send(CH.unsubscribe, stream),
});

// A snapshot, then changes (contract/changes.ts); the fan-out merges them for a listener that joins late.
ipcRenderer.on(CH.stream, (_event: IpcRendererEvent, stream: StreamName, message: StreamMessage) => listeners.emit(stream, message));

const api: GatehouseApi = {
  invoke: (command, input) => ipcRenderer.invoke(CH.invoke, command, input),
  subscribe: (stream, listener) => listeners.subscribe(stream, listener as (m: StreamMessage) => void),
};

contextBridge.exposeInMainWorld('gatehouse', api);
