/** orders.*, contracts.lookup and account.refresh: the trading desk, always through the risk gate. */
import { csvFilename, fillsCsv, ordersCsv } from '../export/csv.ts';
import { done, type HandlerContext, type HandlersFor } from './context.ts';

export function ordersHandlers({ active }: HandlerContext): HandlersFor<'orders' | 'contracts' | 'account'> {
  return {
    'account.refresh': () => {
      active.need().broker.account.resubscribe();
      return done;
    },
    'contracts.lookup': ({ symbol, secType }) => {
      // A pair written like EUR.USD is forex unless the caller says otherwise.
      const type = secType ?? (/^[A-Z]{3}\.[A-Z]{3}$/.test(symbol) ? 'CASH' : 'STK');
      return active.need().broker.contracts.lookup({ symbol, secType: type, exchange: 'SMART', currency: 'USD' });
    },
    'orders.preview': (ticket) => active.need().desk.preview(ticket),
    'orders.place': (ticket) => active.need().desk.place(ticket),
    'orders.modify': ({ orderId, ticket }) => active.need().desk.modify(orderId, ticket),
    'orders.cancel': ({ orderId }) => {
      active.need().desk.cancel(orderId);
      return done;
    },
    'orders.cancelAll': () => {
      active.need().desk.cancelAll();
      return done;
    },
    'orders.exportCsv': ({ kind }) => {
      const snapshot = active.need().broker.orders.snapshot();
      // The machine's own zone: the trader reads the file on this computer, next to this computer's clock.
      const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const now = Date.now();
      return { filename: csvFilename(kind, now, zone), csv: kind === 'fills' ? fillsCsv(snapshot.fills, zone) : ordersCsv(snapshot, zone) };
    },
  };
}
