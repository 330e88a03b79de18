/**
 * The sample node's transports: JSON-RPC over HTTP (single calls and batches; CORS, so that a page
 * served from another origin can call it) and over WebSocket (the same methods, and account,
 * program and slot subscriptions), on 127.0.0.1 only. The methods are answered by the shared
 * protocol (protocol.ts) over the node's ledger (ledger.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { base58Encode } from '../../core/codec/base58.js';
import type { NodeLedger } from './ledger.js';
import {
  MAX_BODY,
  answerCors,
  answerRead,
  readPostBody,
  commitmentOf,
  configParam,
  notificationFor,
  NOT_A_READ,
  RpcFailure,
  slotNotification,
  subscriptionParams,
  transactionBytesParam,
  type SubscriptionSpec,
} from './protocol.js';

const HOST = '127.0.0.1';

interface Subscription extends SubscriptionSpec {
  ws: WebSocket;
}

export interface NodeServerOptions {
  /** The `solana-core` version getVersion reports (default 2.2.0). */
  version?: string;
}

export class NodeServer {
  /** Every port listened on (the first, and the next one where web3.js looks for the WebSocket). */
  ports: number[] = [];
  private readonly servers: Server[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly wss: WebSocketServer;
  private readonly subs = new Map<number, Subscription>();
  private nextSubId = 1;
  private readonly version: string;
  private readonly unlisten: () => void;
  private closed = false;

  constructor(
    readonly ledger: NodeLedger,
    opts: NodeServerOptions = {},
  ) {
    this.version = opts.version ?? '2.2.0';
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY });
    this.unlisten = ledger.listen({
      account: (c) => {
        for (const s of this.subs.values()) {
          if (s.ws.readyState !== 1 || s.kind === 'slot') continue;
          const n = notificationFor(s, c);
          if (n !== undefined) s.ws.send(JSON.stringify(n));
        }
      },
      slot: (slot) => {
        for (const s of this.subs.values()) if (s.ws.readyState === 1 && s.kind === 'slot') s.ws.send(JSON.stringify(slotNotification(s.id, slot)));
      },
    });
  }

  get url(): string {
    return `http://${HOST}:${this.ports[0]}`;
  }

  get wsUrl(): string {
    return `ws://${HOST}:${this.ports[0]}`;
  }

  private listenOn(port: number): Promise<Server> {
    const http = createServer((req, res) => void this.onHttp(req, res));
    http.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    http.on('upgrade', (req, socket, head) => this.wss.handleUpgrade(req, socket, head, (ws) => this.onWs(ws)));
    return new Promise((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, HOST, () => {
        http.off('error', reject);
        resolve(http);
      });
    });
  }

  /**
   * Listens on `port` (0: a free one) and, when `nextPort`, on the port after it too: web3.js's
   * Connection looks for the WebSocket there. With port 0 a free pair is found.
   */
  async listen(port: number, nextPort: boolean): Promise<this> {
    for (let attempt = 0; ; attempt++) {
      const first = await this.listenOn(port);
      const p = (first.address() as AddressInfo).port;
      if (!nextPort) {
        this.servers.push(first);
        this.ports = [p];
        return this;
      }
      try {
        const second = await this.listenOn(p + 1);
        this.servers.push(first, second);
        this.ports = [p, p + 1];
        return this;
      } catch (e) {
        await new Promise<void>((r) => first.close(() => r()));
        if (port !== 0 || attempt >= 50) throw e;
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unlisten();
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    for (const s of this.sockets) s.destroy();
    await Promise.all(this.servers.map((h) => new Promise<void>((r) => h.close(() => r()))));
  }

  // ---------------------------------------------------------------- HTTP

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (answerCors(req, res)) return;
    const body = await readPostBody(req, res, 'dzprov sample node: send JSON-RPC requests with POST\n');
    if (body === undefined) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.text);
    } catch {
      this.reply(res, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
      return;
    }
    if (Array.isArray(parsed)) {
      const out: unknown[] = [];
      for (const c of parsed) out.push(await this.dispatch(c, undefined));
      this.reply(res, out);
    } else {
      this.reply(res, await this.dispatch(parsed, undefined));
    }
  }

  private reply(res: ServerResponse, payload: unknown): void {
    if (res.destroyed) return;
    const text = JSON.stringify(payload);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
  }

  // ---------------------------------------------------------------- WebSocket

  private onWs(ws: WebSocket): void {
    ws.on('message', (raw: Buffer) => {
      let msg: { id?: unknown };
      try {
        msg = JSON.parse(raw.toString('utf8'));
      } catch {
        ws.send(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }));
        return;
      }
      // A notification (no id, e.g. web3.js's "ping" heartbeat) gets no answer.
      if (msg === null || typeof msg !== 'object' || msg.id === undefined || msg.id === null) return;
      void this.dispatch(msg, ws).then((answer) => {
        if (ws.readyState === 1) ws.send(JSON.stringify(answer));
      });
    });
    ws.on('close', () => {
      for (const [id, s] of this.subs) if (s.ws === ws) this.subs.delete(id);
    });
  }

  // ---------------------------------------------------------------- methods

  private async dispatch(c: unknown, ws: WebSocket | undefined): Promise<unknown> {
    const call = (c && typeof c === 'object' ? c : {}) as { id?: unknown; method?: unknown; params?: unknown };
    const id = call.id ?? null;
    const params = Array.isArray(call.params) ? call.params : [];
    try {
      if (typeof call.method !== 'string') throw new RpcFailure(-32600, 'Invalid request');
      return { jsonrpc: '2.0', id, result: await this.call(call.method, params, ws) };
    } catch (e) {
      if (e instanceof RpcFailure) return { jsonrpc: '2.0', id, error: { code: e.code, message: e.message, ...(e.data === undefined ? {} : { data: e.data }) } };
      return { jsonrpc: '2.0', id, error: { code: -32603, message: `Internal error: ${(e as Error).message}` } };
    }
  }

  private async call(method: string, p: unknown[], ws: WebSocket | undefined): Promise<unknown> {
    const L = this.ledger;
    const read = await answerRead(L, method, p, { version: this.version, at: (cfg) => commitmentOf(cfg) });
    if (read !== NOT_A_READ) return read;
    switch (method) {
      case 'simulateTransaction': {
        const cfg = configParam(p[1]) as { sigVerify?: unknown; replaceRecentBlockhash?: unknown; encoding?: unknown; commitment?: unknown };
        commitmentOf(cfg);
        const raw = transactionBytesParam(p[0], cfg.encoding ?? 'base58', 'invalid transaction');
        const r = L.simulate(raw, { sigVerify: cfg.sigVerify === true, replaceRecentBlockhash: cfg.replaceRecentBlockhash === true });
        return {
          context: { slot: L.slot(), apiVersion: this.version },
          value: { err: r.err, logs: r.logs, accounts: null, unitsConsumed: 0, returnData: null, ...(r.replacementBlockhash ? { replacementBlockhash: r.replacementBlockhash } : {}) },
        };
      }
      case 'sendTransaction': {
        const cfg = configParam(p[1]) as { skipPreflight?: unknown; preflightCommitment?: unknown; encoding?: unknown };
        commitmentOf({ commitment: cfg.preflightCommitment });
        const raw = transactionBytesParam(p[0], cfg.encoding ?? 'base58', 'failed to deserialize transaction');
        return L.send(raw, { skipPreflight: cfg.skipPreflight === true });
      }
      case 'getTransaction': {
        const cfg = configParam(p[1]) as { maxSupportedTransactionVersion?: unknown };
        if (commitmentOf(cfg) === 'processed') throw new RpcFailure(-32602, 'Method does not support commitment below `confirmed`');
        const t = L.landed.get(String(p[0]));
        if (!t) return null;
        if (t.tx.version !== 'legacy' && cfg.maxSupportedTransactionVersion === undefined) {
          throw new RpcFailure(-32015, `Transaction version (${t.tx.version}) is not supported by the requesting client. Please try the request again with the following configuration parameter: "maxSupportedTransactionVersion": ${t.tx.version}`);
        }
        const m = t.tx;
        return {
          slot: t.slot,
          blockTime: null,
          version: m.version,
          transaction: {
            signatures: m.signatures.map((s) => base58Encode(s)),
            message: {
              accountKeys: m.accountKeys,
              header: m.header,
              recentBlockhash: m.recentBlockhash,
              instructions: m.instructions.map((ix) => ({ programIdIndex: ix.programIdIndex, accounts: ix.accounts, data: base58Encode(ix.data) })),
              ...(m.version === 'legacy' ? {} : { addressTableLookups: [] }),
            },
          },
          meta: {
            err: t.err,
            status: t.err === null ? { Ok: null } : { Err: t.err },
            fee: 0,
            preBalances: m.accountKeys.map(() => 0),
            postBalances: m.accountKeys.map(() => 0),
            innerInstructions: [],
            logMessages: t.logs,
            preTokenBalances: [],
            postTokenBalances: [],
            rewards: [],
            loadedAddresses: { writable: [], readonly: [] },
            computeUnitsConsumed: 0,
          },
        };
      }
      case 'programSubscribe':
      case 'accountSubscribe':
      case 'slotSubscribe': {
        if (!ws) throw new RpcFailure(-32601, 'Method not found');
        const id = this.nextSubId++;
        this.subs.set(id, { id, ws, ...subscriptionParams(method, p) });
        return id;
      }
      case 'programUnsubscribe':
      case 'accountUnsubscribe':
      case 'slotUnsubscribe':
        return this.subs.delete(Number(p[0]));
      default:
        throw new RpcFailure(-32601, 'Method not found');
    }
  }
}
