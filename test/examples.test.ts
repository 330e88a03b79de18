/**
 * The examples (examples/), as a user would run them: the package packed and installed into a
 * project beside what each example brings (web3.js, @solana/kit, esbuild, Node's types), each
 * example compiled with its own tsconfig (the controller as CommonJS) and run against a sample
 * node started here, its output checked against the ledger's truth: the node's account bytes,
 * decoded, before and after.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DeviceHealth,
  DeviceStatus,
  DeviceStatusSpec,
  LinkHealth,
  LinkStatus,
  deviceHealthLabel,
  deviceStatusLabel,
  linkDesiredStatusLabel,
  linkHealthLabel,
  linkStatusLabel,
  nextDeviceStatus,
  planDeviceMaintenanceSteps,
} from '../src/index.js';
import { decodeDevice, decodeLink, type Device, type Link } from '../src/kit/index.js';
import { TEXT_KEYS } from '../src/core/keys.js';
import { buildSampleNetwork } from '../src/cli/sampleNetwork.js';
import { startSampleNode, type SampleNode } from '../src/cli/node/index.js';
import { REPO, TIMEOUT, TSC, installPacked, packDzprov, run, runAsync, versionOf } from './helpers/packed.js';

const EXAMPLES = join(REPO, 'examples');
const network = buildSampleNetwork(TEXT_KEYS);
let work = '';
let node: SampleNode | undefined;

const dep = (name: string) => ({ [name]: { from: name, version: versionOf(name) } });

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'dzprov-examples-'));
  const packed = packDzprov(work);
  installPacked(work, join(work, packed.filename), {
    ...dep('@solana/web3.js'),
    ...dep('@solana/kit'),
    ...dep('@types/node'),
    ...dep('esbuild'),
    ...dep('ws'),
    ...dep('@types/ws'),
  });
  // Each example in its own folder of the project (its package.json says ESM or CommonJS).
  for (const name of readdirSync(EXAMPLES)) {
    if (name.endsWith('.md')) continue;
    cpSync(join(EXAMPLES, name), join(work, name), { recursive: true, filter: (p) => !/\/(dist|node_modules)(\/|$)/.test(p) });
  }
}, TIMEOUT);

afterEach(async () => {
  await node?.close();
  node = undefined;
});

afterAll(() => {
  if (work && !process.env.DZPROV_KEEP_EXAMPLES) rmSync(work, { recursive: true, force: true });
});

/** A fresh sample node with its keypair files, and the environment that points an example at it. */
async function freshNode(): Promise<{ env: Record<string, string>; key: (name: string) => string }> {
  const keysDir = mkdtempSync(join(tmpdir(), 'dzprov-examples-keys-'));
  node = await startSampleNode({ port: 0, keysDir, slotMs: 100 });
  return {
    env: { DZ_LEDGER_RPC_URL: node.url, DZ_LEDGER_WS_RPC_URL: node.wsUrl, HOME: keysDir },
    key: (name) => join(keysDir, `${name}.json`),
  };
}

const device = (code: string): Device => decodeDevice(node!.account(network.addresses.get(`device:${code}`)!)!.data);
const link = (code: string): Link => decodeLink(node!.account(network.addresses.get(`link:${code}`)!)!.data);
const jsonLines = (out: string) => out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

/** Runs a compiled example with node, in its folder (asynchronously: the sample node is in this process). */
function runExample(dir: string, args: string[], env: Record<string, string>): Promise<string> {
  return runAsync(process.execPath, args, join(work, dir), env);
}

describe('examples/controller: a CommonJS controller service', () => {
  it('compiles as CommonJS and moves every device one step towards its desired status, as the reconciler says', async () => {
    // Given the example compiled with its own tsconfig (module commonjs): require() calls, and dzprov loads
    run(process.execPath, [TSC, '-p', 'tsconfig.json'], join(work, 'controller'));
    expect(execFileSync(process.execPath, ['-e', 'console.log(require("fs").readFileSync("dist/controller.js","utf8").includes("require(\\"dzprov\\")"))'], { cwd: join(work, 'controller'), encoding: 'utf8' }).trim()).toBe('true');
    const { env, key } = await freshNode();
    // And the ledger's devices, with the step the reconciler wants for each
    const before = network.values.devices.map((d) => ({ code: d.code, status: d.status, next: nextDeviceStatus(d) }));
    const due = before.filter((d) => d.next !== undefined);
    expect(due.length).toBeGreaterThan(2);
    // When it runs once as the foundation (network admin)
    const out = jsonLines(await runExample('controller', ['dist/controller.js', '--once'], { ...env, KEYPAIR: key('foundation') }));
    // Then it reported one landed action per device with a step due, and the ledger agrees
    expect(out[0]).toMatchObject({ event: 'start', payer: node!.identities.find((i) => i.name === 'foundation')!.address });
    const actions = out.slice(1);
    expect(actions.map((a) => a.code).sort()).toEqual(due.map((d) => d.code).sort());
    for (const d of due) {
      const a = actions.find((x) => x.code === d.code)!;
      expect(a).toMatchObject({ from: deviceStatusLabel(d.status), to: deviceStatusLabel(d.next!), outcome: 'landed', status: deviceStatusLabel(d.next!) });
      expect(device(d.code).status).toBe(d.next);
    }
    // And devices with nothing due are untouched
    for (const d of before.filter((x) => x.next === undefined)) expect(device(d.code).status).toBe(d.status);
    // And a second run only does what the first one's steps made due
    const again = jsonLines(await runExample('controller', ['dist/controller.js', '--once'], { ...env, KEYPAIR: key('foundation') })).slice(1);
    const dueNow = network.values.devices.map((d) => device(d.code)).filter((d) => nextDeviceStatus(d) !== undefined);
    expect(again.map((a) => a.code).sort()).toEqual(dueNow.map((d) => d.code).sort());
  }, TIMEOUT);
});

describe('examples/health-oracle: batch health', () => {
  it('plans and writes the probes\' verdicts in one batch: updated, unchanged, and the ledger has them', async () => {
    run(process.execPath, [TSC, '-p', 'tsconfig.json'], join(work, 'health-oracle'));
    const { env, key } = await freshNode();
    // Given the example's probes (devices and links, one already at its verdict)
    const want: [kind: 'device' | 'link', code: string, health: number][] = [
      ['device', 'sin-dz2', DeviceHealth.ReadyForLinks],
      ['device', 'lax-dz2', DeviceHealth.ReadyForUsers],
      ['device', 'lon-dz1', DeviceHealth.Impaired],
      ['link', 'ams-sin-1', LinkHealth.ReadyForService],
      ['link', 'lon-nyc-1', LinkHealth.ReadyForService],
      ['link', 'ams-fra-1', LinkHealth.ReadyForService],
    ];
    const label = (kind: string, h: number) => (kind === 'device' ? deviceHealthLabel(h) : linkHealthLabel(h));
    const was = (kind: string, code: string) => (kind === 'device' ? device(code).deviceHealth : link(code).linkHealth);
    const before = new Map(want.map(([kind, code]) => [code, was(kind, code)]));
    // When the oracle runs a dry run, Then it plans, and nothing changes
    const dry = jsonLines(await runExample('health-oracle', ['dist/oracle.js', 'probes.json', '--dry-run'], { ...env, KEYPAIR: key('health-oracle') }));
    expect(dry.map((o) => [o.code, o.status])).toEqual(want.map(([kind, code, h]) => [code, before.get(code) === h ? 'unchanged' : 'planned']));
    for (const [kind, code] of want) expect(was(kind, code)).toBe(before.get(code));
    // When it runs for real
    const out = jsonLines(await runExample('health-oracle', ['dist/oracle.js', 'probes.json'], { ...env, KEYPAIR: key('health-oracle') }));
    // Then each target is updated (or unchanged when it already was right), and the ledger has each verdict
    expect(out.map((o) => [o.kind, o.code, o.status, o.from, o.to])).toEqual(
      want.map(([kind, code, h]) => [kind, code, before.get(code) === h ? 'unchanged' : 'updated', label(kind, before.get(code)!), label(kind, h)]),
    );
    for (const [kind, code, h] of want) expect(was(kind, code), code).toBe(h);
    // And the updates went out together: one transaction carried them all
    const sigs = new Set(out.filter((o) => o.status === 'updated').map((o) => o.signature));
    expect(sigs.size).toBe(1);
    expect(node!.transactions().filter((t) => t.err === null)).toHaveLength(1);
  }, TIMEOUT);

  it('reports a refusal for a key that is no health oracle, with exit code 1, and writes nothing', async () => {
    const { env, key } = await freshNode();
    const failed = (await runExample('health-oracle', ['dist/oracle.js', 'probes.json'], { ...env, KEYPAIR: key('visitor') }).catch((e: unknown) => e)) as { code?: number; stdout?: string };
    expect(failed.code).toBe(1);
    const lines = jsonLines(failed.stdout!);
    expect(lines).toHaveLength(6);
    expect(lines.every((o) => o.status === 'refused' || o.status === 'unchanged')).toBe(true);
    expect(lines.filter((o) => o.status === 'refused').length).toBeGreaterThan(0);
    expect(node!.transactions()).toEqual([]);
  }, TIMEOUT);
});

describe('examples/kit-user: dzprov/kit with a KeyPairSigner', () => {
  it('soft-drains a link with a kit signer, and its kit subscription sees the change land', async () => {
    run(process.execPath, [TSC, '-p', 'tsconfig.json'], join(work, 'kit-user'));
    const { env, key } = await freshNode();
    // Given ams-fra-1, acme's activated link
    expect(link('ams-fra-1').status).toBe(LinkStatus.Activated);
    // When acme's key soft-drains it
    const [out] = jsonLines(await runExample('kit-user', ['dist/soft-drain.js', 'ams-fra-1'], { ...env, KEYPAIR: key('acme') }));
    // Then it landed, signed by acme, the ledger has it soft-drained with that intent, and the subscription saw it
    const l = link('ams-fra-1');
    expect(out).toMatchObject({
      link: 'ams-fra-1',
      address: network.addresses.get('link:ams-fra-1'),
      signer: node!.identities.find((i) => i.name === 'acme')!.address,
      outcome: 'landed',
      status: linkStatusLabel(l.status),
      desired: linkDesiredStatusLabel(l.desiredStatus),
    });
    expect(l.status).toBe(LinkStatus.SoftDrained);
    expect(node!.transactions().find((t) => t.signature === out!.signature)?.err).toBeNull();
    expect(out!.seenBySubscription).toBe(node!.transactions().find((t) => t.signature === out!.signature)!.slot);
  }, TIMEOUT);
});

describe('examples/operator: the CLI drain and return flow', () => {
  it('plans, drains a device and its links step by step, then returns it, with the CLI', async () => {
    const script = join(work, 'operator/drain.sh');
    execFileSync('bash', ['-n', script]);
    const { env, key } = await freshNode();
    const shell = (args: string[]) =>
      runAsync('bash', [script, ...args], join(work, 'operator'), { ...env, DZ_URL: node!.url, DZ_KEYPAIR: key('foundation'), PATH: `${join(work, 'node_modules/.bin')}:${process.env.PATH}` });
    // Given ams-dz1 in service, and the steps the SDK's planner gives for its maintenance
    const ams = network.values.devices.find((d) => d.code === 'ams-dz1')!;
    const amsKey = network.addresses.get('device:ams-dz1')!;
    const plan = planDeviceMaintenanceSteps({
      device: ams,
      devicePk: amsKey,
      links: network.values.links.map((l) => ({ pubkey: network.addresses.get(`link:${l.code}`)!, link: l, roles: ['networkAdmin'] })),
      roles: ['networkAdmin'],
    });
    const codeOf = (target: unknown) => [...network.addresses].find(([, a]) => a === target)![0].split(':')[1]!;
    const drained = plan.filter((s) => s.kind === 'soft-drain-link').map((s) => codeOf(s.target));
    expect(drained.length).toBeGreaterThan(0);
    // When the operator drains it
    const out = await shell(['ams-dz1']);
    // Then every step ran (links first, the device last) and the ledger says so
    expect(out.match(/^== \S+ \S+$/gm)).toEqual(plan.map((s) => `== ${s.kind} ${codeOf(s.target)}`));
    expect(plan.at(-1)!.kind).toBe('drain-device');
    expect(out.match(/^landed /gm)).toHaveLength(drained.length + 1);
    expect(device('ams-dz1').status).toBe(DeviceStatus.Drained);
    for (const c of drained) expect(link(c).status).toBe(LinkStatus.SoftDrained);
    expect(out).toContain(`ams-dz1: ${DeviceStatusSpec.label(DeviceStatus.Drained)} (desired drained, health ready-for-users)`);
    // When it is run again, Then nothing is due: the plan has no step and nothing is sent
    const count = node!.transactions().length;
    const again = await shell(['ams-dz1']);
    expect(again.match(/^landed /gm)).toBeNull();
    expect(node!.transactions().length).toBe(count);
    // When the device returns from maintenance, Then it is activated and its soft-drained links too
    await shell(['ams-dz1', 'return']);
    expect(device('ams-dz1').status).toBe(DeviceStatus.Activated);
    for (const c of drained) expect(link(c).status).toBe(LinkStatus.Activated);
  }, TIMEOUT);
});

describe('examples/dashboard: the browser page', () => {
  it('type-checks, and builds with its own build script into a browser bundle with no web3.js and no Node module', () => {
    run(process.execPath, [TSC, '-p', 'tsconfig.json'], join(work, 'dashboard'));
    run(process.execPath, ['build.mjs'], join(work, 'dashboard'));
    expect(existsSync(join(work, 'dashboard/dist/app.js'))).toBe(true);
    expect(existsSync(join(work, 'dashboard/dist/index.html'))).toBe(true);
    // (what the page does in Chromium against a sample node: test/browser/dashboard.test.ts)
    const meta = run(process.execPath, ['-e', `import('./build.mjs').then(async (m) => console.log(JSON.stringify(Object.keys((await m.buildDashboard({ outdir: 'dist-check' })).inputs))))`], join(work, 'dashboard'));
    const inputs = JSON.parse(meta) as string[];
    expect(inputs.some((p) => p.includes('node_modules/dzprov/dist/graph/'))).toBe(true);
    expect(inputs.some((p) => p.includes('node_modules/dzprov/dist/kit/'))).toBe(true);
    expect(inputs.filter((p) => /node_modules\/(@solana\/web3\.js|bn\.js|buffer)\//.test(p) || p.startsWith('node:'))).toEqual([]);
  }, TIMEOUT);
});
