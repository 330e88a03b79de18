// Bundles the page for the browser with esbuild: src/main.ts and what it imports (dzprov/kit,
// dzprov/graph, @solana/kit; no web3.js, no Node polyfill) into dist/app.js, beside index.html.
//   node build.mjs            → dist/
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

/** Builds the page into `outdir`; `alias` maps package names to other files (the repository's tests use it). Returns esbuild's metafile. */
export async function buildDashboard({ outdir = join(here, 'dist'), alias } = {}) {
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    entryPoints: [join(here, 'src/main.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    outfile: join(outdir, 'app.js'),
    metafile: true,
    logLevel: 'warning',
    ...(alias ? { alias } : {}),
  });
  copyFileSync(join(here, 'index.html'), join(outdir, 'index.html'));
  return result.metafile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const meta = await buildDashboard();
  const bytes = Object.values(meta.outputs).reduce((n, o) => n + (o.entryPoint ? o.bytes : 0), 0);
  console.log(`dist/app.js: ${bytes} bytes; open dist/index.html?rpc=http://127.0.0.1:8899 (dzprov sample-node)`);
}
