#!/usr/bin/env node
// `npm run oracle-node [-- options]`: a local Solana JSON-RPC node whose state is the
// serviceability program executed by the oracle (test/oracle-node/). Builds the oracle
// (scripts/oracle.mjs), bundles the node's TypeScript with esbuild (packages stay imports) and
// runs it until Ctrl-C. Options: `npm run oracle-node -- --help`.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

if (!process.argv.includes('--help') && !process.argv.includes('-h')) {
  const r = spawnSync(process.execPath, [join(repo, 'scripts', 'oracle.mjs')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(`oracle-node: the oracle could not be built (exit ${r.status})\n`);
    process.exit(r.status === 3 ? 3 : 1);
  }
  process.env.DZPROV_ORACLE_BIN = r.stdout.trim().split('\n').pop();
}

// Inside node_modules, so the bundle's package imports resolve from the repository.
const out = join(repo, 'node_modules', '.cache', 'dzprov-oracle-node', 'main.mjs');
await build({
  entryPoints: [join(repo, 'test', 'oracle-node', 'main.ts')],
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: out,
  logLevel: 'error',
});
await import(pathToFileURL(out).href);
