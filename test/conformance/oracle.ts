/**
 * The TypeScript side of the oracle protocol (oracle/PROTOCOL.md): one long-lived oracle
 * process per test file, one request at a time, every answer checked for shape. It imports
 * nothing from vitest, so the oracle node (test/oracle-node/) runs it outside the test runner
 * too; `useOracle` (useOracle.ts) ties one to a test file.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ComputeBudgetProgram, Keypair, PublicKey, Transaction, TransactionInstruction } from '@solana/web3.js';
import { Buffer } from 'buffer';
import { computeBudgetPrelude } from '../../src/index.js';
import { recordTransactions } from './stats.js';

export interface OracleAccount {
  pubkey: PublicKey;
  exists: boolean;
  lamports: bigint;
  owner: PublicKey;
  executable: boolean;
  data: Uint8Array;
}

/** What the program said about one transaction. */
export interface OracleError {
  /** `instruction`: an instruction failed (index into the transaction); `transaction`: the runtime refused it. */
  type: 'instruction' | 'transaction';
  index?: number;
  /** `Custom`, or the runtime's name of a built-in error (`InvalidAccountData`, `ProgramFailedToComplete`...). */
  error: string;
  /** The program error code for `Custom`. */
  code?: number | null;
  /** The panic message when the program panicked. */
  panic?: string | null;
}

export interface ExecResult {
  success: boolean;
  error: OracleError | null;
  logs: string[];
  computeUnits: number;
  /** Post-state of every account the transaction named. */
  accounts: Map<string, OracleAccount>;
}

/**
 * Sees what the program does through this driver (the oracle node keeps its mirror with it):
 * every transaction sent (not simulated), before and after the program processes it, and every
 * account set. Calls are awaited, in order.
 */
export interface OracleObserver {
  beforeSend?(wire: Uint8Array): Promise<void> | void;
  afterSend?(wire: Uint8Array, result: ExecResult): Promise<void> | void;
  afterSetAccount?(account: OracleAccount): Promise<void> | void;
}

export function oracleBinary(): string {
  const bin = process.env.DZPROV_ORACLE_BIN;
  if (!bin) throw new Error('DZPROV_ORACLE_BIN is not set: run the conformance suite with `npm run conformance`');
  return bin;
}

function toAccount(a: Record<string, unknown>): OracleAccount {
  const pubkey = new PublicKey(a.pubkey as string);
  if (!a.exists) {
    return { pubkey, exists: false, lamports: 0n, owner: PublicKey.default, executable: false, data: new Uint8Array() };
  }
  return {
    pubkey,
    exists: true,
    lamports: BigInt(a.lamports as string),
    owner: new PublicKey(a.owner as string),
    executable: a.executable as boolean,
    data: new Uint8Array(Buffer.from(a.data as string, 'base64')),
  };
}

export class Oracle {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting = new Map<number, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private stderr = '';
  private exited: Error | undefined;
  programId = PublicKey.default;
  /** The ledger's genesis payer: funded with plenty of SOL, used to fund test keypairs. */
  bank: Keypair = Keypair.generate();
  /** Told of every send and every account set (see OracleObserver). */
  observer: OracleObserver | undefined;

  constructor(bin = oracleBinary()) {
    this.child = spawn(bin, [], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-20_000);
    });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      if (!line.startsWith('@@oracle ')) return; // the program's own printing
      const msg = JSON.parse(line.slice('@@oracle '.length)) as Record<string, unknown>;
      const w = this.waiting.get(msg.id as number);
      if (!w) return;
      this.waiting.delete(msg.id as number);
      if (msg.ok === true) w.resolve(msg);
      else w.reject(new Error(`oracle: ${String(msg.message)}`));
    });
    this.child.on('exit', (code, signal) => {
      this.exited = new Error(`oracle exited (${code ?? signal}); stderr:\n${this.stderr}`);
      for (const w of this.waiting.values()) w.reject(this.exited);
      this.waiting.clear();
    });
  }

  request(cmd: string, body: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.stdin.write(`${JSON.stringify({ id, cmd, ...body })}\n`);
    });
  }

  /** A new ledger running the program at `programId`; forgets the previous one. */
  async start(programId: PublicKey): Promise<void> {
    const r = await this.request('start', { programId: programId.toBase58() });
    this.programId = programId;
    this.bank = Keypair.fromSecretKey(new Uint8Array(Buffer.from(r.payerSecretKey as string, 'base64')));
  }

  async setAccount(pubkey: PublicKey, a: { owner: PublicKey; lamports: bigint | number; data?: Uint8Array; executable?: boolean }): Promise<void> {
    await this.request('setAccount', {
      pubkey: pubkey.toBase58(),
      owner: a.owner.toBase58(),
      lamports: String(a.lamports),
      data: Buffer.from(a.data ?? new Uint8Array()).toString('base64'),
      executable: a.executable ?? false,
    });
    if (this.observer?.afterSetAccount) await this.observer.afterSetAccount(await this.getAccount(pubkey));
  }

  /** Gives a system account lamports (a wallet). */
  fund(pubkey: PublicKey, lamports: bigint | number = 1_000_000_000_000n): Promise<void> {
    return this.setAccount(pubkey, { owner: new PublicKey('11111111111111111111111111111111'), lamports });
  }

  async getAccounts(pubkeys: readonly PublicKey[]): Promise<OracleAccount[]> {
    const r = await this.request('getAccounts', { pubkeys: pubkeys.map((k) => k.toBase58()) });
    return (r.accounts as Record<string, unknown>[]).map(toAccount);
  }

  async getAccount(pubkey: PublicKey): Promise<OracleAccount> {
    return (await this.getAccounts([pubkey]))[0]!;
  }

  async rentExempt(dataLen: number): Promise<bigint> {
    const r = await this.request('rent', { dataLen });
    return BigInt(r.lamports as string);
  }

  /** Builds an instruction with the program's own Rust builder crate (bootstrap only). */
  async build(builder: string, payer: PublicKey, args: Record<string, unknown> = {}): Promise<TransactionInstruction> {
    const r = await this.request('build', { builder, payer: payer.toBase58(), args });
    return new TransactionInstruction({
      programId: new PublicKey(r.programId as string),
      keys: (r.accounts as { pubkey: string; isSigner: boolean; isWritable: boolean }[]).map((m) => ({
        pubkey: new PublicKey(m.pubkey),
        isSigner: m.isSigner,
        isWritable: m.isWritable,
      })),
      data: Buffer.from(r.data as string, 'base64'),
    });
  }

  /**
   * Signs `instructions` (after dzprov's compute-budget prelude, as the client sends them) with
   * `signers` (the first pays) and has the program process them. A fresh blockhash per call
   * unless `fresh: false`, so a repeated identical request is executed again, not deduplicated;
   * with `fresh: false`, `nonce` (a compute-unit price) keeps otherwise identical requests distinct.
   */
  async send(
    instructions: readonly TransactionInstruction[],
    signers: readonly Keypair[],
    opts: { prelude?: boolean; simulate?: boolean; fresh?: boolean; nonce?: number } = {},
  ): Promise<ExecResult> {
    const tx = await this.sign(instructions, signers, opts);
    return this.submit(tx.serialize({ requireAllSignatures: true, verifySignatures: true }), opts.simulate ?? false);
  }

  /** The transaction `send` would submit, signed with a current blockhash. */
  async sign(
    instructions: readonly TransactionInstruction[],
    signers: readonly Keypair[],
    opts: { prelude?: boolean; fresh?: boolean; nonce?: number } = {},
  ): Promise<Transaction> {
    const bh = await this.request('blockhash', { fresh: opts.fresh ?? true });
    const tx = new Transaction({ feePayer: signers[0]!.publicKey, recentBlockhash: bh.blockhash as string });
    if (opts.prelude ?? true) tx.add(...computeBudgetPrelude());
    if (opts.nonce !== undefined) tx.add(ComputeBudgetProgram.setComputeUnitPrice({ microLamports: opts.nonce + 1 }));
    tx.add(...instructions);
    tx.sign(...signers);
    return tx;
  }

  /**
   * Has the program process (or simulate) a transaction given as wire bytes. A simulation checks
   * the signatures unless `sigVerify` is false.
   */
  async submit(wire: Uint8Array, simulate = false, opts: { sigVerify?: boolean } = {}): Promise<ExecResult> {
    if (!simulate && this.observer?.beforeSend) await this.observer.beforeSend(wire);
    const r = await this.request(simulate ? 'simulate' : 'send', {
      transaction: Buffer.from(wire).toString('base64'),
      ...(simulate && opts.sigVerify === false ? { sigVerify: false } : {}),
    });
    if (!simulate) recordTransactions(1);
    const accounts = new Map<string, OracleAccount>();
    for (const a of r.accounts as Record<string, unknown>[]) {
      const acc = toAccount(a);
      accounts.set(acc.pubkey.toBase58(), acc);
    }
    const result: ExecResult = {
      success: r.success as boolean,
      error: (r.error as OracleError | null) ?? null,
      logs: r.logs as string[],
      computeUnits: r.computeUnits as number,
      accounts,
    };
    if (!simulate && this.observer?.afterSend) await this.observer.afterSend(wire, result);
    return result;
  }

  /** Like send, but throws with the program's logs when the transaction fails. */
  async sendOk(instructions: readonly TransactionInstruction[], signers: readonly Keypair[]): Promise<ExecResult> {
    const r = await this.send(instructions, signers);
    if (!r.success) {
      throw new Error(`transaction failed: ${JSON.stringify(r.error)}\n${r.logs.join('\n')}`);
    }
    return r;
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end();
    await done;
  }
}

/** `Custom(n)` → n; anything else → the error's name (for comparisons in tests). */
export function outcome(r: ExecResult): 'ok' | number | string {
  if (r.success) return 'ok';
  const e = r.error!;
  if (e.error === 'Custom') return e.code!;
  return e.error;
}
