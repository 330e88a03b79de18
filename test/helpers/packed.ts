/**
 * The published package as consumers get it: `npm pack` of the built dist/, installed with npm
 * (offline, from the cache `npm ci` filled) into throwaway projects beside the libraries an
 * application brings. Shared by the consumer tests (test/package/) and the examples' test.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const TSC = join(REPO, 'node_modules/typescript/bin/tsc');
export const TIMEOUT = 300_000;

/** The environment for child npm/node runs: none of the parent `npm test`'s project settings. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_userconfig', 'npm_config_globalconfig', 'npm_config_cafile', 'npm_config_registry']);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.toLowerCase().startsWith('npm_') && !keep.has(k.toLowerCase())) continue;
    if (k === 'NODE_OPTIONS' || k.startsWith('VITEST') || k === 'NODE_ENV') continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

/** Runs a command to its end; its stdout, or an Error with everything it printed. */
export function run(cmd: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}): string {
  try {
    return execFileSync(cmd, args, { cwd, env: childEnv(extraEnv), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: TIMEOUT });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  }
}

/**
 * Runs a command to its end without blocking the event loop (a server in this process, such as a
 * sample node, answers meanwhile); its stdout, or an Error with everything it printed and `code`.
 */
export function runAsync(cmd: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, env: childEnv(extraEnv), encoding: 'utf8', timeout: TIMEOUT, maxBuffer: 64 * 1024 * 1024 }, (e, stdout, stderr) => {
      if (!e) return resolve(stdout);
      reject(Object.assign(new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed: ${e.message}\n${stdout}\n${stderr}`), { code: e.code, stdout, stderr }));
    });
  });
}

export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** The version of a package the repository installed (so it is in npm's cache). */
export const versionOf = (pkg: string): string =>
  (JSON.parse(readFileSync(join(REPO, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;

export interface Packed {
  filename: string;
  files: { path: string }[];
}

/** Packs the repository (its dist/ as `npm test` built it; built here only when missing) into `dir`. */
export function packDzprov(dir: string): Packed {
  if (!existsSync(join(REPO, 'dist/index.js'))) run(process.execPath, [TSC, '-p', 'tsconfig.build.json'], REPO);
  const out = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], REPO);
  return (JSON.parse(out) as Packed[])[0]!;
}

/**
 * Installs the packed dzprov (`tarball`) into the project at `dir` beside the packages it
 * brings, offline: each entry of `deps` (name → the repository's installed folder and the version
 * to declare) is linked from the repository's node_modules and declared in package.json, as an
 * application that depends on it would have it; dzprov's own dependencies are linked too. Then
 * `npm install` of the tarball must fetch nothing: it only unpacks dzprov.
 */
export function installPacked(dir: string, tarball: string, deps: Record<string, { from: string; version: string }>): void {
  const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const own = Object.fromEntries(Object.keys(manifest.dependencies).map((d) => [d, { from: d, version: versionOf(d) }]));
  const all = { ...own, ...deps };
  writeJson(join(dir, 'package.json'), {
    name: 'dzprov-consumer',
    version: '0.0.0',
    private: true,
    dependencies: Object.fromEntries(Object.entries(all).map(([name, d]) => [name, d.version])),
  });
  for (const [name, d] of Object.entries(all)) {
    const target = join(REPO, 'node_modules', d.from);
    if (!existsSync(target)) throw new Error(`${d.from} is not installed in the repository (run npm ci)`);
    mkdirSync(dirname(join(dir, 'node_modules', name)), { recursive: true });
    symlinkSync(target, join(dir, 'node_modules', name), 'dir');
  }
  run('npm', ['install', '--no-audit', '--no-fund', '--offline', '--ignore-scripts', '--no-package-lock', tarball], dir);
}
