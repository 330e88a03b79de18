/**
 * A local Solana JSON-RPC 2.0 test server: HTTP (node:http) and WebSocket (`ws`) on one
 * 127.0.0.1 port, backed by an in-memory account map. It speaks exactly what web3.js v1's
 * Connection sends for the calls dzprov makes, so tests drive the REAL Connection over real
 * sockets. Every request is recorded (method, params, sizes); faults and slow confirmations can
 * be scripted.
 *
 * This file imports nothing from src/ (the bench compiles it on its own); tests fill the
 * account map with bytes made by the SDK's encoders.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { PublicKey, Transaction, VersionedTransaction } from '@solana/web3.js';
import bs58 from 'bs58';
import { WebSocketServer, type WebSocket } from 'ws';

export interface StoredAccount {
  owner: PublicKey;
  lamports: number;
  data: Uint8Array;
  executable?: boolean;
}

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

/**
 * How a hostile node answers a sendTransaction it DID accept (the transaction lands as usual):
 * a JSON-RPC error, an HTML page with HTTP 200, another signature, a reset connection, no answer,
 * or a result of the wrong type.
 */
export type SendAnswer = 'error' | 'html' | 'wrong-signature' | 'drop' | 'hang' | 'malformed';

/** A transaction received through sendTransaction. */
export interface SentTransaction {
  signature: string;
  raw: Uint8Array;
  /** Decoded with `Transaction.from` (legacy) or null when it is a v0 transaction. */
  legacy: Transaction | null;
  versioned: VersionedTransaction | null;
  recentBlockhash: string;
  /** Whether every signature verified. */
  signaturesValid: boolean;
  /** The block height when it was received. */
  receivedAtHeight: number;
  /** Set once the transaction is visible in getSignatureStatuses. */
  landedSlot: number | null;
  /** The execution error reported for it (null = success). */
  err: unknown;
}

export interface SimulationResult {
  err: unknown;
  logs: string[];
  unitsConsumed?: number;
}

export interface SendBehaviour {
  /** Number of getSignatureStatuses polls that report null before the transaction shows (default 0). */
  pendingPolls?: number;
  /** The transaction never lands (its status stays null). */
  neverLand?: boolean;
  /** The execution error (default null = success). */
  err?: unknown;
  /** Log lines getTransaction reports for it. */
  logs?: string[];
  /** Applied to the account map when the transaction lands (not when err is set). */
  effect?: (tx: SentTransaction, server: RpcTestServer) => void;
  /** Answer sendTransaction with this JSON-RPC error instead of accepting the transaction. */
  reject?: { code: number; message: string; data?: unknown };
  /** Called when the transaction is accepted (e.g. to script faults that follow the send). */
  onReceive?: (tx: SentTransaction, server: RpcTestServer) => void;
  /** Accept the transaction but answer sendTransaction with this (see SendAnswer). */
  answer?: SendAnswer;
  /** The transaction lands (its effect applied) the moment it is received, not at the first status poll. */
  landOnReceive?: boolean;
  /** Its status stays "processed" forever: executed on a fork that never confirms (it never lands, no effect). */
  stuckProcessed?: boolean;
}

export interface RpcServerOptions {
  /** Stop by itself after this long (default 120 s). */
  maxLifetimeMs?: number;
  /** Starting slot / block height (default 1000 / 900). */
  slot?: number;
  blockHeight?: number;
  /** Blocks a blockhash stays valid (default 150). */
  blockhashValidity?: number;
}

interface Subscription {
  id: number;
  ws: WebSocket;
  kind: 'program' | 'account';
  key: string;
  filters: unknown[];
}

const MAX_BODY = 8 * 1024 * 1024;

const UPGRADEABLE_LOADER = 'BPFLoaderUpgradeab1e11111111111111111111111';
/** The system program and the loaders own no program of their own to deploy. */
const LOADERS = new Set([
  '11111111111111111111111111111111',
  'BPFLoader1111111111111111111111111111111111',
  'BPFLoader2111111111111111111111111111111111',
  UPGRADEABLE_LOADER,
  'NativeLoader1111111111111111111111111111111',
]);

export class RpcTestServer {
  readonly requests: RecordedRequest[] = [];
  readonly sent: SentTransaction[] = [];
  readonly accounts = new Map<string, StoredAccount>();
  /** Behaviour of the next sendTransaction calls, consumed in order; then `defaultSend`. */
  readonly sendQueue: SendBehaviour[] = [];
  defaultSend: SendBehaviour = {};
  /** Scripted simulateTransaction answer (default: success with two log lines). */
  simulate: (tx: VersionedTransaction) => SimulationResult = (tx) => {
    const pid = tx.message.staticAccountKeys[tx.message.compiledInstructions.at(-1)?.programIdIndex ?? 0]?.toBase58();
    return { err: null, logs: [`Program ${pid} invoke [1]`, `Program ${pid} success`], unitsConsumed: 1234 };
  };
  /**
   * Rewrites the answer to a single HTTP call before it is sent (malformed-answer tests): a
   * string is sent as the raw body (text/html), any other value as JSON; undefined keeps it.
   */
  rewriteAnswer: ((method: string, answer: unknown) => unknown) | undefined = undefined;
  /**
   * Block height (and slot) added on every getBlockHeight / getEpochInfo / getLatestBlockhash /
   * getSignatureStatuses call.
   */
  heightStepPerPoll = 0;
  /**
   * A node whose signature-status view lags its block height: getSignatureStatuses answers as of
   * `slot - statusLagSlots` (its context slot says so) and hides transactions landed after that.
   */
  statusLagSlots = 0;
  /** Every other HTTP request is answered with HTTP 500 (the first one included). */
  alternate5xx = false;
  private alternateCount = 0;
  /** The answer scripted for the sendTransaction being dispatched (see SendBehaviour.answer). */
  private pendingAnswer: { answer: SendAnswer; signature: string } | undefined;
  /** CORS preflight (OPTIONS) requests answered. */
  preflights = 0;
  slot: number;
  blockHeight: number;
  readonly blockhashValidity: number;

  private readonly faultRules: (FaultRule & { remaining: number })[] = [];
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<Socket>();
  private readonly hung = new Set<ServerResponse>();
  private readonly subs = new Map<number, Subscription>();
  private readonly blockhashes = new Map<string, number>();
  private readonly pendingPollsLeft = new Map<string, number>();
  private readonly behaviours = new Map<string, SendBehaviour>();
  private nextSubId = 1;
  private seq = 0;
  private blockhashCounter = 0;
  private lifetimeTimer: NodeJS.Timeout | undefined;
  private closed = false;
  port = 0;

  constructor(opts: RpcServerOptions = {}) {
    this.slot = opts.slot ?? 1000;
    this.blockHeight = opts.blockHeight ?? 900;
    this.blockhashValidity = opts.blockhashValidity ?? 150;
    this.http = createServer((req, res) => void this.onHttp(req, res));
    this.http.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY });
    this.http.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onWs(ws, req.headers.origin));
    });
    this.lifetimeTimer = setTimeout(() => void this.close(), opts.maxLifetimeMs ?? 120_000);
    this.lifetimeTimer.unref();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  listen(): Promise<this> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(0, '127.0.0.1', () => {
        this.port = (this.http.address() as AddressInfo).port;
        resolve(this);
      });
    });
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
    await new Promise<void>((r) => this.http.close(() => r()));
  }

  // ---------------------------------------------------------------- account map

  setAccount(pubkey: PublicKey, account: { owner: PublicKey; data: Uint8Array; lamports?: number; executable?: boolean }): void {
    const stored: StoredAccount = {
      owner: account.owner,
      data: Uint8Array.from(account.data),
      lamports: account.lamports ?? rentExempt(account.data.length),
      executable: account.executable ?? false,
    };
    this.accounts.set(pubkey.toBase58(), stored);
    this.notify(pubkey, stored);
    // Accounts owned by a program mean the program is deployed on this node: give its id an
    // executable program account (as a validator has), unless the test set that address itself.
    if (this.deployOwners && !LOADERS.has(account.owner.toBase58())) this.deployProgram(account.owner, false);
  }

  /**
   * Whether setAccount deploys the owner program (an executable account at its id, owned by the
   * upgradeable loader) when there is no account at that id yet. Default true; a test of a node
   * where the program is missing sets it false, or deletes the program account afterwards.
   */
  deployOwners = true;

  /** Puts an executable program account at `programId` (replacing what is there unless `replace` is false). */
  deployProgram(programId: PublicKey, replace = true): void {
    const key = programId.toBase58();
    if (!replace && this.accounts.has(key)) return;
    // UpgradeableLoaderState::Program { programdata_address }: tag 2 (u32), then 32 bytes.
    const data = new Uint8Array(36);
    data[0] = 2;
    data.set(createHash('sha256').update(`programdata:${key}`).digest(), 4);
    this.accounts.set(key, { owner: new PublicKey(UPGRADEABLE_LOADER), data, lamports: rentExempt(36), executable: true });
  }

  deleteAccount(pubkey: PublicKey): void {
    this.accounts.delete(pubkey.toBase58());
  }

  getAccount(pubkey: PublicKey): StoredAccount | undefined {
    return this.accounts.get(pubkey.toBase58());
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

  /** The server's subscription ids currently open. */
  get subscriptionIds(): number[] {
    return [...this.subs.keys()];
  }

  // ---------------------------------------------------------------- HTTP

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // CORS, so that a page served from another 127.0.0.1 port (the browser suite) can call it:
    // any origin, and the preflight of a JSON POST answered here.
    res.setHeader('access-control-allow-origin', '*');
    if (req.method === 'OPTIONS') {
      this.preflights++;
      res
        .writeHead(204, {
          'access-control-allow-methods': 'POST, OPTIONS',
          'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'content-type',
          'access-control-max-age': '600',
        })
        .end();
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req as AsyncIterable<Buffer>) {
      size += c.length;
      if (size > MAX_BODY) {
        res.writeHead(413).end();
        return;
      }
      chunks.push(c);
    }
    const body = Buffer.concat(chunks).toString('utf8');
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
          const text = JSON.stringify(batch ? calls.map((c) => this.dispatch(c, 'http', undefined)) : this.dispatch(calls[0]!, 'http', undefined));
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
    const out = calls.map((c) => this.dispatch(c, 'http', undefined));
    const scripted = this.pendingAnswer;
    this.pendingAnswer = undefined;
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
      const out = JSON.stringify(this.dispatch(msg, 'ws', ws));
      rec.responseBytes = Buffer.byteLength(out);
      ws.send(out);
    });
    ws.on('close', () => {
      for (const [id, s] of this.subs) if (s.ws === ws) this.subs.delete(id);
    });
  }

  /** Pushes notifications for `pubkey` to every matching subscription. */
  notify(pubkey: PublicKey, acc: StoredAccount | undefined = this.getAccount(pubkey)): void {
    if (!acc) return;
    const key = pubkey.toBase58();
    for (const s of this.subs.values()) {
      if (s.ws.readyState !== 1) continue;
      if (s.kind === 'program' && s.key === acc.owner.toBase58() && matches(acc.data, s.filters)) {
        s.ws.send(
          JSON.stringify({
            jsonrpc: '2.0',
            method: 'programNotification',
            params: {
              subscription: s.id,
              result: { context: { slot: this.slot }, value: { pubkey: key, account: accountJson(acc) } },
            },
          }),
        );
      } else if (s.kind === 'account' && s.key === key) {
        s.ws.send(
          JSON.stringify({
            jsonrpc: '2.0',
            method: 'accountNotification',
            params: { subscription: s.id, result: { context: { slot: this.slot }, value: accountJson(acc) } },
          }),
        );
      }
    }
  }

  // ---------------------------------------------------------------- methods

  private dispatch(
    c: { id?: unknown; method?: unknown; params?: unknown },
    transport: 'http' | 'ws',
    ws: WebSocket | undefined,
  ): unknown {
    const id = c.id ?? null;
    const params = Array.isArray(c.params) ? c.params : [];
    try {
      const result = this.call(String(c.method), params, transport, ws);
      return { jsonrpc: '2.0', id, result };
    } catch (e) {
      if (e instanceof RpcFailure) return { jsonrpc: '2.0', id, error: { code: e.code, message: e.message, data: e.data } };
      return { jsonrpc: '2.0', id, error: { code: -32603, message: `Internal error: ${(e as Error).message}` } };
    }
  }

  private ctx<T>(value: T): { context: { slot: number; apiVersion: string }; value: T } {
    return { context: { slot: this.slot, apiVersion: '2.2.0' }, value };
  }

  private call(method: string, p: unknown[], transport: 'http' | 'ws', ws: WebSocket | undefined): unknown {
    switch (method) {
      case 'getAccountInfo': {
        const acc = this.accounts.get(pubkeyParam(p[0]));
        return this.ctx(acc ? accountJson(acc) : null);
      }
      case 'getMultipleAccounts': {
        if (!Array.isArray(p[0])) throw new RpcFailure(-32602, 'Invalid params: expected an array of keys');
        if (p[0].length > 100) throw new RpcFailure(-32602, `Too many inputs provided; max 100`);
        return this.ctx(p[0].map((k) => {
          const acc = this.accounts.get(pubkeyParam(k));
          return acc ? accountJson(acc) : null;
        }));
      }
      case 'getProgramAccounts': {
        const programKey = new PublicKey(pubkeyParam(p[0]));
        const cfg = (p[1] ?? {}) as { filters?: unknown[]; withContext?: boolean; encoding?: string; dataSlice?: { offset: number; length: number } };
        if (cfg.encoding !== undefined && cfg.encoding !== 'base64') throw new RpcFailure(-32602, `unsupported encoding ${cfg.encoding}`);
        const filters = cfg.filters ?? [];
        checkFilters(filters);
        const parsed = filters.map(filterBytes);
        const out: unknown[] = [];
        for (const [key, acc] of this.accounts) {
          if (!acc.owner.equals(programKey) || !matchesParsed(acc.data, parsed)) continue;
          out.push({ pubkey: key, account: accountJson(acc, cfg.dataSlice) });
        }
        return cfg.withContext ? this.ctx(out) : out;
      }
      case 'getLatestBlockhash': {
        this.advance();
        const bh = this.newBlockhash();
        return this.ctx({ blockhash: bh, lastValidBlockHeight: this.blockhashes.get(bh)! });
      }
      case 'getBlockHeight':
        this.advance();
        return this.blockHeight;
      case 'getSlot':
        return this.slot;
      case 'getEpochInfo':
        this.advance();
        return { absoluteSlot: this.slot, blockHeight: this.blockHeight, epoch: 2, slotIndex: this.slot % 432000, slotsInEpoch: 432000, transactionCount: 0 };
      case 'getVersion':
        return { 'solana-core': '2.2.0', 'feature-set': 0 };
      case 'getGenesisHash':
        return '11111111111111111111111111111111';
      case 'getHealth':
        return 'ok';
      case 'getSignatureStatuses': {
        this.advance();
        const sigs = Array.isArray(p[0]) ? (p[0] as unknown[]) : [];
        const statuses = sigs.map((s) => this.status(String(s)));
        return { context: { slot: this.slot - this.statusLagSlots, apiVersion: '2.2.0' }, value: statuses };
      }
      case 'simulateTransaction': {
        const raw = Buffer.from(String(p[0]), 'base64');
        let tx: VersionedTransaction;
        try {
          tx = VersionedTransaction.deserialize(raw);
        } catch (e) {
          throw new RpcFailure(-32602, `invalid transaction: ${(e as Error).message}`);
        }
        const r = this.simulate(tx);
        return this.ctx({ err: r.err, logs: r.logs, accounts: null, unitsConsumed: r.unitsConsumed ?? 0, returnData: null });
      }
      case 'sendTransaction':
        return this.onSend(String(p[0]));
      case 'getTransaction': {
        const tx = this.sent.find((t) => t.signature === String(p[0]));
        if (!tx || tx.landedSlot === null) return null;
        const m = tx.versioned!.message;
        return {
          slot: tx.landedSlot,
          blockTime: null,
          version: tx.versioned!.version,
          transaction: {
            signatures: tx.versioned!.signatures.map((sig) => bs58.encode(sig)),
            message: {
              accountKeys: m.staticAccountKeys.map((k) => k.toBase58()),
              header: m.header,
              recentBlockhash: m.recentBlockhash,
              instructions: m.compiledInstructions.map((ix) => ({
                programIdIndex: ix.programIdIndex,
                accounts: [...ix.accountKeyIndexes],
                data: bs58.encode(ix.data),
              })),
            },
          },
          meta: {
            err: tx.err,
            fee: 5000,
            preBalances: m.staticAccountKeys.map(() => 0),
            postBalances: m.staticAccountKeys.map(() => 0),
            innerInstructions: [],
            logMessages: this.behaviours.get(tx.signature)?.logs ?? [],
            preTokenBalances: [],
            postTokenBalances: [],
            loadedAddresses: { writable: [], readonly: [] },
            computeUnitsConsumed: 1234,
          },
        };
      }
      case 'programSubscribe':
      case 'accountSubscribe': {
        if (transport !== 'ws' || !ws) throw new RpcFailure(-32601, 'Method not found');
        const id = this.nextSubId++;
        const cfg = (p[1] ?? {}) as { filters?: unknown[] };
        if (method === 'programSubscribe') checkFilters(cfg.filters ?? []);
        this.subs.set(id, { id, ws, kind: method === 'programSubscribe' ? 'program' : 'account', key: pubkeyParam(p[0]), filters: cfg.filters ?? [] });
        return id;
      }
      case 'programUnsubscribe':
      case 'accountUnsubscribe': {
        const id = Number(p[0]);
        return this.subs.delete(id);
      }
      default:
        throw new RpcFailure(-32601, 'Method not found');
    }
  }

  private newBlockhash(): string {
    const h = createHash('sha256').update(`dzprov-test-blockhash-${++this.blockhashCounter}`).digest();
    const bh = bs58.encode(h);
    this.blockhashes.set(bh, this.blockHeight + this.blockhashValidity);
    return bh;
  }

  /** The last valid block height of a blockhash this server issued (undefined if unknown). */
  lastValidHeight(blockhash: string): number | undefined {
    return this.blockhashes.get(blockhash);
  }

  private onSend(b64: string): string {
    const raw = Uint8Array.from(Buffer.from(b64, 'base64'));
    let versioned: VersionedTransaction;
    try {
      versioned = VersionedTransaction.deserialize(raw);
    } catch (e) {
      throw new RpcFailure(-32602, `failed to deserialize transaction: ${(e as Error).message}`);
    }
    let legacy: Transaction | null = null;
    if (versioned.version === 'legacy') legacy = Transaction.from(raw);
    const first = versioned.signatures[0];
    if (!first) throw new RpcFailure(-32602, 'transaction has no signature');
    const signature = bs58.encode(first);
    // The same signed bytes again (a re-broadcast): one transaction, answered like the first.
    const again = this.sent.find((t) => t.signature === signature);
    if (again) {
      const b = this.behaviours.get(signature);
      if (b?.answer) this.pendingAnswer = { answer: b.answer, signature };
      return signature;
    }
    const signaturesValid = legacy ? legacy.verifySignatures(true) : false;
    const behaviour = this.sendQueue.shift() ?? this.defaultSend;
    if (behaviour.reject) throw new RpcFailure(behaviour.reject.code, behaviour.reject.message, behaviour.reject.data);
    const recentBlockhash = versioned.message.recentBlockhash;
    const sent: SentTransaction = {
      signature,
      raw,
      legacy,
      versioned,
      recentBlockhash,
      signaturesValid,
      receivedAtHeight: this.blockHeight,
      landedSlot: null,
      err: behaviour.err ?? null,
    };
    this.sent.push(sent);
    this.behaviours.set(signature, behaviour);
    this.pendingPollsLeft.set(signature, behaviour.pendingPolls ?? 0);
    if (behaviour.landOnReceive && !behaviour.neverLand && !behaviour.stuckProcessed) this.land(sent, behaviour);
    behaviour.onReceive?.(sent, this);
    if (behaviour.answer) this.pendingAnswer = { answer: behaviour.answer, signature };
    return signature;
  }

  private advance(): void {
    this.blockHeight += this.heightStepPerPoll;
    this.slot += this.heightStepPerPoll;
  }

  private land(tx: SentTransaction, b: SendBehaviour): void {
    tx.landedSlot = ++this.slot;
    if (tx.err === null && b.effect) b.effect(tx, this);
  }

  /** The distinct transactions that landed (executed in a confirmed block, failed ones included). */
  landed(): SentTransaction[] {
    return this.sent.filter((t) => t.landedSlot !== null);
  }

  private status(sig: string): unknown {
    const tx = this.sent.find((s) => s.signature === sig);
    if (!tx) return null;
    const b = this.behaviours.get(sig) ?? {};
    if (tx.landedSlot === null) {
      if (b.neverLand) return null;
      const valid = this.blockhashes.get(tx.recentBlockhash);
      if (valid === undefined || tx.receivedAtHeight > valid) return null; // unknown or expired blockhash: dropped
      const left = this.pendingPollsLeft.get(sig) ?? 0;
      if (left > 0) {
        this.pendingPollsLeft.set(sig, left - 1);
        return null;
      }
      if (b.stuckProcessed) {
        return { slot: tx.receivedAtHeight, confirmations: 0, err: null, status: { Ok: null }, confirmationStatus: 'processed' };
      }
      // Landing is seen by a lagging status view only once it catches up (below).
      this.land(tx, b);
    }
    if (tx.landedSlot! > this.slot - this.statusLagSlots) return null;
    return { slot: tx.landedSlot, confirmations: null, err: tx.err, status: tx.err === null ? { Ok: null } : { Err: tx.err }, confirmationStatus: 'finalized' };
  }
}

class RpcFailure extends Error {
  constructor(readonly code: number, message: string, readonly data?: unknown) {
    super(message);
  }
}

/** Starts a server on 127.0.0.1 with a random port. */
export async function startRpcServer(opts: RpcServerOptions = {}): Promise<RpcTestServer> {
  return new RpcTestServer(opts).listen();
}

function rentExempt(len: number): number {
  return (128 + len) * 6960;
}

function pubkeyParam(v: unknown): string {
  if (typeof v !== 'string') throw new RpcFailure(-32602, 'Invalid param: expected a base58 pubkey');
  try {
    return new PublicKey(v).toBase58();
  } catch {
    throw new RpcFailure(-32602, `Invalid param: ${v} is not a pubkey`);
  }
}

/** The base64 text of each stored account's data (setAccount stores a new object every time). */
const base64Cache = new WeakMap<StoredAccount, string>();

const base58Cache = new WeakMap<PublicKey, string>();

function ownerText(pk: PublicKey): string {
  let t = base58Cache.get(pk);
  if (t === undefined) base58Cache.set(pk, (t = pk.toBase58()));
  return t;
}

function accountJson(acc: StoredAccount, slice?: { offset: number; length: number }): unknown {
  let b64: string | undefined;
  if (slice) {
    b64 = Buffer.from(acc.data.subarray(slice.offset, slice.offset + slice.length)).toString('base64');
  } else {
    b64 = base64Cache.get(acc);
    if (b64 === undefined) base64Cache.set(acc, (b64 = Buffer.from(acc.data).toString('base64')));
  }
  return {
    data: [b64, 'base64'],
    executable: acc.executable ?? false,
    lamports: acc.lamports,
    owner: ownerText(acc.owner),
    rentEpoch: 0,
    space: acc.data.length,
  };
}

function checkFilters(filters: unknown[]): void {
  if (!Array.isArray(filters)) throw new RpcFailure(-32602, 'filters must be an array');
  if (filters.length > 4) throw new RpcFailure(-32602, 'Too many filters provided; max 4');
  for (const f of filters) filterBytes(f);
}

function filterBytes(f: unknown): { offset: number; bytes: Uint8Array } | { dataSize: number } {
  if (f && typeof f === 'object' && 'memcmp' in f) {
    const m = (f as { memcmp: { offset?: unknown; bytes?: unknown; encoding?: unknown } }).memcmp;
    if (typeof m.offset !== 'number' || !Number.isInteger(m.offset) || m.offset < 0) throw new RpcFailure(-32602, 'invalid memcmp offset');
    if (typeof m.bytes !== 'string') throw new RpcFailure(-32602, 'invalid memcmp bytes');
    let bytes: Uint8Array;
    try {
      bytes = m.encoding === 'base64' ? Uint8Array.from(Buffer.from(m.bytes, 'base64')) : bs58.decode(m.bytes);
    } catch {
      throw new RpcFailure(-32602, 'invalid memcmp bytes encoding');
    }
    if (bytes.length > 128) throw new RpcFailure(-32602, 'memcmp bytes too long');
    return { offset: m.offset, bytes };
  }
  if (f && typeof f === 'object' && 'dataSize' in f) {
    const n = (f as { dataSize: unknown }).dataSize;
    if (typeof n !== 'number') throw new RpcFailure(-32602, 'invalid dataSize');
    return { dataSize: n };
  }
  throw new RpcFailure(-32602, 'unknown filter');
}

function matches(data: Uint8Array, filters: unknown[]): boolean {
  return matchesParsed(data, filters.map(filterBytes));
}

function matchesParsed(data: Uint8Array, filters: ({ offset: number; bytes: Uint8Array } | { dataSize: number })[]): boolean {
  for (const fb of filters) {
    if ('dataSize' in fb) {
      if (data.length !== fb.dataSize) return false;
      continue;
    }
    if (fb.offset + fb.bytes.length > data.length) return false;
    for (let i = 0; i < fb.bytes.length; i++) if (data[fb.offset + i] !== fb.bytes[i]) return false;
  }
  return true;
}
