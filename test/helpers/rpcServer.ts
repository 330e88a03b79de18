/**
 * A local Solana JSON-RPC 2.0 server: HTTP (node:http) and WebSocket (`ws`) on 127.0.0.1 (one
 * port, or a port and the next one, where web3.js looks for the WebSocket), in front of a
 * pluggable ledger (rpcLedger.ts). It speaks exactly what web3.js v1's Connection sends for the
 * calls dzprov makes, so tests drive the REAL Connection over real sockets. Every request is
 * recorded (method, params, sizes); faults can be scripted.
 *
 * `RpcTestServer` is the server over the in-memory ledger (memoryLedger.ts) the client and CLI
 * tests fill with bytes made by the SDK's encoders, with scripted sends and slow confirmations.
 * The oracle node (test/oracle-node/) puts the serviceability program itself behind `RpcServer`.
 *
 * The JSON-RPC protocol itself (parameters, answers, filters, notifications, the read methods) is
 * the sample node's (src/cli/node/protocol.ts): one piece for both. Otherwise this file imports
 * nothing from src/ (the bench compiles it on its own, bundling that module with it).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { PublicKey, VersionedTransaction } from '@solana/web3.js';
import {
  MAX_BODY,
  accountJson,
  answerCors,
  answerRead,
  readPostBody,
  configParam,
  NOT_A_READ,
  notificationFor,
  slotNotification,
  subscriptionParams,
  transactionBytesParam,
  type SubscriptionSpec,
} from '../../src/cli/node/protocol.js';
import bs58 from 'bs58';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  MemoryLedger,
  type MemoryLedgerOptions,
  type SendBehaviour,
  type SentTransaction,
} from './memoryLedger.js';
import {
  RpcFailure,
  commitmentOf,
  type AccountChange,
  type Commitment,
  type KeyLike,
  type RpcLedger,
  type SendAnswer,
  type SimulationResult,
  type StoredAccount,
} from './rpcLedger.js';

export { MemoryLedger, RpcFailure, type Commitment, type KeyLike, type RpcLedger, type SendAnswer, type SendBehaviour, type SentTransaction, type SimulationResult, type StoredAccount };
export { matchesParsed, parseFilters, type ParsedFilter } from '../../src/cli/node/protocol.js';
export type { AccountChange, LandedTransaction, LedgerListener, SendReceipt, SignatureStatus } from './rpcLedger.js';

export interface RecordedRequest {
  /** 1-based order of arrival over both transports. */
  seq: number;
  transport: 'http' | 'ws';
  method: string;
  params: unknown;
  /** Size of the request body (HTTP) or message (WS) in bytes. */
  requestBytes: number;
  /** Size of the response body in bytes (0 when a fault swallowed it). */
  responseBytes: number;
  /** The fault applied to this request, if any. */
  fault?: FaultKind;
  /** The Origin header of the HTTP request or WebSocket upgrade (sent by browsers). */
  origin?: string;
}

export type FaultKind = '429' | '500' | '503' | 'hang' | 'drop' | 'malformed' | 'html' | 'wrong-type' | 'drip';

export interface FaultRule {
  kind: FaultKind;
  /** How many matching requests get the fault (default 1). */
  count?: number;
  /** Only requests for this JSON-RPC method (default: any HTTP request). */
  method?: string;
  /** ('429') The Retry-After header to send, as given (e.g. "2" or an HTTP date). */
  retryAfter?: string;
  /** ('drip') Delay between two bytes of the answer, in ms (default 200). */
  dripMs?: number;
}

export interface RpcServerOptions {
  /** Stop by itself after this long (default 120 s; 0: never). */
  maxLifetimeMs?: number;
  /**
   * Answer -32016 ("Minimum context slot has not been reached") when a request's minContextSlot
   * is above the ledger's slot at the request's commitment, as a real node does (default false:
   * minContextSlot is ignored).
   */
  enforceMinContextSlot?: boolean;
  /** The `solana-core` version getVersion reports and the `apiVersion` of contexts (default 2.2.0). */
  version?: string;
}

export interface ListenOptions {
  /** The port (default 0: any free port). */
  port?: number;
  /**
   * Serve the same on port + 1 too: web3.js derives a WebSocket URL with the port + 1 from an
   * http URL with a port. With port 0, a free pair of ports is found.
   */
  nextPort?: boolean;
}

interface Subscription extends SubscriptionSpec {
  ws: WebSocket;
}

/** What one HTTP request's dispatch left for the transport: a scripted answer to a sendTransaction. */
interface RequestState {
  scripted?: { answer: SendAnswer; signature: string };
}

const SYSTEM_PROGRAM = '11111111111111111111111111111111';

export class RpcServer {
  readonly requests: RecordedRequest[] = [];
  /**
   * Rewrites the answer to a single HTTP call before it is sent (malformed-answer tests): a
   * string is sent as the raw body (text/html), any other value as JSON; undefined keeps it.
   */
  rewriteAnswer: ((method: string, answer: unknown) => unknown) | undefined = undefined;
  /**
   * Awaited after a single HTTP call's answer is made and before it is sent (to change the ledger
   * while an answer is on its way: the answer then shows the state before).
   */
  beforeAnswer: ((method: string, params: unknown) => Promise<void>) | undefined = undefined;
  /** Every other HTTP request is answered with HTTP 500 (the first one included). */
  alternate5xx = false;
  private alternateCount = 0;
  /** CORS preflight (OPTIONS) requests answered. */
  preflights = 0;
  /**
   * WebSocket misbehaviours (the subscription suites): programSubscribe requests refused with a
   * JSON-RPC error or left unanswered (counts, consumed in that order; Infinity for all), and a
   * silent node (nothing at all is sent on any socket while `silent` is true).
   */
  readonly wsFaults = { refuseProgramSubscribe: 0, ignoreProgramSubscribe: 0, silent: false };
  /** The first port listened on (see `ports`). */
  port = 0;
  /** Every port listened on. */
  ports: number[] = [];
  readonly version: string;

  private readonly faultRules: (FaultRule & { remaining: number })[] = [];
  private readonly servers: Server[] = [];
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<Socket>();
  private readonly hung = new Set<ServerResponse>();
  private readonly subs = new Map<number, Subscription>();
  private readonly enforceMinContextSlot: boolean;
  private nextSubId = 1;
  private seq = 0;
  private lifetimeTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    readonly ledger: RpcLedger,
    opts: RpcServerOptions = {},
  ) {
    this.enforceMinContextSlot = opts.enforceMinContextSlot ?? false;
    this.version = opts.version ?? '2.2.0';
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY });
    const lifetime = opts.maxLifetimeMs ?? 120_000;
    if (lifetime > 0) {
      this.lifetimeTimer = setTimeout(() => void this.close(), lifetime);
      this.lifetimeTimer.unref();
    }
    ledger.listen({ account: (c) => this.onAccountChange(c), slot: (s) => this.onSlot(s) });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  private makeHttp(): Server {
    const http = createServer((req, res) => void this.onHttp(req, res));
    http.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    http.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onWs(ws, req.headers.origin));
    });
    return http;
  }

  private listenOn(port: number): Promise<Server> {
    const http = this.makeHttp();
    return new Promise((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, '127.0.0.1', () => {
        http.off('error', reject);
        resolve(http);
      });
    });
  }

  async listen(opts: ListenOptions = {}): Promise<this> {
    const port = opts.port ?? 0;
    for (let attempt = 0; ; attempt++) {
      const first = await this.listenOn(port);
      const p = (first.address() as AddressInfo).port;
      if (!opts.nextPort) {
        this.servers.push(first);
        this.ports = [p];
        break;
      }
      try {
        const second = await this.listenOn(p + 1);
        this.servers.push(first, second);
        this.ports = [p, p + 1];
        break;
      } catch (e) {
        await new Promise<void>((r) => first.close(() => r()));
        if (port !== 0 || attempt >= 50) throw e;
      }
    }
    this.port = this.ports[0]!;
    return this;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.lifetimeTimer);
    for (const res of this.hung) res.destroy();
    this.hung.clear();
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    for (const s of this.sockets) s.destroy();
    await Promise.all(this.servers.map((h) => new Promise<void>((r) => h.close(() => r()))));
    await this.ledger.close?.();
  }

  // ---------------------------------------------------------------- scripting

  /** The next `count` matching HTTP requests get `kind`. Rules are consumed in order. */
  injectFault(rule: FaultRule): void {
    this.faultRules.push({ ...rule, remaining: rule.count ?? 1 });
  }

  clearFaults(): void {
    this.faultRules.length = 0;
  }

  /** Recorded requests for `method`. */
  calls(method: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method);
  }

  resetRecords(): void {
    this.requests.length = 0;
  }

  /** Total bytes in and out over the recorded requests (optionally of one method). */
  traffic(method?: string): { calls: number; requestBytes: number; responseBytes: number } {
    const rs = method ? this.calls(method) : this.requests;
    return {
      calls: rs.length,
      requestBytes: rs.reduce((a, r) => a + r.requestBytes, 0),
      responseBytes: rs.reduce((a, r) => a + r.responseBytes, 0),
    };
  }

  /** The server's program and account subscription ids currently open (slot subscriptions: `slotSubscriptionIds`). */
  get subscriptionIds(): number[] {
    return [...this.subs.values()].filter((s) => s.kind !== 'slot').map((s) => s.id);
  }

  /** The server's slot subscription ids currently open (dzprov's heartbeat). */
  get slotSubscriptionIds(): number[] {
    return [...this.subs.values()].filter((s) => s.kind === 'slot').map((s) => s.id);
  }

  // ---------------------------------------------------------------- HTTP

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // CORS, so that a page served from another 127.0.0.1 port (the browser suite) can call it.
    if (answerCors(req, res)) {
      this.preflights++;
      return;
    }
    const read = await readPostBody(req, res);
    if (read === undefined) return;
    const { text: body, size } = read;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      this.reply(res, 200, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
      return;
    }
    const batch = Array.isArray(parsed);
    const calls = (batch ? parsed : [parsed]) as { id?: unknown; method?: unknown; params?: unknown }[];
    const records = calls.map((c) => this.record('http', c, batch ? 0 : size, req.headers.origin));
    if (batch) records.forEach((r) => (r.requestBytes = Math.round(size / records.length)));
    // Faults apply to the whole HTTP request.
    if (this.alternate5xx && this.alternateCount++ % 2 === 0) {
      for (const r of records) r.fault = '500';
      res.writeHead(500, { 'content-type': 'text/plain' }).end('alternating server error');
      return;
    }
    const rule = this.takeFaultRule(records.map((r) => r.method));
    const fault = rule?.kind;
    const state: RequestState = {};
    const dispatchAll = async (): Promise<unknown[]> => {
      const out: unknown[] = [];
      // One call after the other, in the order given (a batch is answered in order).
      for (const c of calls) out.push(await this.dispatch(c, 'http', undefined, state));
      return out;
    };
    if (fault) {
      for (const r of records) r.fault = fault;
      switch (fault) {
        case '429': {
          const text = JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: 429, message: 'Too many requests' } });
          res
            .writeHead(429, { 'content-type': 'application/json', ...(rule?.retryAfter !== undefined ? { 'retry-after': rule.retryAfter } : {}) })
            .end(text);
          return;
        }
        case 'html':
          res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><h1>502 Bad Gateway</h1>\x1b[31m</body></html>');
          return;
        case 'wrong-type': {
          const out = calls.map((c) => ({ jsonrpc: '2.0', id: c.id ?? null, result: 'not what you asked for' }));
          this.reply(res, 200, batch ? out : out[0], records);
          return;
        }
        case 'drip': {
          // The real answer, one byte at a time (a node that stalls mid-body).
          const out = await dispatchAll();
          const text = JSON.stringify(batch ? out : out[0]);
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
          this.hung.add(res);
          res.on('close', () => this.hung.delete(res));
          let i = 0;
          const timer = setInterval(() => {
            if (i >= text.length || res.destroyed) {
              clearInterval(timer);
              if (!res.destroyed) res.end();
              return;
            }
            res.write(text[i++]!);
          }, rule?.dripMs ?? 200);
          return;
        }
        case '500':
        case '503':
          res.writeHead(Number(fault), { 'content-type': 'text/plain' }).end('injected server error');
          return;
        case 'hang':
          this.hung.add(res);
          res.on('close', () => this.hung.delete(res));
          return;
        case 'drop':
          req.socket.destroy();
          return;
        case 'malformed': {
          const out = calls.map((c) => ({ jsonrpc: '2.0', id: c.id ?? null, result: { unexpected: true } }));
          this.reply(res, 200, batch ? out : out[0], records);
          return;
        }
      }
    }
    const out = await dispatchAll();
    if (!batch && this.beforeAnswer) await this.beforeAnswer(records[0]!.method, records[0]!.params);
    const scripted = state.scripted;
    if (scripted && !batch) {
      // A hostile answer to a sendTransaction that was accepted (the transaction is recorded).
      const id = calls[0]!.id ?? null;
      switch (scripted.answer) {
        case 'error':
          this.reply(res, 200, { jsonrpc: '2.0', id, error: { code: -32005, message: 'Node is unhealthy \x1b[2J\u202e' } }, records);
          return;
        case 'html':
          res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Service Unavailable</body></html>');
          return;
        case 'wrong-signature':
          this.reply(res, 200, { jsonrpc: '2.0', id, result: bs58.encode(createHash('sha512').update(scripted.signature).digest()) }, records);
          return;
        case 'malformed':
          this.reply(res, 200, { jsonrpc: '2.0', id, result: { signature: scripted.signature } }, records);
          return;
        case 'drop':
          req.socket.destroy();
          return;
        case 'hang':
          this.hung.add(res);
          res.on('close', () => this.hung.delete(res));
          return;
      }
    }
    const rewritten = !batch && this.rewriteAnswer ? this.rewriteAnswer(records[0]!.method, out[0]) : undefined;
    if (typeof rewritten === 'string') {
      for (const r of records) r.responseBytes = Buffer.byteLength(rewritten);
      res.writeHead(200, { 'content-type': 'text/html' }).end(rewritten);
      return;
    }
    this.reply(res, 200, rewritten !== undefined ? rewritten : batch ? out : out[0], records);
  }

  private reply(res: ServerResponse, status: number, payload: unknown, records: RecordedRequest[] = []): void {
    if (res.destroyed) return;
    const text = JSON.stringify(payload);
    const bytes = Buffer.byteLength(text);
    for (const r of records) r.responseBytes = Math.round(bytes / records.length);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': bytes }).end(text);
  }

  private record(transport: 'http' | 'ws', c: { method?: unknown; params?: unknown }, bytes: number, origin?: string): RecordedRequest {
    const r: RecordedRequest = {
      seq: ++this.seq,
      transport,
      method: typeof c.method === 'string' ? c.method : '<invalid>',
      params: c.params,
      requestBytes: bytes,
      responseBytes: 0,
      ...(origin === undefined ? {} : { origin }),
    };
    this.requests.push(r);
    return r;
  }

  private takeFaultRule(methods: string[]): (FaultRule & { remaining: number }) | undefined {
    for (const rule of this.faultRules) {
      if (rule.remaining <= 0) continue;
      if (rule.method && !methods.includes(rule.method)) continue;
      rule.remaining--;
      return rule;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- WebSocket

  private onWs(ws: WebSocket, origin: string | undefined): void {
    ws.on('message', (raw: Buffer) => {
      const text = raw.toString('utf8');
      let msg: { id?: unknown; method?: unknown; params?: unknown };
      try {
        msg = JSON.parse(text);
      } catch {
        ws.send(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }));
        return;
      }
      const rec = this.record('ws', msg, Buffer.byteLength(text), origin);
      // A notification (no id, e.g. web3.js's "ping" heartbeat) gets no answer.
      if (msg.id === undefined || msg.id === null) return;
      if (msg.method === 'programSubscribe' && this.wsFaults.refuseProgramSubscribe > 0) {
        this.wsFaults.refuseProgramSubscribe--;
        rec.fault = 'malformed';
        this.wsSend(ws, JSON.stringify({ jsonrpc: '2.0', id: msg.id, error: { code: -32603, message: 'Internal error: subscription refused' } }));
        return;
      }
      if (msg.method === 'programSubscribe' && this.wsFaults.ignoreProgramSubscribe > 0) {
        this.wsFaults.ignoreProgramSubscribe--;
        rec.fault = 'hang';
        return;
      }
      void this.dispatch(msg, 'ws', ws, {}).then((answer) => {
        const out = JSON.stringify(answer);
        rec.responseBytes = Buffer.byteLength(out);
        this.wsSend(ws, out);
      });
    });
    ws.on('close', () => {
      for (const [id, s] of this.subs) if (s.ws === ws) this.subs.delete(id);
    });
  }

  /** Sends one message on a socket, unless the node is silent or the socket closed. */
  private wsSend(ws: WebSocket, text: string): void {
    if (this.wsFaults.silent || ws.readyState !== 1) return;
    ws.send(text);
  }

  /** Closes every WebSocket at once (a node restart, a proxy dropping connections). */
  terminateSockets(): void {
    for (const ws of this.wss.clients) ws.terminate();
  }

  /** Open WebSocket connections. */
  get socketCount(): number {
    return this.wss.clients.size;
  }

  /**
   * Sends a programNotification of the server's making to every program subscription: `result`
   * gets the subscription and returns the notification's `result` (anything: the malformed
   * notification suites); a string is sent as the whole message instead.
   */
  pushProgramNotification(result: (sub: { id: number; key: string }) => unknown): void {
    for (const s of this.subs.values()) {
      if (s.kind !== 'program') continue;
      const r = result({ id: s.id, key: s.key });
      this.wsSend(s.ws, typeof r === 'string' ? r : JSON.stringify({ jsonrpc: '2.0', method: 'programNotification', params: { subscription: s.id, result: r } }));
    }
  }

  /** A notification result for `pubkey` with `acc` at `slot`, as the node encodes it (for pushProgramNotification). */
  static notificationResult(pubkey: string, acc: StoredAccount, slot: number): unknown {
    return { context: { slot }, value: { pubkey, account: accountJson(acc, 'base64') } };
  }

  /** Pushes a change to every subscription it concerns. */
  private onAccountChange(change: AccountChange): void {
    for (const s of this.subs.values()) {
      if (s.ws.readyState !== 1 || s.kind === 'slot') continue;
      if (change.commitment !== undefined && change.commitment !== s.commitment) continue;
      const n = notificationFor(s, change);
      if (n !== undefined) this.wsSend(s.ws, JSON.stringify(n));
    }
  }

  private onSlot(slot: { slot: number; parent: number; root: number }): void {
    for (const s of this.subs.values()) {
      if (s.ws.readyState !== 1 || s.kind !== 'slot') continue;
      this.wsSend(s.ws, JSON.stringify(slotNotification(s.id, slot)));
    }
  }

  // ---------------------------------------------------------------- methods

  private async dispatch(
    c: { id?: unknown; method?: unknown; params?: unknown },
    transport: 'http' | 'ws',
    ws: WebSocket | undefined,
    state: RequestState,
  ): Promise<unknown> {
    const id = c.id ?? null;
    const params = Array.isArray(c.params) ? c.params : [];
    try {
      const result = await this.call(String(c.method), params, transport, ws, state);
      return { jsonrpc: '2.0', id, result };
    } catch (e) {
      if (e instanceof RpcFailure) return { jsonrpc: '2.0', id, error: { code: e.code, message: e.message, ...(e.data === undefined ? {} : { data: e.data }) } };
      return { jsonrpc: '2.0', id, error: { code: -32603, message: `Internal error: ${(e as Error).message}` } };
    }
  }

  private ctx<T>(slot: number, value: T): { context: { slot: number; apiVersion: string }; value: T } {
    return { context: { slot, apiVersion: this.version }, value };
  }

  /** The request's commitment, with its minContextSlot checked against the ledger. */
  private at(config: unknown): Commitment {
    const c = commitmentOf(config);
    const min = config && typeof config === 'object' ? (config as { minContextSlot?: unknown }).minContextSlot : undefined;
    if (this.enforceMinContextSlot && min !== undefined && min !== null) {
      if (typeof min !== 'number' || !Number.isSafeInteger(min)) throw new RpcFailure(-32602, 'Invalid params: minContextSlot');
      const slot = this.ledger.slot(c);
      if (slot < min) throw new RpcFailure(-32016, 'Minimum context slot has not been reached', { contextSlot: slot });
    }
    return c;
  }

  private async call(method: string, p: unknown[], transport: 'http' | 'ws', ws: WebSocket | undefined, state: RequestState): Promise<unknown> {
    const L = this.ledger;
    const read = await answerRead(L, method, p, { version: this.version, at: (cfg) => this.at(cfg) });
    if (read !== NOT_A_READ) return read;
    switch (method) {
      case 'simulateTransaction': {
        const cfg = configParam(p[1]) as { sigVerify?: unknown; replaceRecentBlockhash?: unknown; encoding?: unknown };
        const c = this.at(cfg);
        const tx = transactionParam(p[0], cfg.encoding ?? 'base58', 'invalid transaction');
        const sigVerify = cfg.sigVerify === true;
        const replaceRecentBlockhash = cfg.replaceRecentBlockhash === true;
        if (sigVerify && replaceRecentBlockhash) throw new RpcFailure(-32602, 'sigVerify may not be used with replaceRecentBlockhash');
        const r = await L.simulate(tx.tx, { sigVerify, replaceRecentBlockhash, commitment: c });
        return this.ctx(L.slot(c), {
          err: r.err,
          logs: r.logs,
          accounts: null,
          unitsConsumed: r.unitsConsumed ?? 0,
          returnData: null,
          ...(r.replacementBlockhash ? { replacementBlockhash: r.replacementBlockhash } : {}),
        });
      }
      case 'sendTransaction': {
        const cfg = configParam(p[1]) as { skipPreflight?: unknown; preflightCommitment?: unknown; encoding?: unknown };
        const { raw, tx } = transactionParam(p[0], cfg.encoding ?? 'base58', 'failed to deserialize transaction');
        const preflightCommitment = commitmentOf({ commitment: cfg.preflightCommitment });
        const receipt = await L.send(raw, tx, { skipPreflight: cfg.skipPreflight === true, preflightCommitment });
        if (receipt.answer) state.scripted = { answer: receipt.answer, signature: receipt.signature };
        return receipt.signature;
      }
      case 'getTransaction': {
        const cfg = configParam(p[1]) as { maxSupportedTransactionVersion?: unknown };
        const c = commitmentOf(cfg);
        if (c === 'processed') throw new RpcFailure(-32602, 'Method does not support commitment below `confirmed`');
        const found = await L.transaction(String(p[0]), c);
        if (!found) return null;
        const t = found.transaction;
        if (t.version !== 'legacy' && cfg.maxSupportedTransactionVersion === undefined) {
          throw new RpcFailure(
            -32015,
            `Transaction version (${t.version}) is not supported by the requesting client. Please try the request again with the following configuration parameter: "maxSupportedTransactionVersion": ${t.version}`,
          );
        }
        const m = t.message;
        return {
          slot: found.slot,
          blockTime: found.blockTime,
          version: t.version,
          transaction: {
            signatures: t.signatures.map((sig) => bs58.encode(sig)),
            message: {
              accountKeys: m.staticAccountKeys.map((k) => k.toBase58()),
              header: m.header,
              recentBlockhash: m.recentBlockhash,
              instructions: m.compiledInstructions.map((ix) => ({
                programIdIndex: ix.programIdIndex,
                accounts: [...ix.accountKeyIndexes],
                data: bs58.encode(ix.data),
              })),
              ...(t.version === 'legacy' ? {} : { addressTableLookups: m.addressTableLookups }),
            },
          },
          meta: {
            err: found.err,
            status: found.err === null ? { Ok: null } : { Err: found.err },
            fee: found.fee,
            preBalances: found.preBalances,
            postBalances: found.postBalances,
            innerInstructions: [],
            logMessages: found.logs,
            preTokenBalances: [],
            postTokenBalances: [],
            rewards: [],
            loadedAddresses: { writable: [], readonly: [] },
            computeUnitsConsumed: found.computeUnitsConsumed,
          },
        };
      }
      case 'programSubscribe':
      case 'accountSubscribe':
      case 'slotSubscribe': {
        if (transport !== 'ws' || !ws) throw new RpcFailure(-32601, 'Method not found');
        const id = this.nextSubId++;
        this.subs.set(id, { id, ws, ...subscriptionParams(method, p) });
        return id;
      }
      case 'programUnsubscribe':
      case 'accountUnsubscribe':
      case 'slotUnsubscribe': {
        const id = Number(p[0]);
        return this.subs.delete(id);
      }
      default:
        throw new RpcFailure(-32601, 'Method not found');
    }
  }
}

// ------------------------------------------------------------------------------------------
// The in-memory test server

export interface RpcTestServerOptions extends MemoryLedgerOptions {
  /** Stop by itself after this long (default 120 s). */
  maxLifetimeMs?: number;
  /** Answer -32016 to a minContextSlot above the ledger's slot (see RpcServerOptions). */
  enforceMinContextSlot?: boolean;
}

/**
 * The server over an in-memory ledger (MemoryLedger), with the ledger's scripting surface on the
 * server itself: the account map, scripted sends and simulations, slot and block height.
 */
export class RpcTestServer extends RpcServer {
  readonly memory: MemoryLedger;

  constructor(opts: RpcTestServerOptions = {}) {
    const ref: { server?: RpcTestServer } = {};
    const memory = new MemoryLedger(opts, () => ref.server!);
    super(memory, { maxLifetimeMs: opts.maxLifetimeMs ?? 120_000, enforceMinContextSlot: opts.enforceMinContextSlot ?? false });
    ref.server = this;
    this.memory = memory;
  }

  get accounts(): Map<string, StoredAccount> {
    return this.memory.accounts;
  }
  get sent(): SentTransaction[] {
    return this.memory.sent;
  }
  /** Behaviour of the next sendTransaction calls, consumed in order; then `defaultSend`. */
  get sendQueue(): SendBehaviour[] {
    return this.memory.sendQueue;
  }
  get defaultSend(): SendBehaviour {
    return this.memory.defaultSend;
  }
  set defaultSend(b: SendBehaviour) {
    this.memory.defaultSend = b;
  }
  /** Scripted simulateTransaction answer (default: success with two log lines). */
  get simulate(): (tx: VersionedTransaction) => SimulationResult {
    return this.memory.simulateWith;
  }
  set simulate(fn: (tx: VersionedTransaction) => SimulationResult) {
    this.memory.simulateWith = fn;
  }
  /** See MemoryLedger.heightStepPerPoll. */
  get heightStepPerPoll(): number {
    return this.memory.heightStepPerPoll;
  }
  set heightStepPerPoll(n: number) {
    this.memory.heightStepPerPoll = n;
  }
  /** See MemoryLedger.statusCommitment. */
  get statusCommitment(): Commitment {
    return this.memory.statusCommitment;
  }
  set statusCommitment(c: Commitment) {
    this.memory.statusCommitment = c;
  }
  /** See MemoryLedger.statusLagSlots. */
  get statusLagSlots(): number {
    return this.memory.statusLagSlots;
  }
  set statusLagSlots(n: number) {
    this.memory.statusLagSlots = n;
  }
  get slot(): number {
    return this.memory.slotNow;
  }
  set slot(n: number) {
    this.memory.slotNow = n;
  }
  get blockHeight(): number {
    return this.memory.blockHeightNow;
  }
  set blockHeight(n: number) {
    this.memory.blockHeightNow = n;
  }
  get blockhashValidity(): number {
    return this.memory.blockhashValidity;
  }

  setAccount(pubkey: KeyLike, account: { owner: KeyLike; data: Uint8Array; lamports?: number; executable?: boolean }): void {
    this.memory.setAccount(pubkey, account);
  }
  deleteAccount(pubkey: KeyLike): void {
    this.memory.deleteAccount(pubkey);
  }
  /** Whether setAccount deploys the owner program too (see MemoryLedger.deployOwners). */
  get deployOwners(): boolean {
    return this.memory.deployOwners;
  }
  set deployOwners(v: boolean) {
    this.memory.deployOwners = v;
  }
  /** Puts an executable program account at `programId` (see MemoryLedger.deployProgram). */
  deployProgram(programId: KeyLike, replace = true): void {
    this.memory.deployProgram(programId, replace);
  }
  getAccount(pubkey: KeyLike): StoredAccount | undefined {
    return this.memory.accounts.get(pubkey.toBase58());
  }
  /** Pushes notifications for `pubkey` to every matching subscription (at `slot`, default the current one). */
  notify(pubkey: KeyLike, acc?: StoredAccount, slot?: number): void {
    this.memory.notify(pubkey, acc, slot);
  }
  /** The last valid block height of a blockhash this server issued (undefined if unknown). */
  lastValidHeight(blockhash: string): number | undefined {
    return this.memory.lastValidHeight(blockhash);
  }
  /** The distinct transactions that landed (executed in a confirmed block, failed ones included). */
  landed(): SentTransaction[] {
    return this.memory.landed();
  }
}

/** Starts an in-memory server on 127.0.0.1 with a random port. */
export async function startRpcServer(opts: RpcTestServerOptions = {}): Promise<RpcTestServer> {
  return new RpcTestServer(opts).listen();
}

// ------------------------------------------------------------------------------------------
// Parameters (the rest are the shared protocol's)

function transactionParam(v: unknown, encoding: unknown, what: string): { raw: Uint8Array; tx: VersionedTransaction } {
  const raw = transactionBytesParam(v, encoding, what);
  try {
    return { raw, tx: VersionedTransaction.deserialize(raw) };
  } catch (e) {
    throw new RpcFailure(-32602, `${what}: ${(e as Error).message}`);
  }
}
