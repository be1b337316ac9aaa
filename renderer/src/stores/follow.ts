/**
 * How a store follows a stream: core sends a snapshot, then only what changed (contract/changes.ts); the
 * store merges each message into the value it holds. A row that did not change keeps its object, so the
 * tables redraw only rows that did (a price tick in a 10,000-position book is one row, not the book). A
 * snapshot (the first, and after a reconnect) replaces the value whole: nothing missed is replayed.
 */
import type { GatehouseApi, StreamName, StreamValue } from '../../../electron/core/contract.ts';
import { applyMessage, type StreamMessage } from '../../../electron/core/contract/changes.ts';

export function follow<S extends StreamName>(
  api: GatehouseApi,
  stream: S,
  onValue: (value: StreamValue<S>, message: StreamMessage<StreamValue<S>>) => void,
): () => void {
  let value: StreamValue<S> | undefined;
  let started = false;
  return api.subscribe(stream, (message) => {
    // A change before any snapshot has nothing to apply to (it cannot happen on the wire: core starts each
    // subscriber with a snapshot); wait for the snapshot rather than show half a value.
    if (message.kind === 'change' && !started) return;
    started = true;
    value = applyMessage(stream, value, message);
    onValue(value, message);
  });
}
