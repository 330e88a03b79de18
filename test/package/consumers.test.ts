import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PublicKey } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSetLinkHealthInstruction, decodeLink, LinkHealth, linkStatusLabel, PROGRAM_IDS } from '../../src/index.js';

// The published package, as consumers get it: `npm pack` of the built dist/ (the build step of
// `npm test` made it), installed into throwaway projects under the OS temp dir, then imported
// from ESM, CommonJS and TypeScript (node16, bundler and commonjs module settings). Each
// consumer decodes the golden Link account and builds an instruction, and prints what it got.

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TSC = join(REPO, 'node_modules/typescript/bin/tsc');
const TIMEOUT = 300_000;

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

/** The environment for child npm/node runs: none of the parent `npm test`'s project settings. */
function childEnv(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_userconfig', 'npm_config_globalconfig', 'npm_config_cafile', 'npm_config_registry']);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.toLowerCase().startsWith('npm_') && !keep.has(k.toLowerCase())) continue;
    if (k === 'NODE_OPTIONS' || k.startsWith('VITEST') || k === 'NODE_ENV') continue;
    env[k] = v;
  }
  return env;
}

function run(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, env: childEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: TIMEOUT });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  }
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
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
    if (!existsSync(join(REPO, 'dist/index.js'))) run(process.execPath, [TSC, '-p', 'tsconfig.build.json'], REPO);
    work = mkdtempSync(join(tmpdir(), 'dzprov-consumers-'));

    // When it is packed (without re-running the build) ...
    const out = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], REPO);
    packed = (JSON.parse(out) as (typeof packed)[])[0]!;

    // ... and installed, offline, into a project whose runtime dependencies are the repository's
    const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    writeJson(join(work, 'package.json'), { name: 'dzprov-consumers', version: '0.0.0', private: true });
    for (const dep of Object.keys(manifest.dependencies)) {
      const target = join(REPO, 'node_modules', dep);
      if (!existsSync(target)) throw new Error(`dependency ${dep} is not installed in the repository (run npm ci)`);
      mkdirSync(dirname(join(work, 'node_modules', dep)), { recursive: true });
      symlinkSync(target, join(work, 'node_modules', dep), 'dir');
    }
    run('npm', ['install', '--no-audit', '--no-fund', '--offline', '--ignore-scripts', '--no-package-lock', join(work, packed.filename)], work);

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

  it('the tarball holds the build, its types and source maps with their sources, the IDL and the license, and no tests', () => {
    const paths = packed.files.map((f) => f.path);
    for (const p of ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts', 'dist/index.js.map', 'dist/cli/main.js', 'idl/serviceability.json']) {
      expect(paths, p).toContain(p);
    }
    expect(paths.filter((p) => !/^(dist|idl)\/|^(package\.json|README\.md|LICENSE)$/.test(p))).toEqual([]);
    const installed = join(work, 'node_modules/dzprov');
    const map = JSON.parse(readFileSync(join(installed, 'dist/codec/reader.js.map'), 'utf8')) as { sources: string[]; sourcesContent?: string[] };
    expect(map.sourcesContent?.length).toBe(map.sources.length);
    expect(map.sourcesContent![0]).toContain('export class Reader');
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.exports).toMatchObject({ '.': { types: './dist/index.d.ts', import: './dist/index.js', default: './dist/index.js' } });
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
});
