/**
 * A health oracle: reads probe results (a JSON file of `{ kind, code, ok }`), turns them into
 * health verdicts — a device that answers is ready for users (ready for links while it is still
 * being provisioned), a link that carries traffic is ready for service, anything else is
 * impaired — and writes them with dzprov's batch health: every target read in one pass, checked
 * against the lifecycle for the oracle's roles, those already right skipped, the rest packed many
 * to a transaction.
 *
 *   KEYPAIR=oracle.json node dist/oracle.js probes.json [--dry-run]
 *
 * The ledger is the DoubleZero environment DZ_ENV (default "local": `dzprov sample-node`), with
 * DZ_LEDGER_RPC_URL / DZ_LEDGER_WS_RPC_URL taking over its URLs. One JSON line per target: planned
 * (dry run), updated, unchanged, refused (and why) or unknown. Exit code 1 when a target was
 * refused or its outcome is unknown.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { Keypair } from '@solana/web3.js';
import {
  DeviceHealth,
  DeviceStatus,
  DzClient,
  LinkHealth,
  deviceHealthLabel,
  linkHealthLabel,
  type HealthOutcome,
  type HealthUpdate,
} from 'dzprov';

interface Probe {
  kind: 'device' | 'link';
  code: string;
  ok: boolean;
}

const [file, ...flags] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: oracle.js <probes.json> [--dry-run]\n');
  process.exit(2);
}
const probes = JSON.parse(readFileSync(file, 'utf8')) as Probe[];
const keypairPath = process.env.KEYPAIR ?? `${homedir()}/.config/doublezero/id.json`;
const signer = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(keypairPath, 'utf8')) as number[]));
const client = DzClient.forEnv(process.env.DZ_ENV ?? 'local', { env: process.env });

// A device still being provisioned is ready for links once it answers; later, ready for users.
const provisioning = new Set((await client.listDevices({ status: DeviceStatus.DeviceProvisioning })).map((e) => e.account.code));

const updates: HealthUpdate[] = probes.map((p) =>
  p.kind === 'device'
    ? { kind: 'device', target: p.code, health: p.ok ? (provisioning.has(p.code) ? DeviceHealth.ReadyForLinks : DeviceHealth.ReadyForUsers) : DeviceHealth.Impaired }
    : { kind: 'link', target: p.code, health: p.ok ? LinkHealth.ReadyForService : LinkHealth.Impaired },
);

const label = (kind: 'device' | 'link', h: number | null) => (h === null ? null : kind === 'device' ? deviceHealthLabel(h) : linkHealthLabel(h));
function report(o: HealthOutcome): void {
  process.stdout.write(
    `${JSON.stringify({
      kind: o.kind,
      code: o.code ?? o.target,
      status: o.status,
      from: label(o.kind, o.from),
      to: label(o.kind, o.to),
      ...(o.signature ? { signature: o.signature } : {}),
      ...(o.reason ? { reason: o.reason } : {}),
    })}\n`,
  );
}

// Read, check and pack (nothing sent yet) ...
const plan = await client.prepareHealthMany(updates, signer.publicKey);
process.stderr.write(`health oracle ${signer.publicKey.toBase58()} (roles: ${plan.roles.join(', ') || 'none'}): ${plan.batches.length} transaction(s) for ${updates.length} probes\n`);
// ... then send, each transaction simulated and confirmed.
const outcomes = flags.includes('--dry-run') ? plan.outcomes : await client.sendHealthMany(plan, signer);
outcomes.forEach(report);
process.exitCode = outcomes.some((o) => o.status === 'refused' || o.status === 'unknown') ? 1 : 0;
