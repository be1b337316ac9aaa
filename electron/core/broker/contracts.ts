/** Contract lookup with a cache; an unknown symbol becomes a clear message with a suggestion. */
import { EventName, type ContractDetails, type IBApi } from '@stoqey/ib';
import type { ContractInfo, ParsedTicket } from '../contract.ts';
import { AppError } from '../errors.ts';
import { checkSymbol } from './symbols.ts';
import { ticketContract } from './tickets.ts';

export class ContractBook {
  private readonly cache = new Map<string, ContractInfo>();
  private reqSeq = 700_000;
  private readonly pending = new Map<number, { reject: (e: AppError) => void }>();

  private readonly getApi: () => IBApi | null;

  constructor(getApi: () => IBApi | null) {
    this.getApi = getApi;
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
    const reqId = this.reqSeq++;
    const contract = ticketContract({ ...ticket, symbol: check.symbol } as ParsedTicket);
    const info = await new Promise<ContractInfo>((resolve, reject) => {
      const found: ContractDetails[] = [];
      const cleanup = () => {
        clearTimeout(timer);
        this.pending.delete(reqId);
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
      this.pending.set(reqId, {
        reject: (e) => {
          cleanup();
          reject(e);
        },
      });
      api.on(EventName.contractDetails, onDetails);
      api.on(EventName.contractDetailsEnd, onEnd);
      api.reqContractDetails(reqId, contract);
    });
    this.cache.set(key, info);
    return info;
  }

  /** Errors routed by request id; true when the id was a lookup of ours. */
  onError(id: number, code: number, _message: string, symbol?: string): boolean {
    const p = this.pending.get(id);
    if (!p) return false;
    p.reject(code === 200 ? notFound(symbol ?? 'that symbol') : new AppError('IB_ERROR', _message, { ibCode: code }));
    return true;
  }
}

function notFound(symbol: string): AppError {
  return new AppError('NOT_FOUND', `IB knows no instrument "${symbol}" of that type.`, {
    hint: 'Check the ticker, security type and currency (US stocks: plain ticker such as AAPL).',
    ibCode: 200,
    fields: { symbol: 'unknown symbol' },
  });
}
