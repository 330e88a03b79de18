import { Connection, Keypair } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { PROGRAM_ID as PROGRAM, serverPerTest, testConnection, waitFor } from '../helpers/rpcFixtures.js';
import { MemoryLedger, RpcServer, type RpcTestServer } from '../helpers/rpcServer.js';

// The test server itself, driven by the real web3.js Connection.
let server: RpcTestServer;
let connection: Connection;

serverPerTest((s) => {
  server = s;
  connection = testConnection(server);
});

describe('RpcTestServer', () => {
  it('listens on 127.0.0.1 only, on a random port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it('serves getAccountInfo, getProgramAccounts withContext and dataSlice, slot/version/epoch', async () => {
    // Given
    const a = Keypair.generate().publicKey;
    server.setAccount(a, { owner: PROGRAM, data: Uint8Array.of(5, 1, 2, 3), lamports: 42 });
    // When / Then
    const info = await connection.getAccountInfo(a);
    expect(info?.lamports).toBe(42);
    expect([...info!.data]).toEqual([5, 1, 2, 3]);
    const ctx = await connection.getProgramAccounts(PROGRAM, { withContext: true, dataSlice: { offset: 1, length: 2 } });
    expect(ctx.context.slot).toBe(server.slot);
    expect([...ctx.value[0]!.account.data]).toEqual([1, 2]);
    expect(await connection.getSlot()).toBe(server.slot);
    expect((await connection.getVersion())['solana-core']).toBe('2.2.0');
    expect((await connection.getEpochInfo()).absoluteSlot).toBe(server.slot);
    expect(await connection.getAccountInfo(Keypair.generate().publicKey)).toBeNull();
  });

  it('pushes accountNotification to onAccountChange and records every request', async () => {
    // Given
    const a = Keypair.generate().publicKey;
    const seen: number[] = [];
    const id = connection.onAccountChange(a, (acc) => seen.push(acc.data[0]!));
    await waitFor('accountSubscribe', () => server.calls('accountSubscribe').length === 1);
    // When
    server.setAccount(a, { owner: PROGRAM, data: Uint8Array.of(9) });
    await waitFor('the notification', () => seen.length === 1);
    await connection.removeAccountChangeListener(id);
    await waitFor('accountUnsubscribe', () => server.calls('accountUnsubscribe').length === 1);
    // Then
    expect(seen).toEqual([9]);
    expect(server.requests.map((r) => r.seq)).toEqual(server.requests.map((_, i) => i + 1));
  });

  it('answers CORS preflights and lets any origin call it, recording the Origin (the browser suite runs on another port)', async () => {
    // Given a page origin other than the server's
    const origin = 'http://127.0.0.1:1';
    // When a browser would preflight a JSON POST, then send it
    const pre = await fetch(server.url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'getSlot', params: [] }),
    });
    // Then the preflight allows it, the answer carries the CORS header, and the call is recorded with its origin
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    expect(pre.headers.get('access-control-allow-headers')).toBe('content-type');
    expect(server.preflights).toBe(1);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(((await res.json()) as { result: number }).result).toBe(server.slot);
    expect(server.calls('getSlot').map((c) => c.origin)).toEqual([origin]);
    expect(server.requests.filter((r) => r.method !== 'getSlot')).toEqual([]);
  });

  it('answers unknown methods with a JSON-RPC error', async () => {
    const res = await fetch(server.url, { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'nope', params: [] }) });
    expect(await res.json()).toEqual({ jsonrpc: '2.0', id: 1, error: { code: -32601, message: 'Method not found' } });
  });
});

describe('RpcServer over a ledger', () => {
  it('serves on the port and the next one (where web3.js looks for the WebSocket) and enforces minContextSlot when asked', async () => {
    // Given a server over an in-memory ledger, on a pair of ports, enforcing minContextSlot
    const ledger = new MemoryLedger({ slot: 500 }, () => {
      throw new Error('no scripted sends here');
    });
    const s = await new RpcServer(ledger, { enforceMinContextSlot: true }).listen({ nextPort: true });
    try {
      expect(s.ports).toEqual([s.port, s.port + 1]);
      // When web3.js is given the RPC URL only (its WebSocket is port + 1) and subscribes
      const c = new Connection(s.url, 'confirmed');
      const a = Keypair.generate().publicKey;
      const seen: number[] = [];
      const id = c.onAccountChange(a, (acc) => seen.push(acc.data[0]!));
      await waitFor('accountSubscribe', () => s.calls('accountSubscribe').length === 1);
      ledger.setAccount(a, { owner: PROGRAM, data: Uint8Array.of(7), lamports: 9 });
      // Then the change arrives over the second port
      await waitFor('the notification', () => seen.length === 1);
      expect(seen).toEqual([7]);
      await c.removeAccountChangeListener(id);
      // And a read at a slot the ledger has reached is answered, one above it refused as a node refuses it
      expect((await c.getAccountInfo(a, { minContextSlot: 500 }))?.lamports).toBe(9);
      expect(await c.getBalance(a)).toBe(9);
      await expect(c.getAccountInfo(a, { minContextSlot: 501 })).rejects.toThrow(/Minimum context slot has not been reached/);
      // And an unknown commitment is a parameter error
      const res = await fetch(s.url, { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'getSlot', params: [{ commitment: 'soon' }] }) });
      expect(((await res.json()) as { error: { code: number } }).error.code).toBe(-32602);
    } finally {
      await s.close();
    }
  });
});
