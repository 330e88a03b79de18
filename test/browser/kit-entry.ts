/**
 * The kit door's page script (test/browser/kit.test.ts): dzprov/kit and @solana/kit bundled for
 * the browser (no web3.js, no polyfill), exposing `globalThis.dzKit.run(name, arg)`.
 */
import { createKeyPairSignerFromPrivateKeyBytes, createSolanaRpc, createSolanaRpcSubscriptions, type Address } from '@solana/kit';
import * as kit from '../../src/kit/index.js';

interface Config {
  rpcUrl: string;
  wsUrl: string;
  programAddress: string;
  acmeSeed: string;
}

let config: Config | undefined;
const events: { pubkey: string; status: number }[] = [];
let stop: (() => Promise<void>) | undefined;

const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x instanceof Uint8Array ? [...x] : x)));
const fromHex = (h: string) => Uint8Array.from(h.match(/../g)!, (x) => parseInt(x, 16));

async function bytes(name: string): Promise<Uint8Array> {
  const res = await fetch(`/fixtures/${name}.bin`);
  if (!res.ok) throw new Error(`GET /fixtures/${name}.bin: ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

function client(transport: 'kit' | 'url'): kit.DzClient {
  const c = config!;
  return transport === 'kit'
    ? new kit.DzClient({ rpc: createSolanaRpc(c.rpcUrl), rpcSubscriptions: createSolanaRpcSubscriptions(c.wsUrl), programAddress: c.programAddress as Address, confirm: { pollIntervalMs: 50 } })
    : new kit.DzClient({ rpcUrl: c.rpcUrl, programAddress: c.programAddress as Address, confirm: { pollIntervalMs: 50 } });
}

const CHECKS: Record<string, (arg: never) => unknown> = {
  environment: () => ({
    typeofBuffer: typeof (globalThis as { Buffer?: unknown }).Buffer,
    typeofProcess: typeof (globalThis as { process?: unknown }).process,
    typeofRequire: typeof (globalThis as { require?: unknown }).require,
  }),
  connect: (c: Config) => {
    config = c;
    return true;
  },
  decodeFixtures: async () => ({
    device: plain(kit.decodeDevice(await bytes('device'))),
    link: plain(kit.decodeLink(await bytes('link'))),
    globalState: plain(kit.decodeGlobalState(await bytes('global_state'))),
    permission: plain(kit.decodePermission(await bytes('permission'))),
  }),
  listing: async (transport: 'kit' | 'url') => {
    const c = client(transport);
    return { devices: (await c.listDevices()).map((e) => [e.pubkey, e.account.code, e.account.status]), links: (await c.listLinks()).map((e) => [e.pubkey, e.account.code]) };
  },
  drain: async (code: string) => {
    const signer = await createKeyPairSignerFromPrivateKeyBytes(fromHex(config!.acmeSeed));
    const res = await client('kit').drainDevice(code, signer);
    return { outcome: res.outcome, signature: res.signature, status: res.after?.status, signer: signer.address };
  },
  subscribeStart: async () => {
    events.length = 0;
    stop = client('kit').subscribeDevices((e) => events.push({ pubkey: e.pubkey, status: e.account.status }));
    return true;
  },
  subscribeEvents: () => events,
  subscribeStop: async () => {
    await stop?.();
    return true;
  },
};

(globalThis as { dzKit?: unknown }).dzKit = {
  ready: true,
  async run(name: string, arg: unknown): Promise<string> {
    const check = CHECKS[name];
    if (!check) throw new Error(`no check named ${name}`);
    return JSON.stringify(await check(arg as never));
  },
};
