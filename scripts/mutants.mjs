#!/usr/bin/env node
// The mutation check of the differential test (npm run mutants; not part of npm test or CI):
// plants one-line bugs in dzprov's account rules, checked builders and planner, one at a time,
// runs the differential test (test/conformance/differential-*.test.ts) with a fixed seed and a
// moderate budget, and prints which mutants it killed (a counterexample, naming the kinds that
// found it) and which survived.
//
// The bugs are planted in a temporary copy of the repository (its node_modules linked), never in
// this checkout, and the copy is removed afterwards, also on Ctrl-C. The oracle is built once,
// from this checkout.
//
//   node scripts/mutants.mjs [--runs N] [--seed S] [--only name,name]
//   DZPROV_PROGRAM_DIR, DZPROV_ORACLE_TARGET: as for npm run conformance.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Number(arg('runs', '3000'));
const SEED = Number(arg('seed', '7'));
const ONLY = arg('only', '')
  .split(',')
  .filter(Boolean);

const R = 'src/core/instructions/accountRules.ts';
const C = 'src/core/instructions/checked.ts';
const P = 'src/core/instructions/planner.ts';
const I = 'src/core/instructions/interfaceRules.ts';

/** One-line bugs: where, the line as it is, and the line with the bug. */
const MUTANTS = [
  // The four the issue names.
  {
    name: 'same device on both sides: no default-key exemption',
    file: R,
    from: 'if (!isDefaultPubkey(link.sideAPk) && keyEquals(link.sideAPk, link.sideZPk)) {',
    to: 'if (keyEquals(link.sideAPk, link.sideZPk)) {',
  },
  {
    name: 'interface address rule: no loopback user-tunnel-endpoint exemption',
    file: R,
    from: '    !(iface.interfaceType === InterfaceType.Loopback && iface.userTunnelEndpoint)',
    to: '    true',
  },
  {
    name: 'undeclared-value check forgets routing_mode',
    file: R,
    from: '      [`interfaces[${i}].routing_mode`, RoutingModeSpec, f.routingMode],',
    to: '',
  },
  {
    name: "AcceptLink no longer checks the side-Z device's write",
    file: C,
    from: "  checkSideWrite(input, sideZDevice, activate(sideZIfaceName, 1), 'link status (AcceptLink)', to);",
    to: '',
  },
  // The same kind of bug elsewhere.
  {
    name: "DeleteLink no longer checks the side-A device's write",
    file: C,
    from: "  checkSideWrite(input, input.sideADevice, release(link.sideAIfaceName), 'delete link', '');",
    to: '',
  },
  {
    name: 'tunnel_net rule: no exemption for a requested link',
    file: R,
    from: '  if (link.status !== LinkStatus.Requested && !isPrivateIpv4(networkAddress(link.tunnelNet))) {',
    to: '  if (!isPrivateIpv4(networkAddress(link.tunnelNet))) {',
  },
  {
    name: 'public IP rule: no Transit exemption',
    file: R,
    from: '  if (device.deviceType !== DeviceType.Transit && !isGlobalIpv4(device.publicIp)) {',
    to: '  if (!isGlobalIpv4(device.publicIp)) {',
  },
  {
    name: 'interface rules: a Deleting interface validated too',
    file: R,
    from: '  if (iface.status === InterfaceStatus.Deleting) return undefined;',
    to: '',
  },
  {
    name: 'delay override rule: 0 no longer means "none"',
    file: R,
    from: '  if (link.delayOverrideNs !== 0n && outside(link.delayOverrideNs, MIN_LINK_DELAY_NS, MAX_LINK_DELAY_NS)) {',
    to: '  if (outside(link.delayOverrideNs, MIN_LINK_DELAY_NS, MAX_LINK_DELAY_NS)) {',
  },
  {
    name: 'tunnel id rule off by one',
    file: R,
    from: '  if (link.tunnelId > MAX_TUNNEL_ID) return problem(',
    to: '  if (link.tunnelId >= MAX_TUNNEL_ID) return problem(',
  },
  {
    name: 'undeclared-value check forgets interface_cyoa',
    file: R,
    from: '      [`interfaces[${i}].interface_cyoa`, InterfaceCYOASpec, f.interfaceCyoa],',
    to: '',
  },
  {
    name: "AcceptLink no longer checks the interfaces' bandwidth",
    file: C,
    from: '  i = bad((f) => f.bandwidth < link.bandwidth);',
    to: '  i = undefined;',
  },
  {
    name: 'checked DeleteDevice no longer checks the atomic accounts',
    file: C,
    from: "  if (resources?.kind === 'atomic') checkAtomicDelete(device, resources);",
    to: '',
  },
  {
    name: "planner: the device's contributor is every link's contributor (the issue's bug)",
    file: P,
    from: '    if (keyEquals(l.link.contributorPk, input.device.contributorPk)) held.add(\'contributor\');',
    to: "    held.add('contributor');",
  },
  {
    name: 'UpdateDeviceInterface: CYOA allowed on a linked physical interface',
    file: I,
    from: "    if (a.interfaceCyoa !== InterfaceCYOA.None && activePhysical) fail('interface_cyoa',",
    to: "    if (false) fail('interface_cyoa',",
  },
];

function buildOracle() {
  const r = spawnSync(process.execPath, [join(repo, 'scripts', 'oracle.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) {
    process.stderr.write(`mutants: the oracle cannot be built (exit ${r.status})\n`);
    process.exit(1);
  }
  return r.stdout.trim().split('\n').pop();
}

/** A copy of what the differential test runs from, with this checkout's node_modules linked. */
function copyRepo() {
  const dir = mkdtempSync(join(tmpdir(), 'dzprov-mutants-'));
  for (const p of ['src', 'test', 'package.json', 'tsconfig.json', 'vitest.conformance.config.ts', 'idl']) {
    if (existsSync(join(repo, p))) cpSync(join(repo, p), join(dir, p), { recursive: true });
  }
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

let copy;
let child;
function cleanUp() {
  if (child && child.exitCode === null) child.kill('SIGTERM');
  if (copy) rmSync(copy, { recursive: true, force: true });
  copy = undefined;
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    cleanUp();
    process.exit(130);
  });
}

/** Runs the differential test in the copy; the per-kind lines and whether it failed. */
function runDifferential(bin) {
  return new Promise((done) => {
    const files = ['test/conformance/differential-devices.test.ts', 'test/conformance/differential-links.test.ts', 'test/conformance/differential-node.test.ts'];
    child = spawn(process.execPath, [join(copy, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'vitest.conformance.config.ts', ...files], {
      cwd: copy,
      env: { ...process.env, DZPROV_ORACLE_BIN: bin, DZPROV_DIFF_RUNS: String(RUNS), DZPROV_DIFF_SEED: String(SEED), FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      const killedBy = new Map();
      for (const m of out.matchAll(/^differential (.+?): (\d+) cases, .* (\d+) counterexamples$/gm)) {
        if (Number(m[3]) > 0) killedBy.set(m[1], Math.max(killedBy.get(m[1]) ?? 0, Number(m[3])));
      }
      const first = /^(?:built|predicted|refused|the client|plan|landed|sent|#\d).{0,300}/m.exec(out.replace(/^.*?"(built|predicted|refused|the client|plan )/gm, '$1'))?.[0];
      done({ failed: code !== 0, killedBy, first, out });
    });
  });
}

async function main() {
  const started = Date.now();
  const bin = buildOracle();
  copy = copyRepo();
  const chosen = ONLY.length ? MUTANTS.filter((m) => ONLY.some((o) => m.name.includes(o))) : MUTANTS;
  console.log(`mutants: ${chosen.length} mutants, the differential test with DZPROV_DIFF_RUNS=${RUNS} DZPROV_DIFF_SEED=${SEED}, in ${copy}`);
  const base = await runDifferential(bin);
  if (base.failed) {
    console.log(`the unmutated differential test fails: nothing to compare with\n${base.out.slice(-3000)}`);
    cleanUp();
    process.exit(1);
  }
  console.log('unmutated: 0 counterexamples');
  const rows = [];
  for (const m of chosen) {
    const path = join(copy, m.file);
    const original = readFileSync(path, 'utf8');
    const at = original.indexOf(m.from);
    if (at < 0 || original.indexOf(m.from, at + 1) >= 0) {
      rows.push([m.name, 'NOT PLANTED (the line is not there exactly once)', '']);
      continue;
    }
    writeFileSync(path, original.slice(0, at) + m.to + original.slice(at + m.from.length));
    const t0 = Date.now();
    const r = await runDifferential(bin);
    writeFileSync(path, original);
    const by = [...r.killedBy.entries()].map(([k, n]) => `${k} (${n})`).join(', ');
    const verdict = r.failed ? 'killed' : 'SURVIVED';
    rows.push([m.name, verdict, by || (r.failed ? 'the run failed' : '')]);
    console.log(`${verdict.padEnd(8)} ${m.name} — ${by || '-'} [${((Date.now() - t0) / 1000).toFixed(0)} s]${r.first ? `\n         e.g. ${r.first}` : ''}`);
  }
  cleanUp();
  console.log(`\nmutant | result | kinds with counterexamples (how many)\n---|---|---`);
  for (const [n, v, k] of rows) console.log(`${n} | ${v} | ${k}`);
  const survived = rows.filter(([, v]) => v !== 'killed').length;
  console.log(`\n${rows.length - survived} of ${rows.length} killed in ${((Date.now() - started) / 60000).toFixed(1)} min`);
  process.exit(survived === 0 ? 0 : 2);
}

main().catch((e) => {
  cleanUp();
  console.error(e);
  process.exit(1);
});
