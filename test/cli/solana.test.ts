/**
 * The CLI on Solana conventions: -u/--url monikers, the default keypair, --commitment,
 * --compute-unit-price, JSON errors with documented exit codes, output within 100 columns.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ComputeBudgetProgram, Keypair, VersionedTransaction } from '@solana/web3.js';
import { PROGRAM_IDS } from '../../src/index.js';
import { parseCommandLine, topLevelHelp } from '../../src/cli/args.js';
import { resolveTarget } from '../../src/cli/context.js';
import { EXIT, EXIT_CODE_ROWS } from '../../src/cli/exitCodes.js';
import { renderTable, terminalSafe, visibleLength, wrap } from '../../src/cli/format.js';
import { UsageError } from '../../src/cli/errors.js';
import { buildSampleLedger, sampleKeypair } from '../helpers/sampleLedger.js';
import { decodeDevice, encodeDevice } from '../../src/index.js';
import { RpcTestServer } from '../helpers/rpcServer.js';
import { dzprov, EMPTY_HOME, ensureBuilt, REPO } from './harness.js';

const ledger = buildSampleLedger();
const foundation = sampleKeypair('foundation');
let server: RpcTestServer;

function load(s: RpcTestServer): void {
  for (const r of ledger.records) s.setAccount(r.pubkey, { owner: r.owner, data: r.data, lamports: r.lamports });
}

beforeAll(async () => {
  ensureBuilt();
  server = await new RpcTestServer().listen();
  load(server);
});

afterAll(async () => {
  await server?.close();
});

const url = () => ['-u', server.url, '--network', 'localnet'];

/** A HOME whose ~/.config/solana/id.json holds `kp` (or nothing). */
function homeWith(kp: Keypair | undefined): string {
  const home = mkdtempSync(join(tmpdir(), 'dzprov-home-'));
  if (kp) {
    mkdirSync(join(home, '.config/solana'), { recursive: true });
    writeFileSync(join(home, '.config/solana/id.json'), JSON.stringify(Array.from(kp.secretKey)));
  }
  return home;
}

const cols = (s: string) => s.split('\n').map((l) => [...l].length);

describe('-u/--url: a DoubleZero ledger URL, never a Solana cluster moniker', () => {
  const home = { HOME: EMPTY_HOME };

  it.each(['mainnet-beta', 'm', 'testnet', 't', 'devnet', 'd', 'localhost', 'l', 'local', 'mainnet'])(
    '-u %s (a moniker) is refused with the -e it means: Solana\'s clusters do not hold the program',
    (moniker) => {
      for (const flag of ['-u', '--url', '--rpc']) {
        // Given a moniker where a URL belongs
        const { options } = parseCommandLine(['devices', flag, moniker]);
        // When the target is resolved, then it is a usage error that names the DoubleZero environment
        const e = (() => {
          try {
            resolveTarget(options, home);
          } catch (x) {
            return x as UsageError;
          }
          throw new Error('not refused');
        })();
        expect(e).toBeInstanceOf(UsageError);
        expect(e.message).toMatch(new RegExp(`^${flag} takes an RPC URL, and "${moniker}" is an environment name: .* not on Solana's clusters; use -e (mainnet-beta|testnet|devnet|local) `));
      }
    },
  );

  it('a URL keeps mainnet-beta\'s program id unless -e or --program-id says otherwise; DZPROV_RPC_URL must be a URL too', () => {
    const plain = resolveTarget(parseCommandLine(['devices', '--url', 'http://10.0.0.1:8899']).options, home);
    expect([plain.url, plain.wsUrl, plain.network]).toEqual(['http://10.0.0.1:8899', 'ws://10.0.0.1:8899', 'mainnet-beta']);
    expect(plain.programId.equals(PROGRAM_IDS['mainnet-beta'])).toBe(true);
    const withEnv = resolveTarget(parseCommandLine(['devices', '-u', 'http://10.0.0.1:8899', '-e', 'd']).options, home);
    expect(withEnv.programId.equals(PROGRAM_IDS.devnet)).toBe(true);
    expect(withEnv.url).toBe('http://10.0.0.1:8899');
    expect(() => resolveTarget(parseCommandLine(['devices']).options, { ...home, DZPROV_RPC_URL: 'l' })).toThrow(/^DZPROV_RPC_URL takes an RPC URL, and "l" is an environment name/);
  });

  it('anything else must be an http(s) URL, named by the flag it came with', () => {
    expect(() => resolveTarget(parseCommandLine(['devices', '-u', 'nowhere']).options, home)).toThrow(new UsageError('-u "nowhere" is not a URL'));
    expect(() => resolveTarget(parseCommandLine(['devices', '--rpc', 'ws://x:1']).options, home)).toThrow(/must start with http/);
    expect(() => parseCommandLine(['devices', '-u', 'http://a', '--rpc', 'http://b'])).toThrow(UsageError);
  });
});

describe('--send without --keypair: the Solana CLI default ~/.config/solana/id.json comes last', () => {
  it('signs and sends with $HOME/.config/solana/id.json when no doublezero keypair is there', async () => {
    // Given HOME holds the foundation key as the Solana CLI default keypair only
    const home = homeWith(foundation);
    const before = server.sent.length;
    try {
      // When sending without --keypair
      const r = await dzprov(['drain-device', 'ams-dz1', ...url(), '--send', '--json'], { env: { HOME: home } });
      // Then the transaction is signed and paid by that key, and a note says which file it was
      expect(r.code).toBe(0);
      expect(server.sent.length).toBe(before + 1);
      const tx = server.sent.at(-1)!;
      expect(tx.signaturesValid).toBe(true);
      expect(tx.versioned!.message.staticAccountKeys[0]!.equals(foundation.publicKey)).toBe(true);
      expect(JSON.parse(r.stdout).payer).toBe(foundation.publicKey.toBase58());
      expect(r.stderr).toContain(`signing with the keypair ~/.config/solana/id.json (the Solana CLI default): ${foundation.publicKey.toBase58()}`);
    } finally {
      load(server);
    }
  });

  it('no keypair anywhere is one line naming every place looked at (exit 2), nothing sent', async () => {
    const before = server.sent.length;
    const r = await dzprov(['drain-device', 'ams-dz1', ...url(), '--send'], { env: { HOME: homeWith(undefined) } });
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr.trim()).toBe(
      'dzprov: error: drain-device --send: no keypair found (looked at ~/.config/doublezero/id.json (the doublezero CLI default): no such file; ~/.config/solana/id.json (the Solana CLI default): no such file); pass --keypair <file> or set DOUBLEZERO_KEYPAIR',
    );
    expect(server.sent.length).toBe(before);
  });
});

describe('--commitment and --compute-unit-price', () => {
  it('--commitment finalized is the commitment of every read and of the simulation; confirmed by default', async () => {
    // Given a clean request log
    server.resetRecords();
    // When
    const r = await dzprov(['drain-device', 'ams-dz1', ...url(), '--as', foundation.publicKey.toBase58(), '--commitment', 'finalized']);
    // Then
    expect(r.code).toBe(0);
    const commitments = (method: string) =>
      server
        .calls(method)
        .map((c) => ((c.params as unknown[]).find((p) => p && typeof p === 'object' && !Array.isArray(p)) as { commitment?: string }).commitment);
    for (const m of ['getProgramAccounts', 'getMultipleAccounts', 'simulateTransaction']) {
      expect(commitments(m).length, m).toBeGreaterThan(0);
      expect(new Set(commitments(m)), m).toEqual(new Set(['finalized']));
    }
    server.resetRecords();
    await dzprov(['devices', ...url()]);
    expect(new Set(commitments('getProgramAccounts'))).toEqual(new Set(['confirmed']));
  });

  it('--compute-unit-price adds SetComputeUnitPrice to the transaction sent, and shows it in the dry run', async () => {
    const keyFile = join(homeWith(foundation), '.config/solana/id.json');
    // When a dry run asks for a priority fee
    const dry = await dzprov(['drain-device', 'ams-dz1', ...url(), '-k', keyFile, '--compute-unit-price', '25000', '--json']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout).computeBudget).toEqual([
      { programId: ComputeBudgetProgram.programId.toBase58(), data: '02c05c1500', name: 'SetComputeUnitLimit', value: '1400000' },
      { programId: ComputeBudgetProgram.programId.toBase58(), data: '0100000400', name: 'RequestHeapFrame', value: '262144' },
      { programId: ComputeBudgetProgram.programId.toBase58(), data: '03a861000000000000', name: 'SetComputeUnitPrice', value: '25000' },
    ]);
    const human = await dzprov(['drain-device', 'ams-dz1', ...url(), '-k', keyFile, '--compute-unit-price', '25000']);
    expect(human.stdout).toContain('SetComputeUnitPrice(25000) 03a861000000000000');
    // And the simulated transaction already carries it
    const sim = server.calls('simulateTransaction').at(-1)!;
    const simTx = VersionedTransaction.deserialize(Buffer.from(String((sim.params as unknown[])[0]), 'base64'));
    expect(simTx.message.compiledInstructions.map((ix) => Buffer.from(ix.data).toString('hex'))).toContain('03a861000000000000');
    // When sending
    const before = server.sent.length;
    try {
      const r = await dzprov(['drain-device', 'ams-dz1', ...url(), '--send', '--keypair', keyFile, '--compute-unit-price', '25000']);
      expect(r.code).toBe(0);
      // Then the sent transaction holds SetComputeUnitPrice(25000) on the ComputeBudget program,
      // after the prelude and before the UpdateDevice
      expect(server.sent.length).toBe(before + 1);
      const m = server.sent.at(-1)!.versioned!.message;
      const ixs = m.compiledInstructions.map((ix) => ({
        program: m.staticAccountKeys[ix.programIdIndex]!.toBase58(),
        data: Buffer.from(ix.data).toString('hex'),
      }));
      expect(ixs).toHaveLength(4);
      expect(ixs[2]).toEqual({ program: ComputeBudgetProgram.programId.toBase58(), data: '03a861000000000000' });
      expect(ixs[3]!.program).toBe(ledger.programId.toBase58());
    } finally {
      load(server);
    }
  });
});

describe('exit codes and --json errors', () => {
  it('--help and the README list every exit code', async () => {
    const r = await dzprov(['--help']);
    expect(r.stdout).toContain('Exit codes:');
    const flat = r.stdout.replace(/\s+/g, ' ');
    for (const [code, meaning] of EXIT_CODE_ROWS) expect(flat).toContain(` ${code} ${meaning}`);
    expect(topLevelHelp()).toContain('Exit codes:');
    expect((await dzprov(['watch', '--help'])).stdout).toContain('Exit codes:');
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const cli = readme.slice(readme.indexOf('## CLI'));
    for (const [code] of EXIT_CODE_ROWS) expect(cli).toMatch(new RegExp(`^\\| ${code} \\| `, 'm'));
  });

  it.each([
    [['devices', '--frob', '--json'], 2, 'UsageError', 'USAGE_ERROR', /^unknown option --frob$/],
    [['devices', '--json', '--json'], 2, 'UsageError', 'USAGE_ERROR', /^option --json given more than once$/],
    [['drain-device', 'xyz', '--json'], 1, 'UnknownAccountError', 'UNKNOWN_ACCOUNT', /^unknown device "xyz"/],
    [['devices', '--json', '-u', 'http://127.0.0.1:1'], 3, 'RpcUnavailableError', 'RPC_UNAVAILABLE', /^cannot read from the RPC node http:\/\/127\.0\.0\.1:1: /],
  ] as const)('%j: exit %i, one JSON object on stderr', async (args, exitCode, error, code, message) => {
    // When
    const r = await dzprov(args);
    // Then stderr ends with {error, code, message, exitCode}, and stdout has no partial JSON
    expect(r.code).toBe(exitCode);
    const last = JSON.parse(r.stderr.trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ error, code, exitCode });
    expect(last.message).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('a failed simulation: the result on stdout, the error as JSON on stderr (exit 1)', async () => {
    const previous = server.simulate;
    server.simulate = () => ({ err: { InstructionError: [2, { Custom: 8 }] }, logs: ['Program log: not allowed'] });
    try {
      const r = await dzprov(['drain-device', 'ams-dz1', ...url(), '--as', foundation.publicKey.toBase58(), '--json']);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout).simulation.ok).toBe(false);
      const err = JSON.parse(r.stderr.trim().split('\n').at(-1)!);
      expect(err).toMatchObject({ error: 'SimulationFailedError', code: 'SIMULATION_FAILED', exitCode: 1 });
      expect(err.cause.code).toBeTypeOf('string');
    } finally {
      server.simulate = previous;
    }
  });

  it('a send whose status cannot be read: exit 4, the JSON error names the signature', async () => {
    const keyFile = join(homeWith(foundation), '.config/solana/id.json');
    server.injectFault({ kind: '500', count: 1000, method: 'getSignatureStatuses' });
    try {
      const r = await dzprov(['drain-device', 'nyc-dz1', ...url(), '--send', '-k', keyFile, '--json']);
      expect(r.code).toBe(EXIT.UNKNOWN_OUTCOME);
      const err = JSON.parse(r.stderr.trim().split('\n').at(-1)!);
      const sig = server.sent.at(-1)!.signature;
      expect(err).toMatchObject({ error: 'UnconfirmedSendError', code: 'UNCONFIRMED_SEND', exitCode: 4, signature: sig });
      expect(err.message).toContain(sig);
    } finally {
      server.clearFaults();
      load(server);
    }
  });
});

describe('output within 100 columns', () => {
  const commands = [
    ['devices'],
    ['links'],
    ['next'],
    ['show', 'ams-dz1'],
    ['show', 'ams-fra-0', '--as', 'visitor'],
    ['plan', 'return-device', 'tyo-dz1', '--include-hard-drained'],
    ['soft-drain-link', 'fra-chi-1'],
    ['--help'],
    ['drain-device', '--help'],
  ];

  it.each(commands)('%s: every stdout line fits 100 columns (not a terminal, no --wide)', async (...args) => {
    const r = await dzprov(args);
    expect(r.code).toBe(0);
    expect(Math.max(...cols(r.stdout))).toBeLessThanOrEqual(100);
  });

  it('long cells are cut with "…" (keys, in the middle) or wrapped; --wide and COLUMNS change the width', async () => {
    const { pubkey } = { pubkey: ledger.addresses.get('device:ams-dz1')!.toBase58() };
    // Given the default width: the pubkey column keeps both ends of each key
    const narrow = await dzprov(['devices']);
    const row = narrow.lines.find((l) => l.startsWith('ams-dz1 '))!;
    expect(row).toMatch(new RegExp(`^ams-dz1\\s+${pubkey.slice(0, 3)}\\S*…\\S*${pubkey.slice(-3)}\\s+activated\\s+`));
    expect(row).not.toContain(pubkey);
    // A wrapped cell continues on the next line, in its column
    const col = narrow.lines.find((l) => l.startsWith('CODE'))!.indexOf('NEXT ACTIONS');
    const dz0 = narrow.lines.findIndex((l) => l.startsWith('ams-dz0 '));
    const cell: string[] = [narrow.lines[dz0]!.slice(col)];
    for (let i = dz0 + 1; narrow.lines[i]!.startsWith(' '); i++) cell.push(narrow.lines[i]!.slice(col));
    expect(cell.reduce((a, l) => (a.endsWith('-') ? a + l : `${a} ${l}`))).toBe('set-device-status device-provisioning');
    // --wide: whole keys, lines wider than 100
    const wide = await dzprov(['devices', '--wide']);
    expect(wide.stdout).toContain(pubkey);
    expect(Math.max(...cols(wide.stdout))).toBeGreaterThan(100);
    // COLUMNS=80
    const eighty = await dzprov(['links'], { env: { COLUMNS: '80' } });
    expect(Math.max(...cols(eighty.stdout))).toBeLessThanOrEqual(80);
  });

  it('renderTable / wrap: property — any table fits the width, and wrapping loses no text', () => {
    const word = fc.stringMatching(/^[a-z][a-z-]{0,13}[a-z]$/);
    const cell = fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 7 }),
        fc.integer({ min: 60, max: 140 }),
        fc.array(fc.array(cell, { minLength: 7, maxLength: 7 }), { minLength: 1, maxLength: 8 }),
        (n, width, rawRows) => {
          // Given any table of up to 7 columns and any width from 60
          const headers = Array.from({ length: n }, (_, i) => `c${i}`);
          const rows = rawRows.map((r) => r.slice(0, n));
          // Then every line fits
          const out = renderTable({ color: false }, headers, rows, { maxWidth: width, keyColumns: [0] });
          for (const l of out.split('\n')) expect(visibleLength(l)).toBeLessThanOrEqual(width);
        },
      ),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(cell, fc.integer({ min: 15, max: 40 }), (text, width) => {
        // Given a text whose words are at most 15 long: wrapped, each line fits, and joining the
        // lines back gives the text again
        const lines = wrap(text, width);
        for (const l of lines) expect(visibleLength(l)).toBeLessThanOrEqual(width);
        // (the words end in a letter, so a line ending in "-" was broken after a hyphen)
        const back = lines.reduce((acc, l) => (acc === '' ? l : acc.endsWith('-') ? acc + l : `${acc} ${l}`), '');
        expect(back).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('wrap breaks at blanks, then after hyphens; a key column is cut in the middle', () => {
    expect(wrap('set-device-status device-provisioning', 19)).toEqual(['set-device-status', 'device-provisioning']);
    expect(wrap('ready-for-service', 10)).toEqual(['ready-for-', 'service']);
    const t = renderTable({ color: false }, ['code', 'pubkey', 'note'], [['a', 'A'.repeat(44), 'x '.repeat(40).trim()]], {
      maxWidth: 40,
      keyColumns: [1],
    });
    for (const l of t.split('\n')) expect([...l].length).toBeLessThanOrEqual(40);
    expect(t.split('\n')[1]).toMatch(/^a\s+A{4,}…A{4,}\s+x x/);
  });
});

describe('text from the chain is made safe for the terminal', () => {
  it('terminalSafe escapes control characters visibly, keeping dzprov\'s own colours only when asked', () => {
    expect(terminalSafe('ams\x1b]0;owned\x07-dz1\r\n')).toBe('ams\\x1b]0;owned\\x07-dz1\\r\n');
    // (dzprov's own colours are the ones it paints: see untrusted.test.ts; the same bytes from the chain are escaped)
    expect(terminalSafe('\x1b[32mok\x1b[0m \x1b[2J', true)).toBe('\\x1b[32mok\\x1b[0m \\x1b[2J');
    expect(terminalSafe('a\u202eb')).toBe('a\\u{202e}b');
  });

  it('a device code holding an escape sequence is printed without it', async () => {
    const pk = ledger.addresses.get('device:ams-dz1')!;
    const acc = server.getAccount(pk)!;
    server.setAccount(pk, { owner: acc.owner, data: encodeDevice({ ...decodeDevice(acc.data), code: 'ams\x1b[2J\x1b]0;x\x07-dz1' }) });
    try {
      const r = await dzprov(['devices', ...url(), '--as', foundation.publicKey.toBase58()]);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
      expect(r.stdout).toContain('ams\\x1b[2J\\x1b]0;x\\x07-');
    } finally {
      load(server);
    }
  });
});
