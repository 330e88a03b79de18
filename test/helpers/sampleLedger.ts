/**
 * The CLI's embedded sample ledger with web3.js types, for the tests that drive it through the
 * SDK's root door or web3.js: the CLI builds it with its own keys (src/cli/publicKey.ts, no
 * web3.js), and these are the same accounts, values and keypairs with web3.js PublicKeys and
 * Keypairs (the keys' bytes unchanged).
 */
import { Keypair, PublicKey } from '@solana/web3.js';
import * as cli from '../../src/cli/sampleLedger.js';
import { PublicKey as CliPublicKey } from '../../src/cli/publicKey.js';
import { RpcTestServer } from './rpcServer.js';
import type { AccountRecord, Contributor, Device, Exchange, GlobalConfig, GlobalState, Link, Location, Permission } from '../../src/index.js';

/** Every CLI key in `v` (deep: arrays and plain objects) as a web3.js PublicKey. */
export function web3Keys<T>(v: T): T {
  if (v instanceof CliPublicKey) return new PublicKey(v.toBytes()) as T;
  if (Array.isArray(v)) return v.map(web3Keys) as T;
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, web3Keys(x)])) as T;
  if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array) && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = web3Keys(x);
    return out as T;
  }
  return v;
}

export interface SampleLedger {
  readonly programId: PublicKey;
  readonly records: AccountRecord[];
  readonly identities: readonly { readonly name: string; readonly pubkey: PublicKey; readonly description: string }[];
  readonly defaultIdentity: { readonly name: string; readonly pubkey: PublicKey; readonly description: string };
  readonly values: {
    globalState: GlobalState;
    globalConfig: GlobalConfig;
    contributors: Contributor[];
    locations: Location[];
    exchanges: Exchange[];
    permissions: Permission[];
    devices: Device[];
    links: Link[];
  };
  readonly addresses: ReadonlyMap<string, PublicKey>;
}

export const SAMPLE_PROGRAM_ID = new PublicKey(cli.SAMPLE_PROGRAM_ID.toBytes());

/** The sample ledger (src/cli/sampleLedger.ts) with web3.js keys. */
export function buildSampleLedger(): SampleLedger {
  return web3Keys(cli.buildSampleLedger()) as unknown as SampleLedger;
}

/** A sample identity's keypair as a web3.js Keypair (the same 64 bytes). */
export function sampleKeypair(name: string): Keypair {
  return Keypair.fromSecretKey(cli.sampleKeypair(name).secretKey);
}

export const SAMPLE_NOTES = cli.SAMPLE_NOTES;

/** A started RpcTestServer holding every account of the sample ledger (close it when done). */
export async function sampleLedgerServer(ledger: SampleLedger = buildSampleLedger()): Promise<RpcTestServer> {
  const server = await new RpcTestServer().listen();
  for (const r of ledger.records) server.setAccount(r.pubkey, { owner: r.owner, data: r.data, lamports: r.lamports });
  return server;
}
