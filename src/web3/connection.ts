/**
 * A web3.js v1 `Connection` as the core's RPC port. Requests go through the Connection's own
 * transport (`_rpcRequest`: its URL, headers, custom fetch and retry settings), and the answers
 * reach the core as raw JSON, which the core checks itself. (Subscriptions do not go through the
 * Connection: they use the core's own WebSocket layer, src/core/client/ws.ts.)
 */
import type { Connection } from '@solana/web3.js';
import { ValidationError } from '../core/errors.js';
import { resultOf, type RpcPort } from '../core/client/rpc.js';
import { describeValue } from '../core/validate.js';

type RawRequest = (method: string, args: unknown[]) => Promise<unknown>;

/** The RPC port of a web3.js v1 Connection. */
export function connectionRpc(connection: Connection): RpcPort {
  const req = (connection as unknown as { _rpcRequest?: RawRequest })?._rpcRequest;
  if (typeof req !== 'function') {
    throw new ValidationError(
      'connection',
      'must be a web3.js v1 Connection',
      `invalid connection: must be a web3.js v1 Connection (one with _rpcRequest), got ${describeValue(connection)}`,
    );
  }
  return {
    async request(method, params) {
      return resultOf(method, await req.call(connection, method, [...params]));
    },
  };
}

/** The WebSocket URL a Connection was made with (web3.js's own rule when none was given: the port + 1). */
export function connectionWsUrl(connection: Connection): string | undefined {
  const ws = (connection as unknown as { _rpcWsEndpoint?: unknown })._rpcWsEndpoint;
  return typeof ws === 'string' ? ws : undefined;
}
