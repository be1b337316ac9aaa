/** Contract lookup with a cache; an unknown symbol becomes a clear message with a suggestion. */
import { EventName, type ContractDetails, type IBApi } from '@stoqey/ib';
import type { ContractInfo, ParsedTicket } from '../contract.ts';
import { AppError } from '../errors.ts';
import { RequestIds } from './request-ids.ts';
import { checkSymbol } from './symbols.ts';
import { ticketContract } from './tickets.ts';

export class ContractBook {
  private readonly cache = new Map<string, ContractInfo>();
  private readonly getApi: () => IBApi | null;
  private readonly requestIds: RequestIds;

  constructor(getApi: () => IBApi | null, requestIds: RequestIds = new RequestIds()) {
    this.getApi = getApi;
    this.requestIds = requestIds;
  }

  async lookup(ticket: Pick<ParsedTicket, 'symbol' | 'secType' | 'exchange' | 'currency'>, timeoutMs = 5000): Promise<ContractInfo> {
    const check = checkSymbol(ticket.symbol, ticket.secType);
    if (!check.ok) {
      throw new AppError('BAD_INPUT', check.message, { hint: check.suggestion ?? 'Check the ticker.', fields: { symbol: check.message } });
    }
    const key = `${ticket.secType}:${check.symbol}:${ticket.currency}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const api = this.getApi();
    if (!api) throw new AppError('NOT_CONNECTED', 'Not connected to the Gateway.', { hint: 'Symbol lookup needs the API connection.' });
    let fail: (code: number, message: string) => void = () => undefined;
    const reqId = this.requestIds.take('contract', (code, message) => fail(code, message));
    const contract = ticketContract({ ...ticket, symbol: check.symbol } as ParsedTicket);
    const info = await new Promise<ContractInfo>((resolve, reject) => {
      const found: ContractDetails[] = [];
      const cleanup = () => {
        clearTimeout(timer);
        this.requestIds.release(reqId);
        api.off(EventName.contractDetails, onDetails);
        api.off(EventName.contractDetailsEnd, onEnd);
      };
      const onDetails = (id: number, d: ContractDetails) => {
        if (id === reqId) found.push(d);
      };
      const onEnd = (id: number) => {
        if (id !== reqId) return;
        cleanup();
        const d = found[0];
        if (!d?.contract) return reject(notFound(check.symbol));
        resolve({
          conId: d.contract.conId ?? 0,
          symbol: d.contract.secType === 'CASH' ? `${d.contract.symbol}.${d.contract.currency}` : (d.contract.symbol ?? check.symbol),
          secType: String(d.contract.secType ?? ticket.secType),
          exchange: d.contract.exchange ?? '',
          primaryExchange: d.contract.primaryExch ?? '',
          currency: d.contract.currency ?? ticket.currency,
          longName: d.longName ?? '',
          minTick: d.minTick ?? 0.01,
        });
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new AppError('IB_ERROR', `No answer for ${check.symbol} from the Gateway.`, { hint: 'Is the sec-def data farm connected? Try again.' }));
      }, timeoutMs);
      fail = (code, message) => {
        cleanup();
        reject(code === 200 ? notFound(check.symbol) : new AppError('IB_ERROR', message, { ibCode: code }));
      };
      api.on(EventName.contractDetails, onDetails);
      api.on(EventName.contractDetailsEnd, onEnd);
      api.reqContractDetails(reqId, contract);
    });
    this.cache.set(key, info);
    return info;
  }

}

function notFound(symbol: string): AppError {
  return new AppError('NOT_FOUND', `IB knows no instrument "${symbol}" of that type.`, {
    hint: 'Check the ticker, security type and currency (US stocks: plain ticker such as AAPL).',
    ibCode: 200,
    fields: { symbol: 'unknown symbol' },
  });
}
