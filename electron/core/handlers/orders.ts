/** orders.*, contracts.lookup and account.refresh: the trading desk, always through the risk gate. */
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
  };
}
