/**
 * The README runs (issue #19, item 7): every code sample and CLI line in README.md is executed, so
 * the README cannot drift from the code again.
 *
 * - A fenced block runs as it is: `sh` lines are dzprov commands (`npx dzprov`, `node
 *   dist/cli/main.js`), run by the built CLI on the embedded sample ledger, with `printf … |` as
 *   stdin and `| jq <filter>` applied to the output; `ts` blocks are type-checked against the built
 *   package (`dist/*.d.ts`) and run against it.
 * - A block that needs a network says so on the line before it:
 *   `<!-- readme-test: network: … -->`. Its CLI lines run against a local test node holding the
 *   sample ledger (`--url <node> --program-id <its program>` appended, as `-e` with `--url`
 *   allows), its TypeScript against a node holding the sample accounts under mainnet-beta's
 *   program id (`DZ_LEDGER_RPC_URL`). Placeholders (`<code>`...) take sample values.
 * - `<!-- readme-test: skip: <why> -->` marks what cannot run inside the suite (the suite itself,
 *   the Rust oracle, packing), with the reason.
 * - Inline `dzprov …` commands without placeholders run like a fenced line.
 * Every command must exit 0 without an error on stderr; some lines have further checks below.
 * The TypeScript samples of docs/*.md are type-checked the same way.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transform } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROGRAM_IDS } from '../src/index.js';
import { buildSampleLedger, sampleKeypair, SAMPLE_PROGRAM_ID } from '../src/cli/sampleLedger.js';
import { cleanEnv, dzprov, ensureBuilt, REPO, runNode, type RunResult } from './cli/harness.js';
import { applyLikeProgram } from './helpers/rpcFixtures.js';
import { typeErrors } from './helpers/typecheck.js';
import { RpcTestServer } from './helpers/rpcServer.js';

const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const PKG = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string> };

// ---------------------------------------------------------------------------------------------
// The samples

interface Sample {
  /** 1-based line of the opening fence (or of the inline command). */
  line: number;
  lang: string;
  code: string;
  /** How it runs: as it is, against a test node, or not at all (with the reason). */
  mode: 'run' | 'network' | 'skip';
  note: string;
}

const MARKER = /^<!-- readme-test: (network|skip): (.+) -->$/;

function fencedSamples(md: string): Sample[] {
  const lines = md.split('\n');
  const out: Sample[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.indexOf('```', i + 1);
    if (end < 0) throw new Error(`README.md:${i + 1}: unclosed code block`);
    const marker = MARKER.exec(lines[i - 1] ?? '');
    out.push({ line: i + 1, lang: open[1]!, code: lines.slice(i + 1, end).join('\n'), mode: (marker?.[1] as Sample['mode']) ?? 'run', note: marker?.[2] ?? '' });
    i = end;
  }
  return out;
}

/** Inline `dzprov …` commands that are whole commands (no placeholder or alternatives). */
function inlineCommands(md: string): Sample[] {
  const out: Sample[] = [];
  for (const m of md.matchAll(/`(dzprov [^`]+)`/g)) {
    const code = m[1]!.replace(/\s*\n\s*/g, ' ');
    if (/<|\s\[|…/.test(code)) continue; // a placeholder, optional arguments, an elision
    out.push({ line: md.slice(0, m.index).split('\n').length, lang: 'sh', code, mode: 'run', note: 'inline' });
  }
  return out;
}

const FENCED = fencedSamples(README);

/** Where a sample's imports are found at run time (as installed: the built package, and kit). */
const RUNTIME_MODULES: Record<string, string> = {
  'dzprov/sample-node': 'dist/cli/node/index.js',
  'dzprov/graph': 'dist/graph/index.js',
  'dzprov/kit': 'dist/kit/index.js',
  dzprov: 'dist/index.js',
  '@solana/kit': 'node_modules/@solana/kit/dist/index.node.mjs',
};
const SAMPLES = [...FENCED, ...inlineCommands(README)];

// ---------------------------------------------------------------------------------------------
// Shell lines

/** Shell words of one line (single and double quotes; `\n` in single quotes kept as typed), comment stripped. */
function words(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: '"' | "'" | null = null;
  let any = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else cur += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      any = true;
    } else if (c === '#' && !any && cur === '') {
      break; // a comment
    } else if (/\s/.test(c)) {
      if (any || cur) out.push(cur);
      cur = '';
      any = false;
    } else {
      cur += c;
    }
  }
  if (quote) throw new Error(`unclosed quote in: ${line}`);
  if (any || cur) out.push(cur);
  return out;
}

/** `cmd a b | cmd c` → [[cmd, a, b], [cmd, c]] (and `&&` lists the same way, with their operator). */
function split(ws: string[], op: string): string[][] {
  const parts: string[][] = [[]];
  for (const w of ws) {
    if (w === op) parts.push([]);
    else parts[parts.length - 1]!.push(w);
  }
  return parts;
}

/** A dzprov command's arguments, or undefined when the words are not one. */
function dzprovArgs(ws: string[]): string[] | undefined {
  if (ws[0] === 'npx' && ws[1] === 'dzprov') return ws.slice(2);
  if (ws[0] === 'node' && ws[1] === 'dist/cli/main.js') return ws.slice(2);
  if (ws[0] === 'dzprov') return ws.slice(1);
  return undefined;
}

/** The jq filters the README uses, applied to a command's output. */
function jq(args: string[], stdout: string): string {
  const raw = args[0] === '-r';
  const filter = raw ? args[1] : args[0];
  const show = (v: unknown) => (raw && typeof v === 'string' ? v : JSON.stringify(v, null, 2));
  switch (filter) {
    case '.':
      return stdout
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => show(JSON.parse(l)))
        .join('\n');
    case '.[].account':
      return (JSON.parse(stdout) as { account: unknown }[]).map((r) => show(r.account)).join('\n');
    case '.[0].account':
      return show((JSON.parse(stdout) as { account: unknown }[])[0]!.account);
    default:
      throw new Error(`readme test: jq filter ${String(filter)} is not emulated: add it to jq()`);
  }
}

// ---------------------------------------------------------------------------------------------
// The world the samples run in: a working directory, keypair files, test nodes

const ledger = buildSampleLedger();
const acme = sampleKeypair('acme');
const oracle = sampleKeypair('health-oracle');
let work: string;
let node: RpcTestServer;
let mainnetNode: RpcTestServer;
const keyFile = (name: string) => join(work, 'keys', `${name}.json`);

/** Sample values for the README's placeholders. */
const PLACEHOLDERS: Record<string, () => string> = {
  '<code>': () => 'ams-dz1',
  '<pubkey>': () => acme.publicKey.toBase58(),
  '<oracle-pubkey>': () => oracle.publicKey.toBase58(),
  '<command>': () => 'drain-device',
  '<keys-dir>/contributor-coa.json': () => keyFile('acme'),
};

function fill(args: string[]): string[] {
  return args.map((a) => {
    const p = PLACEHOLDERS[a];
    if (p) return p();
    if (/<[^>]+>/.test(a)) throw new Error(`readme test: no sample value for the placeholder in "${a}": add it to PLACEHOLDERS`);
    return a;
  });
}

beforeAll(async () => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'dzprov-readme-'));
  mkdirSync(join(work, 'keys'));
  for (const [name, kp] of [
    ['acme', acme],
    ['health-oracle', oracle],
  ] as const) {
    writeFileSync(keyFile(name), JSON.stringify(Array.from(kp.secretKey)));
  }
  // Files the README's lines name, in the directory they run in.
  writeFileSync(join(work, 'ops.json'), JSON.stringify(Array.from(acme.secretKey)));
  writeFileSync(join(work, 'updates.txt'), '# health oracle run\nlax-dz1 impaired\nams-fra-1 ready-for-service\n');
  // Its accounts under mainnet-beta's program id, for the SDK sample that names that environment.
  mainnetNode = await new RpcTestServer().listen();
  for (const r of ledger.records) mainnetNode.setAccount(r.pubkey, { owner: PROGRAM_IDS['mainnet-beta'], data: r.data, lamports: r.lamports });
});

afterAll(async () => {
  await node?.close();
  await mainnetNode?.close();
});

/** A new node holding the sample ledger, landing what it is sent as the program would write it (one per block). */
async function freshNode(): Promise<void> {
  await node?.close();
  node = await new RpcTestServer().listen();
  for (const r of ledger.records) node.setAccount(r.pubkey, { owner: r.owner, data: r.data, lamports: r.lamports });
  node.defaultSend = { effect: applyLikeProgram };
}

/** Further checks of some lines' output, by the line. */
const checked = new Set<number>();
const CHECKS: [RegExp, (r: RunResult) => void][] = [
  [/promote-device sin-dz1 link-provisioning/, (r) => expect(r.stdout).toContain('status device-provisioning → link-provisioning')],
  // The first send lands; the same change sent again (another key, options) is already done.
  [/drain-device <code> -e m --send\s+#/, (r) => expect(r.stdout).toMatch(/^landed: signature \w+ \(slot \d+\); device status is now drained$/m)],
  [/--send -k ops\.json/, (r) => expect(r.stdout).toContain('already done: device ams-dz1 is already drained with desired status drained; nothing to send')],
  [/drain-device ams-dz1 -e local --send/, (r) => expect(r.stdout).toMatch(/^landed: signature \w+/m)],
  [/set-health - -e m --send --json/, (r) => expect(r.lines.map((l) => (JSON.parse(l) as { status: string }).status)).toEqual(['updated', 'unchanged'])],
  [/set-health updates\.txt/, (r) => expect(r.stdout).toMatch(/would update {2}device lax-dz1: ready-for-users → impaired/)],
  [/--code ams-dz1 --json \| jq -r '\.\[0\]\.account'/, (r) => expect(r.stdout.trim()).toBe(ledger.addresses.get('device:ams-dz1')!.toBase58())],
  [/device list -e m --status activated --json \| jq/, (r) => expect(r.lines.length).toBeGreaterThan(0)],
];

/** Runs one line of a block; returns the outcome to assert, or undefined for a line with nothing to run. */
async function runLine(line: string, mode: 'run' | 'network'): Promise<RunResult | undefined> {
  const ws = words(line);
  if (ws.length === 0) return undefined;
  // `npm ci && npm start`: npm ci installed what the suite runs with; npm start's command runs
  // (its build is the one npm test made).
  const list = split(ws, '&&');
  if (list.length === 2 && list[0]!.join(' ') === 'npm ci' && list[1]!.join(' ') === 'npm start') {
    const [build, command] = PKG.scripts.start!.split(' && ') as [string, string];
    expect(build).toBe('npm run build --silent');
    return runLine(command, mode);
  }
  // In a network block, `npm run oracle-node` is the node: the test's own.
  if (mode === 'network' && ws[0] === 'npm' && ws[1] === 'run' && ws[2] === 'oracle-node') return undefined;
  const stages = split(ws, '|');
  let stdin: string | undefined;
  if (stages[0]![0] === 'printf') {
    stdin = stages.shift()![1]!.replace(/\\n/g, '\n');
  }
  const args = dzprovArgs(stages[0]!);
  if (!args) throw new Error(`readme test: "${line}" is neither a dzprov command nor a line this test knows how to run`);
  let full = fill(args);
  let env: Record<string, string> = {};
  if (mode === 'network') {
    full = [...full, '--url', node.url, '--program-id', SAMPLE_PROGRAM_ID.toBase58()];
    if (full[0] === 'watch') full.push('--timeout', '2');
    // The keypair found: the health oracle's for health writes, acme's (the contributor) otherwise.
    env = { DOUBLEZERO_KEYPAIR: keyFile(full[0] === 'set-health' ? 'health-oracle' : 'acme') };
  }
  const r = await dzprov(full, { env, cwd: work, ...(stdin !== undefined ? { input: stdin } : {}) });
  const rest = stages.slice(1);
  if (r.code === 0) {
    for (const stage of rest) {
      if (stage[0] !== 'jq') throw new Error(`readme test: "${line}" pipes into ${stage[0]}, which this test does not run`);
      r.stdout = jq(stage.slice(1), r.stdout);
      r.lines = r.stdout.split('\n').filter((l, i, a) => !(i === a.length - 1 && l === ''));
    }
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// The tests

describe('README.md: every sample is run (or marked, with the reason)', () => {
  it('every block is sh or ts, and every readme-test marker sits on the line before a block', () => {
    expect(FENCED.map((s) => s.lang).filter((l) => l !== 'sh' && l !== 'ts')).toEqual([]);
    const markers = README.split('\n').flatMap((l, i, all) => (l.startsWith('<!-- readme-test') ? [{ l, next: all[i + 1] ?? '' }] : []));
    for (const m of markers) {
      expect(m.l, 'a marker is network or skip, with a reason').toMatch(MARKER);
      expect(m.next, `the marker "${m.l}" is followed by a code block`).toMatch(/^```\w+/);
    }
    // The install block names the tarball npm pack writes for this version.
    expect(README).toContain(`dzprov-${PKG.version}.tgz`);
    // and the skipped test block is exactly what npm test is
    expect(PKG.scripts.test).toBe('npm run build --silent && npm run typecheck --silent && vitest run');
  });

  const shell = SAMPLES.filter((s) => s.lang === 'sh' && s.mode !== 'skip');
  for (const s of shell) {
    it(`README.md:${s.line} (${s.mode === 'network' ? 'on a test node' : s.note === 'inline' ? 'inline, on the sample ledger' : 'on the sample ledger'}): ${s.code.split('\n')[0]!.slice(0, 60)}`, async () => {
      if (s.mode === 'network') await freshNode();
      for (const line of s.code.split('\n')) {
        const r = await runLine(line, s.mode as 'run' | 'network');
        if (!r) continue;
        expect({ line, code: r.code, stderr: r.stderr.split('\n').filter((l) => /error/i.test(l)) }).toEqual({ line, code: 0, stderr: [] });
        CHECKS.forEach(([which, check], i) => {
          if (!which.test(line)) return;
          check(r);
          checked.add(i);
        });
      }
    }, 180_000);
  }

  it('every further check met its line (none is left over from an edited README)', () => {
    expect(CHECKS.map(([re], i) => (checked.has(i) ? '' : String(re))).filter(Boolean)).toEqual([]);
  });

  it('the skipped blocks are only the suite itself, the Rust oracle, a two-terminal session and packing', () => {
    expect(FENCED.filter((s) => s.mode === 'skip').map((s) => s.note)).toEqual([
      'the run this test is part of',
      "needs Rust and the program's source; CI runs npm run conformance after npm test",
      'test/package/consumers.test.ts packs the package and installs the tarball into projects this way',
      'two terminals; test/cli/sampleNode.test.ts runs the command and a drain sent to it',
    ]);
  });

  const typescript = FENCED.filter((s) => s.lang === 'ts');
  it('there is TypeScript to check', () => expect(typescript.length).toBeGreaterThan(0));
  for (const s of typescript) {
    it(`README.md:${s.line} (TypeScript${s.mode === 'network' ? ', on a test node' : ''}): type-checks against the built package and runs`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'dzprov-readme-ts-'));
      expect(typeErrors(s.code).map((e) => `${e.line}: ${e.text}`)).toEqual([]);
      // Run against the built package.
      let js = (await transform(s.code, { loader: 'ts', format: 'esm' })).code;
      for (const [spec, file] of Object.entries(RUNTIME_MODULES)) {
        js = js.replace(new RegExp(`from ['"]${spec.replace('/', '\\/')}['"]`, 'g'), `from '${pathToFileURL(join(REPO, file)).href}'`);
      }
      const out = join(dir, 'sample.mjs');
      writeFileSync(out, js);
      // The kit sample names the local environment, and acme's and the health oracle's keypairs.
      const onSampleLedger = s.mode === 'network' && s.note.includes('holding the sample ledger (');
      if (onSampleLedger) await freshNode();
      const env =
        s.mode !== 'network'
          ? cleanEnv()
          : onSampleLedger
            ? cleanEnv({ DZ_LEDGER_RPC_URL: node.url, DZ_LEDGER_WS_RPC_URL: node.wsUrl, CONTRIBUTOR_KEYPAIR: keyFile('acme'), HEALTH_ORACLE_KEYPAIR: keyFile('health-oracle') })
            : cleanEnv({ DZ_LEDGER_RPC_URL: mainnetNode.url });
      const r = await runNode([out, 'ams-dz1'], { env, cwd: work });
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      if (onSampleLedger) {
        // Every activated device listed, the drain landed and read back drained, both health writes
        // reported as the node now holds them.
        const activated = ledger.values.devices.filter((d) => d.status === 1).map((d) => `${ledger.addresses.get(`device:${d.code}`)!.toBase58()} ${d.code} activated`);
        expect(r.lines.slice(0, activated.length).sort()).toEqual(activated.sort());
        expect(r.lines.slice(activated.length)).toEqual(['landed drained', 'ams-dz1 unchanged', 'ams-fra-1 updated']);
        expect(node.calls('sendTransaction').length).toBe(2);
      } else if (s.mode === 'network') {
        // The quick start's device, as the node holds it.
        expect(r.lines[0]).toBe(`${ledger.addresses.get('device:ams-dz1')!.toBase58()} ams-dz1 activated ready-for-users`);
        expect(mainnetNode.calls('getProgramAccounts').length).toBeGreaterThan(0);
      }
    }, 120_000);
  }
});

describe('docs/*.md: the TypeScript samples type-check against the built package', () => {
  const docs = readdirSync(join(REPO, 'docs')).filter((f) => f.endsWith('.md'));
  const samples = docs.flatMap((d) => fencedSamples(readFileSync(join(REPO, 'docs', d), 'utf8')).filter((s) => s.lang === 'ts').map((s) => ({ doc: d, ...s })));
  it('there is one at least', () => expect(samples.length).toBeGreaterThan(0));
  for (const s of samples) {
    it(`docs/${s.doc}:${s.line}`, () => {
      expect(typeErrors(s.code).map((e) => `${e.line}: ${e.text}`)).toEqual([]);
    }, 60_000);
  }
});
