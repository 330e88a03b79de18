/**
 * What the browser suites share: Debian's Chromium (never a downloaded browser; a missing one is
 * an error, never a skip), an esbuild bundle of a page script built for platform 'browser' with
 * no Node polyfills, and a page server on 127.0.0.1 (another origin than the RPC server's).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { FIXTURES_DIR, PERMISSION_GOLDEN } from '../helpers/fixtures.js';

const CHROMIUM_CANDIDATES = [process.env.DZPROV_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium; an Error saying how to install it when it is missing. */
export function chromiumPath(): string {
  const executablePath = CHROMIUM_CANDIDATES.find((p) => existsSync(p));
  if (!executablePath) {
    throw new Error(`Chromium not found (looked at ${CHROMIUM_CANDIDATES.join(', ')}): install Debian's chromium (apt-get install -y chromium; npm test does it when run as root) or set DZPROV_CHROMIUM`);
  }
  return executablePath;
}

/** Headless Chromium with a fresh profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export interface PageBundle {
  js: string;
  /** Every input file of the bundle (repository-relative). */
  inputs: string[];
  /** Imports a package's own "browser" field maps to nothing: [importer, import]. */
  disabled: [string, string][];
}

/** The page script `entry` and everything it imports, bundled for the browser. */
export async function bundlePage(entry: string): Promise<PageBundle> {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    sourcemap: 'inline',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return {
    js: out.outputFiles[0]!.text,
    inputs: Object.keys(out.metafile.inputs),
    disabled: Object.entries(out.metafile.inputs).flatMap(([file, input]) =>
      input.imports.filter((i) => i.path.startsWith('(disabled)')).map((i): [string, string] => [file, i.original ?? i.path]),
    ),
  };
}

/** Serves the page, the bundle and the fixtures on 127.0.0.1 (a different origin from the RPC server). */
export async function servePage(js: string, title: string): Promise<Server> {
  const html = `<!doctype html><meta charset="utf-8"><title>${title}</title><pre id="log"></pre><script type="module" src="/bundle.js"></script>`;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const m = /^\/fixtures\/([a-z_]+)\.(bin|json)$/.exec(path);
    if (path === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    else if (path === '/bundle.js') res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(js);
    else if (path === '/fixtures/permission.bin') res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(PERMISSION_GOLDEN);
    else if (m && existsSync(join(FIXTURES_DIR, `${m[1]}.${m[2]}`))) {
      res.writeHead(200, { 'content-type': m[2] === 'json' ? 'application/json' : 'application/octet-stream' }).end(readFileSync(join(FIXTURES_DIR, `${m[1]}.${m[2]}`)));
    } else if (path === '/favicon.ico') res.writeHead(204).end();
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

/** Opens `url` in a new page of `browser`, collecting page errors and console errors. */
export async function openPage(browser: Browser, url: string, pageErrors: string[], consoleErrors: string[]): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => pageErrors.push(e.stack ?? e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await page.goto(url);
  return page;
}
