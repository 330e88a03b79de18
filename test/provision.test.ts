/**
 * `npm test` on a fresh machine (scripts/provision.mjs, its `pretest`): Chromium for the browser
 * suites is found, or installed with apt-get where that can be done (root, apt-get on PATH), or
 * the run stops with one line saying what to do — never a skipped suite. Every case is played with
 * a fake filesystem and a fake apt-get; the real script runs here too.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPT = join(REPO, 'scripts/provision.mjs');

interface Result {
  ok: boolean;
  path?: string;
  installed?: boolean;
  message?: string;
}
type Provision = (o: { env: Record<string, string | undefined>; exists: (p: string) => boolean; isRoot: boolean; run: (cmd: string, args: string[]) => number; log?: (l: string) => void }) => Result;
const { provisionChromium } = (await import(SCRIPT as string)) as { provisionChromium: Provision };

/** A machine: the files that exist, and what apt-get does when it runs. */
function machine(files: string[], onInstall?: () => void) {
  const fs = new Set(files);
  const ran: string[] = [];
  return {
    fs,
    ran,
    exists: (p: string) => fs.has(p),
    run: (cmd: string, args: string[]) => {
      ran.push([cmd, ...args].join(' '));
      if (args[0] === 'install') onInstall?.();
      return 0;
    },
  };
}

const ENV = { PATH: '/usr/local/bin:/usr/bin:/bin' };

describe('provisioning Chromium for npm test', () => {
  it('does nothing when Chromium is there', () => {
    const m = machine(['/usr/bin/chromium', '/usr/bin/apt-get']);
    expect(provisionChromium({ env: ENV, exists: m.exists, isRoot: true, run: m.run })).toEqual({ ok: true, path: '/usr/bin/chromium', installed: false });
    expect(m.ran).toEqual([]);
  });

  it('installs Debian\'s chromium with apt-get when it is missing and it runs as root', () => {
    const m = machine(['/usr/bin/apt-get'], () => m.fs.add('/usr/bin/chromium'));
    const logs: string[] = [];
    expect(provisionChromium({ env: ENV, exists: m.exists, isRoot: true, run: m.run, log: (l) => logs.push(l) })).toEqual({ ok: true, path: '/usr/bin/chromium', installed: true });
    expect(m.ran).toEqual(['/usr/bin/apt-get update -qq', '/usr/bin/apt-get install -y -qq --no-install-recommends chromium']);
    expect(logs).toHaveLength(1);
  });

  it('says in one line what to do when it cannot install: not root, or no apt-get', () => {
    for (const [isRoot, files] of [
      [false, ['/usr/bin/apt-get']],
      [true, []],
    ] as const) {
      const m = machine([...files]);
      const r = provisionChromium({ env: ENV, exists: m.exists, isRoot, run: m.run });
      expect(r.ok).toBe(false);
      expect(r.message).toMatch(/^dzprov: the browser tests need Chromium \(looked at \/usr\/bin\/chromium, \/usr\/bin\/chromium-browser\): run "sudo apt-get install -y chromium"/);
      expect(r.message).not.toContain('\n');
      expect(m.ran).toEqual([]);
    }
  });

  it('fails with one line when apt-get fails or installs nothing usable, and when DZPROV_CHROMIUM names nothing', () => {
    const failing = { ...machine(['/usr/bin/apt-get']), run: () => 100 };
    expect(provisionChromium({ env: ENV, exists: failing.exists, isRoot: true, run: failing.run }).message).toMatch(/^dzprov: "\/usr\/bin\/apt-get update -qq" failed \(exit 100\)/);
    const empty = machine(['/usr/bin/apt-get']);
    expect(provisionChromium({ env: ENV, exists: empty.exists, isRoot: true, run: empty.run }).message).toMatch(/installed chromium but none is at/);
    const named = machine(['/usr/bin/apt-get']);
    const r = provisionChromium({ env: { ...ENV, DZPROV_CHROMIUM: '/opt/nothing' }, exists: named.exists, isRoot: true, run: named.run });
    expect(r).toMatchObject({ ok: false });
    expect(r.message).toMatch(/DZPROV_CHROMIUM=\/opt\/nothing does not exist/);
    expect(named.ran).toEqual([]);
  });

  it('is what npm test runs first, and passes on this machine', () => {
    const pkg = JSON.parse(spawnSync(process.execPath, ['-p', 'JSON.stringify(require("./package.json").scripts)'], { cwd: REPO, encoding: 'utf8' }).stdout) as Record<string, string>;
    expect(pkg.pretest).toBe('node scripts/provision.mjs');
    const r = spawnSync(process.execPath, [SCRIPT], { cwd: REPO, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });
});
