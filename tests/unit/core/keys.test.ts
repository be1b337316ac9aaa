import { describe, expect, it } from 'vitest';
import { orderKey } from '../../../electron/core/contract/keys.ts';

describe('orderKey', () => {
  it('tells apart two clients that both placed order 1 (each client numbers its own orders)', () => {
    expect(orderKey({ clientId: 0, orderId: 1 })).not.toBe(orderKey({ clientId: 7, orderId: 1 }));
    expect(orderKey({ clientId: 7, orderId: 1 })).toBe('7:1');
  });

  it('knows an order typed into TWS (no API order id) by its permId, so two of them do not merge', () => {
    expect(orderKey({ clientId: 0, orderId: 0, permId: 11 })).not.toBe(orderKey({ clientId: 0, orderId: 0, permId: 12 }));
  });

  it('keeps an API order under one key before and after the Gateway assigns its permId', () => {
    expect(orderKey({ clientId: 3, orderId: 5, permId: 0 })).toBe(orderKey({ clientId: 3, orderId: 5, permId: 9001 }));
  });
});
