/** Registers the contract on ipcMain: sender checked, input validated by core's dispatcher, Result back. */
import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { ipcChannels, isStreamName, type StreamName } from '../core/contract.ts';
import type { Core } from '../core/app.ts';
import { isTrustedSenderUrl } from '../core/shell/trusted-sender.ts';

export function registerIpc(core: Core, devOrigin?: string): () => void {
  const subs = new Map<WebContents, Map<StreamName, () => void>>();
  const trusted = (e: IpcMainEvent | IpcMainInvokeEvent) => isTrustedSenderUrl(e.senderFrame?.url, devOrigin);

  ipcMain.handle(ipcChannels.invoke, async (event, command: unknown, input: unknown) => {
    if (!trusted(event)) {
      return { ok: false, error: { code: 'UNAUTHORIZED', message: 'This window may not talk to Gatehouse.' } };
    }
    return core.dispatcher.dispatch(command, input);
  });

  ipcMain.on(ipcChannels.subscribe, (event, stream: unknown) => {
    if (!trusted(event) || !isStreamName(stream)) return;
    const wc = event.sender;
    let mine = subs.get(wc);
    if (!mine) {
      subs.set(wc, (mine = new Map()));
      wc.once('destroyed', () => {
        for (const off of subs.get(wc)?.values() ?? []) off();
        subs.delete(wc);
      });
    }
    if (mine.has(stream)) return;
    mine.set(
      stream,
      core.hub.subscribe(stream, (value) => {
        if (!wc.isDestroyed()) wc.send(ipcChannels.stream, stream, value);
      }),
    );
  });

  ipcMain.on(ipcChannels.unsubscribe, (event, stream: unknown) => {
    if (!isStreamName(stream)) return;
    const mine = subs.get(event.sender);
    mine?.get(stream)?.();
    mine?.delete(stream);
  });

  return () => {
    ipcMain.removeHandler(ipcChannels.invoke);
    ipcMain.removeAllListeners(ipcChannels.subscribe);
    ipcMain.removeAllListeners(ipcChannels.unsubscribe);
  };
}
