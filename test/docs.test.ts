/**
 * The docs tell the truth about the code's shape (issue #19, item 7): the layer rule that
 * ARCHITECTURE.md states is the rule the imports follow, and every repository path and
 * `docs/*.md#anchor` the docs and the source comments name exists. (The README's samples are run
 * by test/readme.test.ts.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './cli/harness.js';

const read = (p: string) => readFileSync(join(REPO, p), 'utf8');

function walk(dir: string): string[] {
  return readdirSync(join(REPO, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** `a/{b,c}.ts` → [`a/b.ts`, `a/c.ts`]. */
function expandBraces(p: string): string[] {
  const m = /\{([^}]*)\}/.exec(p);
  if (!m) return [p];
  return m[1]!.split(',').flatMap((alt) => expandBraces(p.slice(0, m.index) + alt + p.slice(m.index + m[0].length)));
}

/** Whether `file` matches the pattern (`*` within one path segment; `dir/*` every file below `dir`). */
function matches(pattern: string, file: string): boolean {
  if (pattern.endsWith('/*')) return file.startsWith(pattern.slice(0, -1));
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
  return re.test(file);
}

const SRC = walk('src').filter((f) => f.endsWith('.ts'));

describe('ARCHITECTURE.md: each layer only imports from the layers below it', () => {
  // The layer table: one row per layer, bottom up; the `src/...` paths of its "where" column.
  const table = read('ARCHITECTURE.md').split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| layer') && !l.startsWith('|---'));
  const layers = table.map((row) => {
    const [, name, where] = row.split('|').map((c) => c.trim());
    // A bare file name (`checked.ts`) is in the folder of the pattern before it.
    let folder = '';
    const patterns: string[] = [];
    for (const m of where!.matchAll(/`([^`]+)`/g)) {
      const p = m[1]!;
      if (p.startsWith('src/')) {
        for (const x of expandBraces(p)) patterns.push(x);
        folder = p.slice(0, p.lastIndexOf('/') + 1);
      } else if (/^[\w.]+\.ts$/.test(p) && folder) {
        patterns.push(folder + p);
      }
    }
    return { name: name!, patterns };
  });
  const layerOf = (file: string): number => layers.findIndex((l) => l.patterns.some((p) => matches(p, file)));

  it('the table names nine layers and places every source file in one', () => {
    expect(layers.map((l) => l.name)).toEqual(['primitives', 'codecs', 'program errors', 'lifecycle', 'instruction builders', 'client', 'graph', 'doors', 'CLI']);
    expect(SRC.filter((f) => layerOf(f) < 0)).toEqual([]);
  });

  it('no import reaches a higher layer (type imports included)', () => {
    const violations: string[] = [];
    for (const file of SRC) {
      const text = read(file);
      for (const m of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'(\.{1,2}\/[^']+)'/gm)) {
        const target = normalize(join(dirname(file), m[1]!)).replace(/\.js$/, '.ts');
        const [from, to] = [layerOf(file), layerOf(target)];
        if (to > from || to < 0) violations.push(`${file} (${layers[from]?.name}) imports ${target} (${layers[to]?.name ?? 'no layer'})`);
      }
    }
    expect(violations).toEqual([]);
  });
});

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(mdPath: string): Set<string> {
  const anchors = new Set<string>();
  let fence = false;
  for (const line of read(mdPath).split('\n')) {
    if (line.startsWith('```')) fence = !fence;
    const m = !fence && /^#{1,6}\s+(.*)$/.exec(line);
    if (m) anchors.add(slug(m[1]!));
  }
  return anchors;
}

const DOCS = ['README.md', 'ARCHITECTURE.md', 'oracle/PROTOCOL.md', ...readdirSync(join(REPO, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const exists = (p: string) => {
  try {
    statSync(join(REPO, p));
    return true;
  } catch {
    return false;
  }
};
/** A path pattern names something: a file, or (with `*`) at least one file of the repository. */
const named = (p: string): boolean =>
  expandBraces(p).every((x) => (x.includes('*') ? walk(x.slice(0, x.indexOf('*')).replace(/\/[^/]*$/, '') || '.').some((f) => matches(x, f)) : exists(x)));

/** Paths the docs and comments name that are not this repository's, and whose. */
const ELSEWHERE = new Map([
  ['src/hooked', 'the folder of a client Codama generates (README, IDL)'],
  ['src/hooked/index.ts', 'in a client Codama generates'],
  ['src/generated/index.ts', 'in a client Codama generates'],
  ['docs/api/', 'written by npm run docs (not committed)'],
  ['docs/api/index.html', 'written by npm run docs (not committed)'],
]);

describe('every path and anchor the docs name exists', () => {
  const ROOTS = /^(src|test|bench|scripts|oracle|docs|idl|\.ci)\//;

  it('repository paths in README.md, ARCHITECTURE.md, docs/ and oracle/PROTOCOL.md', () => {
    const missing: string[] = [];
    for (const doc of DOCS) {
      for (const m of read(doc).matchAll(/`([\w./{},*-]+)`/g)) {
        const p = m[1]!;
        // A path is the repository's, or (oracle/PROTOCOL.md's src/...) its own folder's.
        if (ROOTS.test(p) && !named(p) && !named(join(dirname(doc), p)) && !ELSEWHERE.has(p)) missing.push(`${doc}: ${p}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('links between the docs, anchors included', () => {
    const broken: string[] = [];
    for (const doc of DOCS) {
      for (const m of read(doc).matchAll(/\]\(([^)\s]+)\)/g)) {
        const [target, anchor] = m[1]!.split('#') as [string, string | undefined];
        if (/^[a-z]+:/.test(target)) continue; // a URL
        const file = target === '' ? doc : normalize(join(dirname(doc), target));
        if (!exists(file)) broken.push(`${doc}: ${m[1]}`);
        else if (anchor && file.endsWith('.md') && !anchorsOf(file).has(anchor)) broken.push(`${doc}: ${m[1]} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('paths and docs/ anchors named in source comments', () => {
    const missing: string[] = [];
    for (const file of [...SRC, ...walk('bench').filter((f) => f.endsWith('.mjs'))]) {
      const text = read(file);
      // (.rs paths are the program's, in ../shared/upstream: not this repository's.)
      for (const m of text.matchAll(/\b((?:src|test|bench|docs|oracle)\/[\w/.-]*\w\.(?:ts|mjs|md))\b/g)) {
        if (!exists(m[1]!) && !ELSEWHERE.has(m[1]!)) missing.push(`${file}: ${m[1]}`);
      }
      for (const m of text.matchAll(/\b([\w-]+\.md)#([a-z0-9-]+)/g)) {
        const doc = [`docs/${m[1]}`, m[1]!].find(exists);
        if (!doc) missing.push(`${file}: ${m[0]}`);
        else if (!anchorsOf(doc).has(m[2]!)) missing.push(`${file}: ${m[0]} (no such heading)`);
      }
      // Dynamic imports of the built package name files that the build writes.
      for (const m of text.matchAll(/import\('\.\.\/dist\/([\w/.-]+)\.js'\)/g)) {
        if (!exists(relative(REPO, join(REPO, 'src', `${m[1]}.ts`)))) missing.push(`${file}: dist/${m[1]}.js (no src/${m[1]}.ts)`);
      }
    }
    expect(missing).toEqual([]);
  });
});
