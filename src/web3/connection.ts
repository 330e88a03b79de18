/**
 * A web3.js v1 `Connection` as the core's RPC and subscription ports. Requests go through the
 * Connection's own transport (`_rpcRequest`: its URL, headers, custom fetch and retry settings),
 * and the answers reach the core as raw JSON, which the core checks itself.
 */
import { PublicKey, type Connection, type KeyedAccountInfo } from '@solana/web3.js';
import { ValidationError } from '../core/errors.js';
import { resultOf, type RpcPort } from '../core/client/rpc.js';
import type { PubSubPort } from '../core/client/client.js';
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

/** Program subscriptions through the Connection's WebSocket (web3.js reconnects and resubscribes by itself). */
export function connectionPubSub(connection: Connection): PubSubPort {
  return {
    programSubscribe(programId, config, handlers) {
      const id = connection.onProgramAccountChange(
        new PublicKey(programId),
        (info: KeyedAccountInfo, ctx: { slot: number }) =>
          handlers.onNotification({
            pubkey: info.accountId,
            account: { owner: info.accountInfo.owner, lamports: info.accountInfo.lamports, data: info.accountInfo.data },
            slot: ctx.slot,
          }),
        { commitment: config.commitment, filters: config.filters, encoding: config.encoding },
      );
      let stopState = (): void => {};
      const onState = handlers.onStateChange;
      const watchState = (connection as unknown as { _onSubscriptionStateChange?: (id: number, cb: (s: string) => void) => () => void })
        ._onSubscriptionStateChange;
      if (onState && typeof watchState === 'function') {
        let live = false;
        stopState = watchState.call(connection, id, (state: string) => {
          if (state === 'subscribed' && !live) {
            live = true;
            onState('subscribed');
          } else if (state === 'pending' && live) {
            live = false;
            onState('interrupted');
          }
        });
      }
      let done = false;
      return async () => {
        if (done) return;
        done = true;
        stopState();
        await connection.removeProgramAccountChangeListener(id);
      };
    },
  };
}
