import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublicKey } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSetLinkHealthInstruction, decodeLink, LinkHealth, linkStatusLabel, PROGRAM_IDS } from '../../src/index.js';
import { REPO, TIMEOUT, TSC, childEnv, installPacked, packDzprov, run, versionOf, writeJson } from '../helpers/packed.js';
import { startRpcServer } from '../helpers/rpcServer.js';
import { buildSampleLedger } from '../helpers/sampleLedger.js';

// The published package, as consumers get it: `npm pack` of the built dist/ (the build step of
// `npm test` made it), installed with npm (offline, from the cache `npm ci` filled) into
// throwaway projects under the OS temp dir, beside the Solana library each kind of application
// brings: web3.js v1 (imported from ESM, CommonJS and TypeScript with node16, bundler and
// commonjs module settings), @solana/kit alone (no web3.js anywhere in node_modules), an older
// web3.js 1.x the application pins (used, never duplicated), and both libraries in one app. Each
// consumer decodes the golden Link account and builds an instruction, and prints what it got.


/** require(esm) is on by default from Node 20.19 (and 22.12). */
const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
const requireEsm = major >= 23 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19);

const LINK_HEX = Buffer.from(readFileSync(join(REPO, 'test/fixtures/link.bin'))).toString('hex');
const PAYER = new PublicKey(new Uint8Array(32).fill(1));
const LINK = new PublicKey(new Uint8Array(32).fill(2));

/** What every consumer must print: the same calls made here on the sources. */
function expected(): string {
  const bytes = Uint8Array.from(Buffer.from(LINK_HEX, 'hex'));
  const link = decodeLink(bytes);
  const ix = createSetLinkHealthInstruction({ programId: PROGRAM_IDS['mainnet-beta'], payer: PAYER, link: LINK, args: { health: LinkHealth.ReadyForService } });
  return JSON.stringify({
    code: link.code,
    status: linkStatusLabel(link.status),
    tunnelNet: link.tunnelNet,
    bandwidth: String(link.bandwidth),
    data: Buffer.from(ix.data).toString('hex'),
    keys: ix.keys.map((k) => k.pubkey.toBase58()),
  });
}

/** The consumer program; `ts` adds type annotations (and a type-only import). */
function consumerSource(kind: 'esm' | 'cjs' | 'ts'): string {
  const imports =
    kind === 'cjs'
      ? "const { PublicKey } = require('@solana/web3.js');\nconst { createSetLinkHealthInstruction, decodeLink, LinkHealth, linkStatusLabel, PROGRAM_IDS } = require('dzprov');\n" +
        "const idl = require('dzprov/idl/serviceability.json');\nif (!idl || typeof idl !== 'object') throw new Error('no IDL');\n"
      : "import { PublicKey } from '@solana/web3.js';\n" +
        `import { createSetLinkHealthInstruction, decodeLink, LinkHealth, linkStatusLabel, PROGRAM_IDS${kind === 'ts' ? ', type Link' : ''} } from 'dzprov';\n`;
  const t = (s: string) => (kind === 'ts' ? s : '');
  return `${imports}
const hex${t(': string')} = '${LINK_HEX}';
const bytes = new Uint8Array(hex.length / 2);
for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
const link${t(': Link')} = decodeLink(bytes);
const ix = createSetLinkHealthInstruction({
  programId: PROGRAM_IDS['mainnet-beta'],
  payer: new PublicKey(new Uint8Array(32).fill(1)),
  link: new PublicKey(new Uint8Array(32).fill(2)),
  args: { health: LinkHealth.ReadyForService },
});
console.log(JSON.stringify({
  code: link.code,
  status: linkStatusLabel(link.status),
  tunnelNet: link.tunnelNet,
  bandwidth: String(link.bandwidth),
  data: Array.from(ix.data, (b${t(': number')}) => b.toString(16).padStart(2, '0')).join(''),
  keys: ix.keys.map((k) => k.pubkey.toBase58()),
}));
`;
}

/** Installs the packed dzprov beside `deps` into `dir` (test/helpers/packed.ts). */
function install(dir: string, deps: Record<string, { from: string; version: string }>): void {
  installPacked(dir, join(work, packed.filename), deps);
}

/** A child process that does not block this one (a test node in this process answers it). */
function runAsync(cmd: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env: childEnv(), encoding: 'utf8', timeout: TIMEOUT }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: unknown }).code as number) ?? 1 : 0, stdout, stderr });
    });
  });
}

/** The web3.js and kit versions the repository installed (so they are in npm's cache). */
const WEB3_VERSION = versionOf('@solana/web3.js');
const KIT_VERSION = versionOf('@solana/kit');
/** An older web3.js 1.x an application pins (installed by the repository as an alias, for the cache). */
const PINNED_WEB3_VERSION = versionOf('solana-web3js-1-95');

const WEB3 = { '@solana/web3.js': { from: '@solana/web3.js', version: WEB3_VERSION } };
const KIT = { '@solana/kit': { from: '@solana/kit', version: KIT_VERSION } };

/** Every installed copy of `pkg` in the project at `dir`, as `npm ls` reports them (name@version). */
function copiesOf(dir: string, pkg: string): string[] {
  let out: string;
  try {
    out = execFileSync('npm', ['ls', pkg, '--all', '--parseable', '--long'], { cwd: dir, env: childEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    out = (e as { stdout?: string }).stdout ?? '';
  }
  // Each line is `path:name@version[:realpath]` (the realpath when it is a link).
  return out
    .split('\n')
    .map((l) => l.split(':')[1] ?? '')
    .filter((id) => id.startsWith(`${pkg}@`));
}

interface TsConsumer {
  dir: string;
  type: 'module' | 'commonjs';
  compilerOptions: Record<string, unknown>;
}

const TS_CONSUMERS: Record<string, TsConsumer> = {
  'TypeScript, module node16 (ESM)': { dir: 'ts-node16', type: 'module', compilerOptions: { module: 'node16', moduleResolution: 'node16' } },
  'TypeScript, moduleResolution bundler': { dir: 'ts-bundler', type: 'module', compilerOptions: { module: 'esnext', moduleResolution: 'bundler' } },
  'TypeScript, module commonjs': { dir: 'ts-commonjs', type: 'commonjs', compilerOptions: { module: 'commonjs', esModuleInterop: true } },
};

let work = '';
let packed: { filename: string; files: { path: string }[] };

describe('the packed package in consumer projects', () => {
  beforeAll(() => {
    // Given dist/ as `npm test` built it (built here only when missing)
    work = mkdtempSync(join(tmpdir(), 'dzprov-consumers-'));

    // When it is packed (without re-running the build) ...
    packed = packDzprov(work);

    // ... and installed, offline, beside the web3.js the repository uses
    install(work, WEB3);

    // Then the consumer folders are written
    mkdirSync(join(work, 'esm'));
    writeFileSync(join(work, 'esm/index.mjs'), consumerSource('esm'));
    mkdirSync(join(work, 'cjs'));
    writeFileSync(join(work, 'cjs/index.cjs'), consumerSource('cjs'));
    for (const c of Object.values(TS_CONSUMERS)) {
      const dir = join(work, c.dir);
      mkdirSync(dir);
      writeJson(join(dir, 'package.json'), { private: true, type: c.type });
      writeFileSync(join(dir, 'index.ts'), consumerSource('ts'));
      // web3.js's declarations import Agent from Node's http/https; dzprov's must need nothing of Node.
      writeFileSync(join(dir, 'web3-node-shims.d.ts'), "declare module 'http' { export class Agent {} }\ndeclare module 'https' { export class Agent {} }\n");
      writeJson(join(dir, 'tsconfig.json'), {
        compilerOptions: {
          target: 'ES2022',
          strict: true,
          types: [],
          lib: ['ES2022', 'DOM'],
          skipLibCheck: false,
          outDir: 'out',
          ...c.compilerOptions,
        },
        files: ['index.ts', 'web3-node-shims.d.ts'],
      });
    }
  }, TIMEOUT);

  afterAll(() => {
    if (work && !process.env.DZPROV_KEEP_CONSUMERS) rmSync(work, { recursive: true, force: true });
  });

  it('the tarball holds the build, its types and source maps with their sources, the IDL, the docs the README and comments link, and the license, and no tests', () => {
    const paths = packed.files.map((f) => f.path);
    for (const p of ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts', 'dist/index.js.map', 'dist/kit/index.js', 'dist/kit/index.d.ts', 'dist/cli/main.js', 'idl/serviceability.json']) {
      expect(paths, p).toContain(p);
    }
    expect(paths.filter((p) => !/^(dist|idl)\/|^docs\/[\w-]+\.md$|^(package\.json|README\.md|ARCHITECTURE\.md|LICENSE)$/.test(p))).toEqual([]);
    const installed = join(work, 'node_modules/dzprov');
    const map = JSON.parse(readFileSync(join(installed, 'dist/core/codec/reader.js.map'), 'utf8')) as { sources: string[]; sourcesContent?: string[] };
    expect(map.sourcesContent?.length).toBe(map.sources.length);
    expect(map.sourcesContent![0]).toContain('export class Reader');
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.exports).toMatchObject({
      '.': { types: './dist/index.d.ts', import: './dist/index.js', default: './dist/index.js' },
      './kit': { types: './dist/kit/index.d.ts', import: './dist/kit/index.js', default: './dist/kit/index.js' },
    });
    // Neither Solana library is a dependency: each is the application's own (an optional peer).
    expect(Object.keys((pkg.dependencies ?? {}) as object)).not.toContain('@solana/web3.js');
    expect(pkg.peerDependenciesMeta).toMatchObject({ '@solana/web3.js': { optional: true }, '@solana/kit': { optional: true } });
  });

  it('an ES module consumer (import)', () => {
    expect(run(process.execPath, ['index.mjs'], join(work, 'esm')).trim()).toBe(expected());
  }, TIMEOUT);

  it.skipIf(!requireEsm)('a CommonJS consumer (require), Node >= 20.19', () => {
    expect(run(process.execPath, ['index.cjs'], join(work, 'cjs')).trim()).toBe(expected());
  }, TIMEOUT);

  for (const [name, c] of Object.entries(TS_CONSUMERS)) {
    it(`${name}: compiles without Node types and runs`, () => {
      const dir = join(work, c.dir);
      run(process.execPath, [TSC, '-p', 'tsconfig.json'], dir);
      if (c.type === 'commonjs' && !requireEsm) return;
      expect(run(process.execPath, ['out/index.js'], dir).trim()).toBe(expected());
    }, TIMEOUT);
  }

  it('a kit-only application: dzprov/kit installs and runs with no web3.js anywhere in node_modules', () => {
    // Given a project with @solana/kit and dzprov
    const dir = join(work, 'kit-only');
    mkdirSync(dir);
    install(dir, KIT);
    // Then npm installed no web3.js at all
    expect(existsSync(join(dir, 'node_modules/@solana/web3.js'))).toBe(false);
    expect(copiesOf(dir, '@solana/web3.js')).toEqual([]);
    // And a TypeScript program on the kit door (Address strings, kit Instructions) compiles and
    // prints what the web3.js door prints for the same calls
    writeJson(join(dir, 'tsconfig.json'), {
      compilerOptions: { target: 'ES2022', strict: true, types: [], lib: ['ES2022', 'DOM'], module: 'node16', moduleResolution: 'node16', outDir: 'out', skipLibCheck: true },
      files: ['index.ts'],
    });
    writeJson(join(dir, 'package.json'), { ...JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')), type: 'module' });
    writeFileSync(
      join(dir, 'index.ts'),
      `import { address, type Address, type Instruction } from '@solana/kit';
import { createSetLinkHealthInstruction, decodeLink, LinkHealth, linkStatusLabel, PROGRAM_IDS, type Link } from 'dzprov/kit';
const hex = '${LINK_HEX}';
const bytes = new Uint8Array(hex.length / 2);
for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
const link: Link = decodeLink(bytes);
const side: Address = link.sideAPk;
const ix: Instruction = createSetLinkHealthInstruction({
  programId: PROGRAM_IDS['mainnet-beta'],
  payer: address('${PAYER.toBase58()}'),
  link: address('${LINK.toBase58()}'),
  args: { health: LinkHealth.ReadyForService },
});
console.log(JSON.stringify({
  code: link.code,
  status: linkStatusLabel(link.status),
  tunnelNet: link.tunnelNet,
  bandwidth: String(link.bandwidth),
  data: Array.from(ix.data ?? [], (b: number) => b.toString(16).padStart(2, '0')).join(''),
  keys: (ix.accounts ?? []).map((a) => a.address),
  side: typeof side,
}));
`,
    );
    run(process.execPath, [TSC, '-p', 'tsconfig.json'], dir);
    const got = JSON.parse(run(process.execPath, ['out/index.js'], dir)) as Record<string, unknown>;
    expect(got.side).toBe('string');
    delete got.side;
    expect(JSON.stringify(got)).toBe(expected());
  }, TIMEOUT);

  it('the CLI with neither web3.js nor kit installed (npx dzprov): the sample ledger, and reads of a node', async () => {
    // Given a project with only dzprov (and its own dependencies)
    const dir = join(work, 'cli-only');
    mkdirSync(dir);
    install(dir, {});
    expect(existsSync(join(dir, 'node_modules/@solana'))).toBe(false);
    expect(copiesOf(dir, '@solana/web3.js')).toEqual([]);
    expect(copiesOf(dir, '@solana/kit')).toEqual([]);
    const bin = existsSync(join(dir, 'node_modules/.bin/dzprov')) ? join(dir, 'node_modules/.bin/dzprov') : join(dir, 'node_modules/dzprov/dist/cli/main.js');
    // When the CLI lists the devices of its embedded sample ledger
    const sample = await runAsync(process.execPath, [bin, 'devices'], dir);
    // Then it runs and prints them
    expect(sample.stderr).not.toMatch(/Cannot find (module|package)/);
    expect(sample.code, sample.stderr).toBe(0);
    expect(sample.stdout).toMatch(/ams-dz1\s+\S+\s+activated/);
    // And against a node: a listing and a read by code, as the node holds them
    const ledger = buildSampleLedger();
    const server = await startRpcServer();
    try {
      for (const r of ledger.records) server.setAccount(r.pubkey, { owner: r.owner, data: r.data, lamports: r.lamports });
      const list = await runAsync(process.execPath, [bin, 'device', 'list', '--json', '-u', server.url, '--network', 'localnet'], dir);
      expect(list.code, list.stderr).toBe(0);
      const codes = (JSON.parse(list.stdout) as { code: string }[]).map((d) => d.code).sort();
      expect(codes).toEqual(ledger.values.devices.map((d) => d.code).sort());
      const one = await runAsync(process.execPath, [bin, 'device', 'get', '--code', 'ams-dz1', '--json', '-u', server.url, '--network', 'localnet'], dir);
      expect(one.code, one.stderr).toBe(0);
      expect(JSON.parse(one.stdout)).toMatchObject({ account: ledger.addresses.get('device:ams-dz1')!.toBase58(), code: 'ams-dz1' });
    } finally {
      await server.close();
    }
  }, TIMEOUT);

  it('a web3.js application pinning an older 1.x: its copy is used, never a second one, and keys from another copy work', () => {
    // Given a project that pins web3.js ${PINNED_WEB3_VERSION} (and a second copy of web3.js under an alias)
    const dir = join(work, 'web3-pinned');
    mkdirSync(dir);
    install(dir, {
      '@solana/web3.js': { from: 'solana-web3js-1-95', version: PINNED_WEB3_VERSION },
      'other-web3': { from: '@solana/web3.js', version: `npm:@solana/web3.js@${WEB3_VERSION}` },
    });
    // Then npm ls shows the application's web3.js once, at its pinned version: dzprov brought none
    expect(copiesOf(dir, '@solana/web3.js')).toEqual([`@solana/web3.js@${PINNED_WEB3_VERSION}`]);
    expect(existsSync(join(dir, 'node_modules/dzprov/node_modules'))).toBe(false);
    // And dzprov returns the application's own PublicKeys, and takes keys made by another copy
    writeFileSync(
      join(dir, 'index.mjs'),
      `import { PublicKey } from '@solana/web3.js';
import { PublicKey as OtherPublicKey } from 'other-web3';
import { createSetLinkHealthInstruction, decodeLink, DeviceStatus, drainDevice, LinkHealth, linkStatusLabel, PROGRAM_IDS } from 'dzprov';
const hex = '${LINK_HEX}';
const bytes = Uint8Array.from(hex.match(/../g).map((h) => parseInt(h, 16)));
const link = decodeLink(bytes);
if (!(link.sideAPk instanceof PublicKey) || !(PROGRAM_IDS['mainnet-beta'] instanceof PublicKey)) throw new Error('not a PublicKey of the application');
const other = new OtherPublicKey(new Uint8Array(32).fill(1));
if (other instanceof PublicKey) throw new Error('expected two copies');
const ix = createSetLinkHealthInstruction({ programId: PROGRAM_IDS['mainnet-beta'], payer: other, link: new OtherPublicKey(new Uint8Array(32).fill(2)), args: { health: LinkHealth.ReadyForService } });
if (!(ix.keys[0].pubkey instanceof PublicKey)) throw new Error('instruction keys are not PublicKeys of the application');
console.log(JSON.stringify({
  code: link.code,
  status: linkStatusLabel(link.status),
  tunnelNet: link.tunnelNet,
  bandwidth: String(link.bandwidth),
  data: Array.from(ix.data, (b) => b.toString(16).padStart(2, '0')).join(''),
  keys: ix.keys.map((k) => k.pubkey.toBase58()),
}));
void drainDevice; void DeviceStatus;
`,
    );
    expect(run(process.execPath, ['index.mjs'], dir).trim()).toBe(expected());
  }, TIMEOUT);

  it('an application with both web3.js and kit uses both doors, which build the same bytes', () => {
    const dir = join(work, 'both');
    mkdirSync(dir);
    install(dir, { ...WEB3, ...KIT });
    expect(copiesOf(dir, '@solana/web3.js')).toEqual([`@solana/web3.js@${WEB3_VERSION}`]);
    writeFileSync(
      join(dir, 'index.mjs'),
      `import { PublicKey } from '@solana/web3.js';
import * as web3Door from 'dzprov';
import * as kitDoor from 'dzprov/kit';
const input = (keys) => ({ programId: keys.PROGRAM_IDS['mainnet-beta'], payer: keys.payer, link: keys.link, args: { health: web3Door.LinkHealth.Impaired } });
const a = web3Door.createSetLinkHealthInstruction(input({ PROGRAM_IDS: web3Door.PROGRAM_IDS, payer: new PublicKey(new Uint8Array(32).fill(1)), link: new PublicKey(new Uint8Array(32).fill(2)) }));
const b = kitDoor.createSetLinkHealthInstruction(input({ PROGRAM_IDS: kitDoor.PROGRAM_IDS, payer: '${PAYER.toBase58()}', link: '${LINK.toBase58()}' }));
const hex = (d) => Array.from(d, (x) => x.toString(16).padStart(2, '0')).join('');
console.log(JSON.stringify([hex(a.data) === hex(b.data), a.keys.map((k) => k.pubkey.toBase58()).join() === b.accounts.map((x) => x.address).join(), a.keys.map((k) => k.isWritable).join() === b.accounts.map((x) => (x.role & 1) === 1).join()]));
`,
    );
    expect(run(process.execPath, ['index.mjs'], dir).trim()).toBe('[true,true,true]');
  }, TIMEOUT);
});
