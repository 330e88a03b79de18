/**
 * `dzprov/sample-node` (Node.js only): the CLI's embedded sample ledger served as a local
 * JSON-RPC and WebSocket node on 127.0.0.1, for developing a dashboard, a controller or a health
 * oracle without a ledger. Transactions it is sent are checked (Ed25519 signatures, blockhashes)
 * and executed by dzprov's model of the serviceability program (docs/sample-node.md says what it
 * models, and the conformance suite holds it to the program itself); subscribers are notified.
 *
 * ```ts
 * import { startSampleNode } from 'dzprov/sample-node';
 * const node = await startSampleNode({ port: 0 });
 * console.log(node.url, node.wsUrl, node.programId);
 * // ... new DzClient({ rpcUrl: node.url, wsUrl: node.wsUrl, programId: node.programId })
 * await node.close();
 * ```
 *
 * @module dzprov/sample-node
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEXT_KEYS } from '../../core/keys.js';
import { ValidationError } from '../../core/errors.js';
import { expectObject } from '../../core/validate.js';
import { buildSampleNetwork, sampleSecretKey } from '../sampleNetwork.js';
import { NodeLedger, type LandedTransaction, type NodeAccount } from './ledger.js';
import { NodeServer } from './server.js';

export type { LandedTransaction, NodeAccount } from './ledger.js';
export type { ModelError } from './model.js';

/** The port `dzprov sample-node` listens on by default: the `local` environment's (localhost:8899). */
export const SAMPLE_NODE_DEFAULT_PORT = 8899;

/** Options of startSampleNode. */
export interface SampleNodeOptions {
  /** The port (default 8899, the `local` environment's; 0: any free port). The WebSocket is served there and on the next port. */
  port?: number;
  /** Milliseconds per slot (default 400). */
  slotMs?: number;
  /** Write each sample identity's keypair there as `<name>.json` (a Solana CLI keypair file). */
  keysDir?: string;
}

/** One of the sample ledger's identities (foundation, health oracle, contributors, ...), with its keypair. */
export interface SampleNodeIdentity {
  /** The identity's name: foundation, health-oracle, ops, acme, globex, visitor. */
  name: string;
  /** Its address (base58). */
  address: string;
  /** Why it holds its roles. */
  description: string;
  /** The 64-byte secret key (seed then public key), as a Solana CLI keypair file holds it. */
  secretKey: Uint8Array;
  /** The keypair file, when `keysDir` was given. */
  keypairPath?: string;
}

/** A running sample node: its URLs, identities and state, and `stop` to end it. */
export interface SampleNode {
  /** The JSON-RPC URL (HTTP). */
  readonly url: string;
  /** The WebSocket URL (the same port; also served on the next port, where web3.js looks). */
  readonly wsUrl: string;
  /** Every port listened on. */
  readonly ports: readonly number[];
  /** The serviceability program's id on this node: localnet's. */
  readonly programId: string;
  /** The sample ledger's identities and their keypairs. */
  readonly identities: readonly SampleNodeIdentity[];
  /** Where the identities' keypair files were written, when `keysDir` was given. */
  readonly keysDir?: string;
  /** The account at `address` now (undefined when there is none). */
  account(address: string): NodeAccount | undefined;
  /** Every transaction executed so far, in order. */
  transactions(): LandedTransaction[];
  /** Called with every transaction executed (successful or failed); returns a function that stops it. */
  onTransaction(listener: (t: LandedTransaction) => void): () => void;
  /** Stops serving (the ledger is gone with it). */
  close(): Promise<void>;
}

function checkOptions(opts: unknown): asserts opts is SampleNodeOptions {
  expectObject(opts, 'opts');
  const o = opts as Record<string, unknown>;
  if (o.port !== undefined && (!Number.isInteger(o.port) || (o.port as number) < 0 || (o.port as number) > 65534)) {
    throw new ValidationError('opts.port', 'must be a whole number from 0 to 65534 (the WebSocket also takes the next port)');
  }
  if (o.slotMs !== undefined && (typeof o.slotMs !== 'number' || !Number.isFinite(o.slotMs) || o.slotMs < 10)) {
    throw new ValidationError('opts.slotMs', 'must be a number of milliseconds, at least 10');
  }
  if (o.keysDir !== undefined && (typeof o.keysDir !== 'string' || o.keysDir === '')) throw new ValidationError('opts.keysDir', 'must be a directory path');
}

/** Starts the sample node on 127.0.0.1. */
export async function startSampleNode(opts: SampleNodeOptions = {}): Promise<SampleNode> {
  checkOptions(opts);
  const network = buildSampleNetwork(TEXT_KEYS);
  const ledger = new NodeLedger(
    network.programId,
    network.records.map((r): [string, NodeAccount] => [r.pubkey, { owner: r.owner, lamports: BigInt(r.lamports), data: r.data, executable: false }]),
    { ...(opts.slotMs !== undefined ? { slotMs: opts.slotMs } : {}) },
  );
  const identities: SampleNodeIdentity[] = network.identities.map((i) => ({ name: i.name, address: i.pubkey, description: i.description, secretKey: sampleSecretKey(i.name) }));
  if (opts.keysDir !== undefined) {
    mkdirSync(opts.keysDir, { recursive: true });
    for (const i of identities) {
      i.keypairPath = join(opts.keysDir, `${i.name}.json`);
      writeFileSync(i.keypairPath, `${JSON.stringify(Array.from(i.secretKey))}\n`, { mode: 0o600 });
    }
  }
  const server = await new NodeServer(ledger).listen(opts.port ?? SAMPLE_NODE_DEFAULT_PORT, true);
  ledger.start();
  const order: LandedTransaction[] = [];
  ledger.listen({ transaction: (t) => order.push(t) });
  return {
    url: server.url,
    wsUrl: server.wsUrl,
    ports: server.ports,
    programId: network.programId,
    identities,
    ...(opts.keysDir !== undefined ? { keysDir: opts.keysDir } : {}),
    account: (address) => ledger.getAccount(address),
    transactions: () => [...order],
    onTransaction: (listener) => ledger.listen({ transaction: listener }),
    close: async () => {
      ledger.stop();
      await server.close();
    },
  };
}
