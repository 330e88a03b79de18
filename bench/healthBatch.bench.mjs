// Batch health writes (DzClient.setHealthMany) against the local JSON-RPC test server
// (test/helpers/rpcServer.ts, compiled with esbuild): 1,000 link health updates by address, sent by the
// GlobalState health oracle with the default concurrency (4). The server confirms at once, so the wall
// time is the client's own cost (reads, checks, packing, signing, simulate/send/confirm round trips).
import { Connection, Keypair, PublicKey } from '@solana/web3.js';
import * as dz from '../dist/index.js';
import { benchLink, loadRpcServer as loadServer, namedKey as key } from './util.mjs';

const PROGRAM_ID = dz.PROGRAM_IDS.localnet;
const N = 1000;

function link(i) {
  return benchLink(dz, i, { owner: key('owner'), sideAPk: key('a'), sideZPk: key('z'), contributorPk: key('c1') });
}

export async function run(report) {
  const { startRpcServer } = await loadServer();
  const server = await startRpcServer({ maxLifetimeMs: 600_000 });
  try {
    const oracle = Keypair.fromSeed(new Uint8Array(32).fill(7));
    const gs = {
      accountType: dz.AccountType.GlobalState,
      bumpSeed: dz.getGlobalStatePda(PROGRAM_ID)[1],
      accountIndex: 100n,
      foundationAllowlist: [],
      deviceAllowlist: [],
      userAllowlist: [],
      activatorAuthorityPk: PublicKey.default,
      sentinelAuthorityPk: PublicKey.default,
      contributorAirdropLamports: 0n,
      userAirdropLamports: 0n,
      healthOraclePk: oracle.publicKey,
      qaAllowlist: [],
      featureFlags: 0x1n,
      feedAuthorityPk: PublicKey.default,
    };
    server.setAccount(dz.getGlobalStatePda(PROGRAM_ID)[0], { owner: PROGRAM_ID, data: dz.encodeGlobalState(gs) });
    const pks = [];
    for (let i = 0; i < N; i++) {
      const pk = key(`link ${i}`);
      pks.push(pk);
      server.setAccount(pk, { owner: PROGRAM_ID, data: dz.encodeLink(link(i)) });
    }
    const connection = new Connection(server.url, { commitment: 'confirmed', disableRetryOnRateLimit: true });
    const client = new dz.DzClient({ connection, programId: PROGRAM_ID, confirm: { pollIntervalMs: 0 } });
    const updates = pks.map((target) => ({ kind: 'link', target, health: dz.LinkHealth.Impaired }));
    server.resetRecords();
    const t0 = performance.now();
    const outcomes = await client.setHealthMany(updates, oracle);
    const ms = performance.now() - t0;
    const updated = outcomes.filter((o) => o.status === 'updated').length;
    if (updated !== N) throw new Error(`bench: ${updated} of ${N} updated`);
    report(`${N} link health updates: transactions`, server.sent.length, 'tx', `${dz.HEALTH_UPDATES_PER_TRANSACTION} per transaction`);
    report(`${N} link health updates: largest transaction`, Math.max(...server.sent.map((t) => t.raw.length)), 'bytes', 'limit 1,232');
    report(`${N} link health updates: RPC calls`, server.requests.length, 'calls');
    report(`${N} link health updates: wall time (local test server)`, ms, 'ms', 'concurrency 4');
  } finally {
    await server.close();
  }
}
