/**
 * The API reference cannot drift (issue #19, item 2): TypeDoc, run as `npm run docs` runs it
 * (typedoc.json, with the doors' plugin scripts/typedoc-doors.mjs), converts the package's public
 * entry points, and its validation finds no exported symbol without a doc comment, no `{@link}`
 * that does not resolve and no type a public signature names that the reference leaves out. And
 * the links a package user follows resolve: every relative link in a Markdown file of the packed
 * tarball names a file inside the tarball, and every link to the repository's own URL names a
 * path that exists here.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { Application, Logger, LogLevel, TSConfigReader, TypeDocReader } from 'typedoc';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, childEnv } from './helpers/packed.js';

const read = (p: string) => readFileSync(join(REPO, p), 'utf8');

/** Every message TypeDoc logs at warning level or above, as text. */
class Collect extends Logger {
  readonly messages: string[] = [];
  override log(message: string, level: LogLevel): void {
    super.log(message, level);
    if (level >= LogLevel.Warn) this.messages.push(message);
  }
}

describe('the API reference (TypeDoc over the public entry points)', () => {
  let messages: string[] = [];
  let symbols = 0;

  beforeAll(async () => {
    // Given TypeDoc configured as `npm run docs` configures it (typedoc.json in the repository) ...
    const app = await Application.bootstrapWithPlugins({ options: join(REPO, 'typedoc.json'), tsconfig: join(REPO, 'tsconfig.build.json'), logLevel: 'Warn' }, [
      new TypeDocReader(),
      new TSConfigReader(),
    ]);
    const logger = new Collect();
    app.logger = logger;
    // ... when it converts the sources and validates the result (nothing is written) ...
    const project = await app.convert();
    expect(project, logger.messages.join('\n')).toBeDefined();
    app.validate(project!);
    messages = logger.messages;
    symbols = Object.keys(project!.reflections).length;
  }, 120_000);

  it('its entry points are the package exports (package.json "exports" → the sources they are built from)', () => {
    const pkg = JSON.parse(read('package.json')) as { exports: Record<string, string | { types?: string }> };
    const fromExports = Object.values(pkg.exports)
      .map((e) => (typeof e === 'string' ? undefined : e.types))
      .filter((t): t is string => t !== undefined)
      .map((t) => t.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts'))
      .sort();
    const config = JSON.parse(read('typedoc.json')) as { entryPoints: string[] };
    expect([...config.entryPoints].sort()).toEqual(fromExports);
    for (const e of config.entryPoints) expect(existsSync(join(REPO, e)), e).toBe(true);
  });

  it('it holds the exported symbols', () => {
    // Then the reference is not empty (every door exports hundreds of symbols) ...
    expect(symbols).toBeGreaterThan(1000);
  });

  it('every exported symbol, field, enum member and signature has a doc comment', () => {
    // ... and validation names no undocumented export.
    expect(messages.filter((m) => m.includes('does not have any documentation'))).toEqual([]);
  });

  it('every {@link} resolves and every type a public signature names is in the reference', () => {
    expect(messages.filter((m) => !m.includes('does not have any documentation'))).toEqual([]);
  });
});

describe('links a package user follows', () => {
  const pkg = JSON.parse(read('package.json')) as { repository: { url: string } };
  // git+https://github.com/owner/name.git → https://github.com/owner/name
  const repoUrl = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
  let files: string[] = [];

  beforeAll(() => {
    // Given the files `npm pack` puts in the tarball (the list only; nothing is written) ...
    const out = execFileSync('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], { cwd: REPO, env: childEnv(), encoding: 'utf8' });
    files = (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  }, 60_000);

  it('the tarball ships the README, the docs it links and the architecture note', () => {
    for (const p of ['README.md', 'ARCHITECTURE.md', 'docs/wire-format.md', 'docs/lifecycle.md', 'docs/sending.md']) expect(files, p).toContain(p);
    // The generated reference (docs/api/) is not shipped.
    expect(files.filter((f) => f.startsWith('docs/') && !/^docs\/[\w-]+\.md$/.test(f))).toEqual([]);
  });

  it('every relative link in a packed Markdown file resolves inside the tarball; every repository URL names a path that exists', () => {
    const broken: string[] = [];
    const packed = new Set(files);
    for (const doc of files.filter((f) => f.endsWith('.md'))) {
      let fence = false;
      for (const line of read(doc).split('\n')) {
        if (line.startsWith('```')) fence = !fence;
        if (fence) continue;
        for (const m of line.matchAll(/\]\(([^)\s]+)\)/g)) {
          const target = m[1]!.split('#')[0]!;
          if (target === '') continue; // an anchor in the same file (test/docs.test.ts checks it)
          if (target.startsWith(`${repoUrl}/`)) {
            // https://github.com/owner/name/{blob,tree}/main/<path>
            const path = /^\/(?:blob|tree)\/main\/(.+)$/.exec(target.slice(repoUrl.length))?.[1];
            if (!path || !existsSync(join(REPO, path))) broken.push(`${doc}: ${m[1]} (no such path in the repository)`);
            continue;
          }
          if (/^[a-z]+:/.test(target)) continue; // another site
          const file = normalize(join(dirname(doc), target)).replace(/\/$/, '');
          if (!packed.has(file) && ![...packed].some((f) => f.startsWith(`${file}/`))) broken.push(`${doc}: ${m[1]} (not in the tarball)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});
