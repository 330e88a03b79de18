// The program's existing TypeScript SDK (../shared/upstream/doublezero/sdk/), bundled at bench
// time for side-by-side figures. Nothing of it is copied into this repository: esbuild bundles
// its state module from that folder into the bench cache (node_modules/.cache/dzprov-bench, so
// that the bundle's `@solana/web3.js` import resolves to this repository's copy, the same one
// dzprov uses). Not a bench itself: run.mjs only loads *.bench.mjs.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { BENCH_CACHE } from './util.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** Where the upstream SDK is looked for (override with DZPROV_UPSTREAM_SDK=<folder>). */
export const UPSTREAM_SDK_DIR = resolve(process.env.DZPROV_UPSTREAM_SDK ?? resolve(here, '../../shared/upstream/doublezero/sdk'));

let loaded;

/**
 * The upstream SDK's state module (`deserializeDevice`, `deserializeLink`, ...), or
 * `{ missing: reason }` when the folder is absent or does not bundle. Bundled once per process.
 */
export function loadUpstream() {
  loaded ??= load();
  return loaded;
}

async function load() {
  const entry = resolve(UPSTREAM_SDK_DIR, 'serviceability/typescript/serviceability/state.ts');
  const borsh = resolve(UPSTREAM_SDK_DIR, 'borsh-incremental/typescript/borsh-incremental/index.ts');
  if (!existsSync(entry)) return { missing: `upstream SDK not found at ${entry}` };
  try {
    const out = await build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      external: ['@solana/web3.js'],
      alias: existsSync(borsh) ? { 'borsh-incremental': borsh } : {},
      logLevel: 'silent',
    });
    mkdirSync(BENCH_CACHE, { recursive: true });
    const file = resolve(BENCH_CACHE, 'upstream-serviceability-state.mjs');
    writeFileSync(file, out.outputFiles[0].text);
    const mod = await import(pathToFileURL(file).href);
    if (typeof mod.deserializeDevice !== 'function' || typeof mod.deserializeLink !== 'function') {
      return { missing: 'upstream state module has no deserializeDevice / deserializeLink' };
    }
    return mod;
  } catch (e) {
    return { missing: `upstream SDK did not bundle: ${String(e?.message ?? e).split('\n')[0]}` };
  }
}
