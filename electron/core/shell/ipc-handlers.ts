/**
 * What the Electron shell does with each IPC message, without Electron: main/ipc.ts only registers these
 * on ipcMain. Every message is checked for its sender frame; commands are validated by the dispatcher;
 * an untrusted or malformed message gets a typed error (or is dropped), never a crash.
 */
import { isStreamName, type Result, type StreamName } from '../contract.ts';
import type { Dispatcher, StreamHub } from '../rpc.ts';
import { isTrustedSenderUrl } from './trusted-sender.ts';

export interface SenderLike {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

export interface IpcEventLike {
  senderFrame: { url: string } | null | undefined;
  sender: SenderLike;
}

export function createIpcHandlers(opts: { dispatcher: Dispatcher; hub: StreamHub; streamChannel: string; devOrigin?: string }) {
  const subs = new Map<SenderLike, Map<StreamName, () => void>>();
  const trusted = (e: IpcEventLike) => isTrustedSenderUrl(e.senderFrame?.url, opts.devOrigin);

  return {
    async invoke(event: IpcEventLike, command: unknown, input: unknown): Promise<Result<unknown>> {
      if (!trusted(event)) {
        return { ok: false, error: { code: 'UNAUTHORIZED', message: 'This window may not talk to Gatehouse.' } };
      }
      return opts.dispatcher.wire(command, input);
    },

    subscribe(event: IpcEventLike, stream: unknown): void {
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
        // A snapshot, then only changes (contract/changes.ts); the preload merges them.
        opts.hub.follow(stream, (message) => {
          if (!wc.isDestroyed()) wc.send(opts.streamChannel, stream, message);
        }),
      );
    },

    unsubscribe(event: IpcEventLike, stream: unknown): void {
      if (!isStreamName(stream)) return;
      const mine = subs.get(event.sender);
      mine?.get(stream)?.();
      mine?.delete(stream);
    },

    subscriberCount(): number {
      let n = 0;
      for (const m of subs.values()) n += m.size;
      return n;
    },
  };
}
