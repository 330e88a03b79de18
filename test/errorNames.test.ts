/**
 * Error names are part of the API (`err.name === 'DecodeError'`), and minifiers rename classes.
 * The library is bundled and minified the way a browser app would be, and every exported error
 * class must still report its own name.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'dzprov-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('every exported error class keeps its name in a minified bundle', async () => {
  // Given the library bundled and minified (class names mangled)
  const out = await build({
    entryPoints: [resolve(__dirname, '../src/index.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'silent',
  });
  const file = join(dir, 'dzprov.min.mjs');
  writeFileSync(file, out.outputFiles[0]!.text);
  const lib = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const Base = lib.DzprovError as abstract new (...args: never[]) => Error;
  // When every exported error class is constructed
  const named: [string, string][] = [];
  for (const [key, value] of Object.entries(lib)) {
    if (typeof value !== 'function' || !(value.prototype instanceof Base)) continue;
    let e: Error;
    try {
      e = new (value as new (...args: unknown[]) => Error)('a', 'b', 'c', 'd', 'e');
    } catch {
      continue; // abstract or needs structured arguments
    }
    named.push([key, e.name]);
  }
  // Then each reports the name it is exported under (and there are many of them)
  expect(named.length).toBeGreaterThan(130);
  expect(named.filter(([key, name]) => key !== name)).toEqual([]);
});
