/**
 * A local Solana JSON-RPC node whose state is the oracle's ledger: the serviceability program
 * executed by `dzprov-oracle` (OracleLedger) behind the tests' JSON-RPC server (RpcServer), on
 * 127.0.0.1 over HTTP and WebSocket. It starts from a ledger bootstrapped through the program
 * itself (test/conformance/ledger.ts), writes the bootstrap's keypairs as Solana CLI keypair
 * files, and can seed a few devices, interfaces and links with dzprov's builders.
 *
 * `npm run oracle-node` runs it (scripts/oracle-node.mjs → main.ts); the conformance suite starts
 * it in-process (test/conformance/node.test.ts).
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Keypair, PublicKey } from '@solana/web3.js';
import { PROGRAM_IDS } from '../../src/index.js';
import { RpcServer } from '../helpers/rpcServer.js';
import { Oracle } from '../conformance/oracle.js';
import { addDevice, addInterface, addLink, bootstrap, physicalInterface, type Ledger } from '../conformance/ledger.js';
import { LinkLinkType } from '../../src/index.js';
import { OracleLedger, type OracleLedgerOptions } from './oracleLedger.js';

export interface OracleNodeOptions extends OracleLedgerOptions {
  /** The oracle to run (default: a new process of DZPROV_ORACLE_BIN), closed with the node only when the node started it. */
  oracle?: Oracle;
  /** Where the program runs (default: localnet's program id). */
  programId?: PublicKey;
  /** The RPC port (default 8899; 0: any free port). */
  port?: number;
  /** Serve WebSocket (and HTTP) on port + 1 too, where web3.js looks for it (default true). */
  nextPort?: boolean;
  /** Where to write the keypair files (default: a new directory under the system's temp dir; null: none). */
  keysDir?: string | null;
  /** Seed devices, interfaces and links (default false). */
  seed?: boolean;
  /** Contributors to bootstrap (default 2: coa and cob). */
  contributors?: number;
  /** Run after the bootstrap (and seed), before the chain is made final and served: more setup through the program. */
  prepare?: (chain: Ledger) => Promise<void>;
}

/** What `seed` created. */
export interface Seeded {
  devices: { code: string; pk: PublicKey }[];
  links: { code: string; pk: PublicKey }[];
}

export interface OracleNode {
  oracle: Oracle;
  ledger: OracleLedger;
  server: RpcServer;
  /** The bootstrapped ledger: program id, the keypairs and the accounts created. */
  chain: Ledger;
  programId: PublicKey;
  url: string;
  /** WebSocket on the RPC port. */
  wsUrl: string;
  /** WebSocket on port + 1 (when served). */
  wsUrlNext: string | undefined;
  /** Keypair files written: role → path. */
  keyFiles: Record<string, string>;
  keysDir: string | undefined;
  seeded: Seeded | undefined;
  close(): Promise<void>;
}

/** The keypairs of the bootstrap, by the file names they are written under. */
export function nodeKeypairs(chain: Ledger): Record<string, { keypair: Keypair; role: string }> {
  const out: Record<string, { keypair: Keypair; role: string }> = {
    admin: { keypair: chain.admin, role: 'foundation member, InitGlobalState payer (network admin in legacy mode)' },
    'foundation-2': { keypair: chain.admin2, role: 'second foundation member' },
    'health-oracle': { keypair: chain.healthOracle, role: 'GlobalState health oracle' },
    stranger: { keypair: chain.stranger, role: 'no role anywhere' },
  };
  for (const c of chain.contributors) out[`contributor-${c.code}`] = { keypair: c.owner, role: `owner of contributor ${c.code} (${c.pk.toBase58()})` };
  return out;
}

function writeKeyFiles(dir: string, chain: Ledger): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {};
  for (const [name, { keypair }] of Object.entries(nodeKeypairs(chain))) {
    const path = join(dir, `${name}.json`);
    // The Solana CLI's format: a JSON array of the 64 secret-key bytes.
    writeFileSync(path, `${JSON.stringify(Array.from(keypair.secretKey))}\n`, { mode: 0o600 });
    chmodSync(path, 0o600);
    files[name] = path;
  }
  return files;
}

async function ok(what: string, r: Promise<{ success: boolean; error: unknown; logs: string[] }>): Promise<void> {
  const res = await r;
  if (!res.success) throw new Error(`seeding: ${what} failed: ${JSON.stringify(res.error)}\n${res.logs.join('\n')}`);
}

/**
 * Three devices (two of contributor coa at the first location and exchange, one of cob at the
 * second), an interface on each and a spare on the first, an activated WAN link between coa's two
 * devices and a DZX link from the first to cob's device, waiting for cob to accept it.
 */
export async function seed(chain: Ledger): Promise<Seeded> {
  const [coa, cob] = chain.contributors;
  if (!coa || !cob) throw new Error('seeding needs two contributors');
  const devices: Seeded['devices'] = [];
  for (const [code, contributor, at] of [
    ['ams-dz1', coa, 0],
    ['ams-dz2', coa, 0],
    ['fra-dz1', cob, 1],
  ] as const) {
    const d = await addDevice(chain, { contributor, location: chain.locations[at], exchange: chain.exchanges[at], args: { code } });
    await ok(`device ${code}`, Promise.resolve(d.result));
    devices.push({ code, pk: d.pk });
  }
  const [a, z, x] = devices as [Seeded['devices'][number], Seeded['devices'][number], Seeded['devices'][number]];
  for (const [dev, name] of [
    [a, 'Ethernet1'],
    [a, 'Ethernet2'],
    [z, 'Ethernet1'],
    [x, 'Ethernet1'],
  ] as const) {
    await ok(`interface ${name} on ${dev.code}`, addInterface(chain, dev.pk, physicalInterface(name)));
  }
  const links: Seeded['links'] = [];
  const wan = await addLink(chain, a.pk, z.pk, { contributor: coa, args: { code: 'ams-dz1:ams-dz2' } });
  await ok('WAN link', Promise.resolve(wan.result));
  links.push({ code: 'ams-dz1:ams-dz2', pk: wan.pk });
  const dzx = await addLink(chain, a.pk, x.pk, {
    contributor: coa,
    args: { code: 'ams-dz1:fra-dz1', linkType: LinkLinkType.DZX, sideAIfaceName: 'Ethernet2', sideZIfaceName: null },
  });
  await ok('DZX link', Promise.resolve(dzx.result));
  links.push({ code: 'ams-dz1:fra-dz1', pk: dzx.pk });
  return { devices, links };
}

/** Starts a node: the oracle, the bootstrap (and seed), then the server. */
export async function startOracleNode(opts: OracleNodeOptions = {}): Promise<OracleNode> {
  const ownOracle = !opts.oracle;
  const oracle = opts.oracle ?? new Oracle();
  const ledger = new OracleLedger(oracle, opts);
  let server: RpcServer | undefined;
  try {
    const programId = opts.programId ?? PROGRAM_IDS.localnet;
    const chain = await bootstrap(oracle, { programId, contributors: opts.contributors ?? 2 });
    const seeded = opts.seed ? await seed(chain) : undefined;
    if (opts.prepare) await opts.prepare(chain);
    await ledger.open();
    server = await new RpcServer(ledger, { maxLifetimeMs: 0, enforceMinContextSlot: true, version: '3.0.12' }).listen({
      port: opts.port ?? 8899,
      nextPort: opts.nextPort ?? true,
    });
    const keysDir = opts.keysDir === null ? undefined : (opts.keysDir ?? mkdtempSync(join(tmpdir(), 'dzprov-oracle-node-')));
    const keyFiles = keysDir ? writeKeyFiles(keysDir, chain) : {};
    const s = server;
    return {
      oracle,
      ledger,
      server: s,
      chain,
      programId,
      url: s.url,
      wsUrl: s.wsUrl,
      wsUrlNext: s.ports[1] !== undefined ? `ws://127.0.0.1:${s.ports[1]}` : undefined,
      keyFiles,
      keysDir,
      seeded,
      async close() {
        await s.close();
        if (ownOracle) await oracle.close();
      },
    };
  } catch (e) {
    await server?.close();
    await ledger.close();
    if (ownOracle) await oracle.close();
    throw e;
  }
}
