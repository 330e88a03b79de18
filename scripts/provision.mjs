#!/usr/bin/env node
// What `npm test` needs beyond `npm ci`, provided before it runs (the `pretest` script): Chromium
// for the browser suites (test/browser, driven by playwright-core, which never downloads one).
//
// - Chromium found (DZPROV_CHROMIUM, /usr/bin/chromium or /usr/bin/chromium-browser): nothing to do.
// - Missing, running as root with apt-get (a Debian or Ubuntu machine, as CI): Debian's chromium is
//   installed with apt-get, as .ci/run used to do itself.
// - Missing otherwise: one line saying what to do, and exit code 1 — the suite is never skipped.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the browser suites look for Chromium (test/browser/page.ts), in order. */
export function chromiumCandidates(env = process.env) {
  return [env.DZPROV_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p) => !!p);
}

/** The apt-get on PATH, or undefined. */
export function findAptGet(env = process.env, exists = existsSync) {
  for (const dir of (env.PATH ?? '').split(delimiter)) if (dir && exists(join(dir, 'apt-get'))) return join(dir, 'apt-get');
  return undefined;
}

/** The commands that install Debian's chromium. */
export function aptCommands(aptGet) {
  return [
    [aptGet, ['update', '-qq']],
    [aptGet, ['install', '-y', '-qq', '--no-install-recommends', 'chromium']],
  ];
}

/**
 * Makes sure Chromium is there. Everything it touches is passed in, so that the test of this
 * script can play every case. Returns `{ ok: true, path, installed }` or `{ ok: false, message }`
 * (the one line to print).
 */
export function provisionChromium({ env = process.env, exists = existsSync, isRoot = process.getuid?.() === 0, run, log = () => {} } = {}) {
  const found = () => chromiumCandidates(env).find((p) => exists(p));
  const have = found();
  if (have) return { ok: true, path: have, installed: false };
  const where = chromiumCandidates(env).join(', ');
  if (env.DZPROV_CHROMIUM) {
    return { ok: false, message: `dzprov: DZPROV_CHROMIUM=${env.DZPROV_CHROMIUM} does not exist: point it at a Chromium binary, or unset it to use Debian's chromium` };
  }
  const aptGet = findAptGet(env, exists);
  if (!isRoot || !aptGet) {
    return {
      ok: false,
      message: `dzprov: the browser tests need Chromium (looked at ${where}): run "sudo apt-get install -y chromium" (Debian/Ubuntu), or set DZPROV_CHROMIUM=<path to chromium>, then npm test again`,
    };
  }
  log(`dzprov: Chromium not found (looked at ${where}): installing Debian's chromium with apt-get for the browser tests`);
  for (const [cmd, args] of aptCommands(aptGet)) {
    const code = run(cmd, args);
    if (code !== 0) return { ok: false, message: `dzprov: "${cmd} ${args.join(' ')}" failed (exit ${code}): install Chromium ("apt-get install -y chromium") or set DZPROV_CHROMIUM=<path>, then npm test again` };
  }
  const now = found();
  if (!now) return { ok: false, message: `dzprov: apt-get installed chromium but none is at ${where}: set DZPROV_CHROMIUM=<path to chromium>` };
  return { ok: true, path: now, installed: true };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = provisionChromium({
    run: (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status ?? 1,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  if (!r.ok) {
    process.stderr.write(`${r.message}\n`);
    process.exit(1);
  }
  if (r.installed) process.stderr.write(`dzprov: Chromium installed at ${r.path}\n`);
}
