/**
 * dzprov for a @solana/kit application (`dzprov/kit`: Address strings, kit Instructions, kit
 * signers; no web3.js anywhere): a contributor's KeyPairSigner soft-drains one of its links,
 * and a kit RpcSubscriptions subscription to the program's links sees the change land.
 *
 *   KEYPAIR=contributor.json node dist/soft-drain.js <link-code>
 *
 * The ledger is the DoubleZero environment DZ_ENV (default "local": `dzprov sample-node`), with
 * DZ_LEDGER_RPC_URL / DZ_LEDGER_WS_RPC_URL taking over its URLs. Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { createKeyPairSignerFromBytes, createSolanaRpcSubscriptions } from '@solana/kit';
import { DzClient, LinkStatus, linkDesiredStatusLabel, linkStatusLabel, resolveEnvironment } from 'dzprov/kit';

const code = process.argv[2];
if (!code) {
  process.stderr.write('usage: soft-drain.js <link-code>\n');
  process.exit(2);
}
// A Solana CLI keypair file: 64 bytes, the secret seed then the public key.
const keypairPath = process.env.KEYPAIR ?? `${homedir()}/.config/doublezero/id.json`;
const signer = await createKeyPairSignerFromBytes(Uint8Array.from(JSON.parse(readFileSync(keypairPath, 'utf8')) as number[]));

// The environment's URLs (DZ_LEDGER_* from the env passed win), and kit's subscriptions on its WebSocket.
const env = resolveEnvironment(process.env.DZ_ENV ?? 'local', process.env);
const client = DzClient.forEnv(env.environment.name, { env: process.env, rpcSubscriptions: createSolanaRpcSubscriptions(env.wsUrl) });

// Watch the program's links: resolve when this one is seen soft-drained.
const { pubkey } = await client.resolveLink(code);
let unsubscribe: () => Promise<void> = async () => {};
const seen = new Promise<number>((resolve) => {
  unsubscribe = client.subscribeLinks((e) => {
    if (e.pubkey === pubkey && e.account.status === LinkStatus.SoftDrained) resolve(e.slot);
  });
});
await new Promise((r) => setTimeout(r, 500)); // let the subscription open

const r = await client.softDrainLink(code, signer);
const slot = r.outcome === 'landed' ? await Promise.race([seen, new Promise<null>((r) => setTimeout(() => r(null), 10_000))]) : null;
await unsubscribe();
process.stdout.write(
  `${JSON.stringify({
    link: code,
    address: pubkey,
    signer: signer.address,
    outcome: r.outcome,
    signature: r.signature,
    status: r.after ? linkStatusLabel(r.after.status) : null,
    desired: r.after ? linkDesiredStatusLabel(r.after.desiredStatus) : null,
    seenBySubscription: slot,
  })}\n`,
);
process.exit(0);
