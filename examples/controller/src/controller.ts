/**
 * A controller service (CommonJS): moves every device one lifecycle step towards its desired
 * status — drain what should be drained, undrain what is healthy again, promote what is
 * provisioned — then keeps watching and does it again whenever a device changes.
 *
 *   KEYPAIR=~/.config/doublezero/id.json node dist/controller.js [--once]
 *
 * The ledger is the DoubleZero environment DZ_ENV (default "local": `dzprov sample-node` at
 * 127.0.0.1:8899), with DZ_LEDGER_RPC_URL / DZ_LEDGER_WS_RPC_URL taking over its URLs. Each action
 * is one JSON line on stdout. Every intent is checked against the lifecycle for the key's roles
 * (read from the chain) before anything is sent, and is "already done" when the device already
 * is where it leads, so running the controller twice is harmless.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { Keypair } from '@solana/web3.js';
import WebSocket from 'ws';
import {
  DeviceStatus,
  DzClient,
  DzprovError,
  deviceDesiredStatusLabel,
  deviceStatusLabel,
  nextDeviceStatus,
  type Device,
  type IntentResult,
} from 'dzprov';

const keypairPath = process.env.KEYPAIR ?? `${homedir()}/.config/doublezero/id.json`;
const signer = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(keypairPath, 'utf8')) as number[]));
// Node 20 has no global WebSocket: subscriptions take the ws package's.
const client = DzClient.forEnv(process.env.DZ_ENV ?? 'local', { env: process.env, WebSocket });

function report(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** The intent that takes `device` to `next`: a drain, an undrain, or a promotion. */
function intentFor(device: Device, next: DeviceStatus): (code: string) => Promise<IntentResult<Device>> {
  if (next === DeviceStatus.Drained) return (code) => client.drainDevice(code, signer);
  if (next === DeviceStatus.Activated && device.status === DeviceStatus.Drained) return (code) => client.undrainDevice(code, signer);
  return (code) => client.promoteDevice(code, next, signer);
}

/** One pass over every device; returns how many were moved. */
async function reconcile(): Promise<number> {
  let moved = 0;
  for (const { account: device } of await client.listDevices()) {
    const next = nextDeviceStatus(device);
    if (next === undefined) continue;
    const base = { code: device.code, from: deviceStatusLabel(device.status), to: deviceStatusLabel(next), desired: deviceDesiredStatusLabel(device.desiredStatus) };
    try {
      const r = await intentFor(device, next)(device.code);
      if (r.outcome === 'landed') moved++;
      report({ ...base, outcome: r.outcome, signature: r.signature, status: r.after ? deviceStatusLabel(r.after.status) : null });
    } catch (e) {
      // A refusal (the lifecycle, the roles, the program) is reported and the pass goes on.
      if (!(e instanceof DzprovError)) throw e;
      report({ ...base, outcome: 'refused', error: e.name, message: e.message });
    }
  }
  return moved;
}

async function main(): Promise<void> {
  report({ event: 'start', payer: signer.publicKey.toBase58() });
  await reconcile();
  if (process.argv.includes('--once')) return;
  // Watch: reconcile again (one pass at a time) whenever a device changes.
  let running: Promise<unknown> = Promise.resolve();
  const stop = client.subscribeDevices(() => {
    running = running.then(reconcile);
  });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await stop();
  await running;
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`controller: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
