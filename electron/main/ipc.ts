/** Registers the contract on ipcMain; all checks live in core/shell/ipc-handlers.ts (unit-tested). */
import { ipcMain } from 'electron';
import { ipcChannels } from '../core/contract.ts';
import type { Core } from '../core/app.ts';
import { createIpcHandlers } from '../core/shell/ipc-handlers.ts';

export function registerIpc(core: Core, devOrigin?: string): () => void {
  const h = createIpcHandlers({
    dispatcher: core.dispatcher,
    hub: core.hub,
    streamChannel: ipcChannels.stream,
    ...(devOrigin ? { devOrigin } : {}),
  });
  ipcMain.handle(ipcChannels.invoke, (event, command: unknown, input: unknown) => h.invoke(event, command, input));
  ipcMain.on(ipcChannels.subscribe, (event, stream: unknown) => h.subscribe(event, stream));
  ipcMain.on(ipcChannels.unsubscribe, (event, stream: unknown) => h.unsubscribe(event, stream));
  return () => {
    ipcMain.removeHandler(ipcChannels.invoke);
    ipcMain.removeAllListeners(ipcChannels.subscribe);
    ipcMain.removeAllListeners(ipcChannels.unsubscribe);
  };
}
