/**
 * Issue 15 (2): the `doublezero` CLI's conventions. Its config file (same path, variable and
 * keys), its keypair order (then the Solana CLI's default), and `dzprov config get` saying what
 * is in effect and where each value came from. Every CLI run here is the built binary with a
 * temporary HOME (the real home is never read).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keypair } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { parseDoublezeroConfig } from '../../src/cli/configFile.js';
import { ConfigFileError } from '../../src/cli/errors.js';
import { buildSampleLedger, sampleKeypair } from '../helpers/sampleLedger.js';
import { PROGRAM_IDS } from '../../src/index.js';
import { dzprov, oneLineError, useSampleLedgerNode } from './harness.js';

const ledger = buildSampleLedger();
const foundation = sampleKeypair('foundation');
const acme = sampleKeypair('acme');
const sampleNode = useSampleLedgerNode(ledger);

const keyJson = (k: Keypair) => JSON.stringify(Array.from(k.secretKey));

/** A temporary HOME holding `files` (paths relative to it; a Keypair is written as a keypair file). */
function home(files: Record<string, string | Keypair> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'dzprov-home-'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), typeof content === 'string' ? content : keyJson(content));
  }
  return dir;
}

const CONFIG = '.config/doublezero/cli/config.yml';
const DZ_KEY = '.config/doublezero/id.json';
const SOL_KEY = '.config/solana/id.json';

/** serde_yaml's output for a ClientConfig, as `doublezero config set` writes it. */
function upstreamYaml(o: { url: string; ws?: string; keypair: string; programId?: string }): string {
  return [
    `json_rpc_url: ${o.url}`,
    `websocket_url: ${o.ws ?? 'null'}`,
    `keypair_path: ${o.keypair}`,
    `program_id: ${o.programId ?? 'null'}`,
    'tenant: null',
    'address_labels: {}',
    'geo_program_id: null',
    '',
  ].join('\n');
}

interface Got {
  configFile: { path: string; exists: boolean; from: string };
  ledger: string;
  environment: { value: string | null; source: string; from: string };
  rpcUrl: { value: string | null; source: string; from: string };
  wsUrl: { value: string | null; source: string; from: string };
  programId: { value: string; source: string; from: string };
  keypair: { path: string | null; pubkey: string | null; source: string; from: string; error?: string };
}

async function configGet(args: string[], env: Record<string, string>): Promise<Got> {
  const r = await dzprov(['config', 'get', '--json', ...args], { env });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Got;
}

describe('the doublezero config file', () => {
  it('a HOME configured for doublezero: dzprov reads the ledger, program id and keypair it names, and acts with that key', async () => {
    // Given ~/.config/doublezero/cli/config.yml (as `doublezero config set` writes it) naming the
    // test node and the local program id, and the keypair it names
    const h = home({
      [CONFIG]: upstreamYaml({ url: sampleNode.server.url, keypair: '/nonexistent-replaced-below', programId: PROGRAM_IDS.localnet.toBase58() }),
    });
    const keyPath = join(h, 'keys/ops.json');
    mkdirSync(join(h, 'keys'));
    writeFileSync(keyPath, keyJson(foundation));
    writeFileSync(join(h, CONFIG), upstreamYaml({ url: sampleNode.server.url, keypair: keyPath, programId: PROGRAM_IDS.localnet.toBase58() }));
    // When listing and dry-running without any flag
    const list = await dzprov(['device', 'list', '--json'], { env: { HOME: h } });
    const dry = await dzprov(['drain-device', 'ams-dz1', '--json'], { env: { HOME: h } });
    // Then both read the node, and the dry run takes the configured key's roles (no --as needed)
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as unknown[]).length).toBe(ledger.values.devices.length);
    expect(list.stderr).toContain(`dzprov: ${sampleNode.server.url} · local · program ${PROGRAM_IDS.localnet.toBase58()}`);
    expect(list.stderr).toContain(`acting as ${foundation.publicKey.toBase58()} [keypair ${keyPath}, keypair_path in ${join(h, CONFIG)} line 3]: networkAdmin`);
    expect(dry.code, dry.stderr).toBe(0);
    const j = JSON.parse(dry.stdout);
    expect([j.payer, j.roles, j.dryRun, j.simulation.ok]).toEqual([foundation.publicKey.toBase58(), ['networkAdmin'], true, true]);
    expect(dry.stderr).toContain(`acting with the keypair ${keyPath} (keypair_path in ${join(h, CONFIG)} line 3): ${foundation.publicKey.toBase58()}`);
  });

  it('config get names every value\'s source: the config file with its line, a derived WebSocket URL', async () => {
    const h = home({ [CONFIG]: upstreamYaml({ url: 'https://ledger.example/secret-token', keypair: '/k/id.json', programId: PROGRAM_IDS.testnet.toBase58() }) });
    const got = await configGet([], { HOME: h });
    expect(got.configFile).toEqual({ path: join(h, CONFIG), exists: true, from: 'default' });
    expect(got.ledger).toBe('rpc');
    // A URL that is no environment's public one is shown as scheme and host (its path may be a key)
    expect(got.rpcUrl).toEqual({ value: 'https://ledger.example/…', source: 'config', from: `${join(h, CONFIG)} line 1` });
    expect(got.wsUrl).toEqual({ value: 'wss://ledger.example/…', source: 'derived', from: `derived from the RPC URL (${join(h, CONFIG)} line 1)` });
    expect(got.programId).toEqual({ value: PROGRAM_IDS.testnet.toBase58(), source: 'config', from: `${join(h, CONFIG)} line 4` });
    // The environment follows the program id, as upstream infers it from the config's program_id
    expect(got.environment).toEqual({ value: 'testnet', source: 'config', from: `the program id's (${join(h, CONFIG)} line 4)` });
    expect(got.keypair).toMatchObject({ path: null, pubkey: null, from: 'none found' });
  });

  it('DOUBLEZERO_CONFIG_FILE names another file; a missing file is no configuration (the sample ledger)', async () => {
    const other = join(home({ 'elsewhere.yml': `json_rpc_url: ${sampleNode.server.url}\n` }), 'elsewhere.yml');
    const got = await configGet([], { HOME: home(), DOUBLEZERO_CONFIG_FILE: other });
    expect(got.configFile).toEqual({ path: other, exists: true, from: 'DOUBLEZERO_CONFIG_FILE' });
    expect(got.rpcUrl).toEqual({ value: sampleNode.server.url.replace(/\/?$/, ''), source: 'config', from: `${other} line 1` });
    // The program id is mainnet-beta's when neither the file nor a flag names one (dzprov's default)
    expect(got.programId).toMatchObject({ value: PROGRAM_IDS['mainnet-beta'].toBase58(), source: 'default' });
    const none = await configGet([], { HOME: home() });
    expect(none.configFile.exists).toBe(false);
    expect(none.ledger).toBe('sample');
    expect(none.rpcUrl).toEqual({ value: null, source: 'default', from: 'none given: the embedded sample ledger' });
  });
});

describe('precedence: flag > environment variable > config file > default', () => {
  const cfgUrl = 'http://10.0.0.3:8899';
  const h = () => home({ [CONFIG]: `json_rpc_url: ${cfgUrl}\nwebsocket_url: ws://10.0.0.3:9900\nprogram_id: ${PROGRAM_IDS.devnet.toBase58()}\n` });

  it.each([
    // [case, args, env, rpc value, rpc source, ws value, ws source, program source]
    ['config file only', [], {}, cfgUrl, 'config', 'ws://10.0.0.3:9900', 'config', 'config'],
    ['DZ_LEDGER_RPC_URL over the file', [], { DZ_LEDGER_RPC_URL: 'http://10.0.0.2:1' }, 'http://10.0.0.2:1', 'env', 'ws://10.0.0.2:1', 'derived', 'config'],
    ['DZPROV_RPC_URL over DZ_LEDGER_RPC_URL', [], { DZ_LEDGER_RPC_URL: 'http://10.0.0.2:1', DZPROV_RPC_URL: 'http://10.0.0.4:1' }, 'http://10.0.0.4:1', 'env', 'ws://10.0.0.4:1', 'derived', 'config'],
    ['--url over the variables', ['--url', 'http://10.0.0.1:1'], { DZ_LEDGER_RPC_URL: 'http://10.0.0.2:1' }, 'http://10.0.0.1:1', 'flag', 'ws://10.0.0.1:1', 'derived', 'config'],
    ['DZ_LEDGER_WS_RPC_URL over the file', [], { DZ_LEDGER_WS_RPC_URL: 'ws://10.0.0.5:2' }, cfgUrl, 'config', 'ws://10.0.0.5:2', 'env', 'config'],
    ['--ws over DZ_LEDGER_WS_RPC_URL', ['--ws', 'wss://10.0.0.6:3'], { DZ_LEDGER_WS_RPC_URL: 'ws://10.0.0.5:2' }, cfgUrl, 'config', 'wss://10.0.0.6:3', 'flag', 'config'],
    ['--program-id over the file', ['--program-id', 't'], {}, cfgUrl, 'config', 'ws://10.0.0.3:9900', 'config', 'flag'],
  ] as const)('%s', async (_name, args, env, rpc, rpcSource, ws, wsSource, programSource) => {
    const got = await configGet([...args], { HOME: h(), ...env });
    expect([got.rpcUrl.value?.replace(/\/…$/, ''), got.rpcUrl.source]).toEqual([rpc, rpcSource]);
    expect([got.wsUrl.value?.replace(/\/…$/, ''), got.wsUrl.source]).toEqual([ws, wsSource]);
    expect(got.programId.source).toBe(programSource);
  });

  it('-e selects the environment wholesale: the file\'s URLs and program id are set aside, its keypair_path is not', async () => {
    const key = Keypair.generate();
    const dir = home({ 'k.json': key });
    const h2 = home({ [CONFIG]: `json_rpc_url: ${cfgUrl}\nprogram_id: ${PROGRAM_IDS.devnet.toBase58()}\nkeypair_path: ${join(dir, 'k.json')}\n` });
    const got = await configGet(['-e', 't'], { HOME: h2 });
    expect(got.environment).toEqual({ value: 'testnet', source: 'flag', from: '-e' });
    expect(got.rpcUrl).toEqual({ value: 'https://doublezerolocalnet.rpcpool.com/8a4fd3f4-0977-449f-88c7-63d4b0f10f16', source: 'environment', from: '-e testnet' });
    expect(got.wsUrl).toEqual({ value: 'wss://doublezerolocalnet.rpcpool.com/8a4fd3f4-0977-449f-88c7-63d4b0f10f16/whirligig', source: 'environment', from: '-e testnet' });
    expect(got.programId).toEqual({ value: PROGRAM_IDS.testnet.toBase58(), source: 'environment', from: '-e testnet' });
    expect(got.keypair).toMatchObject({ pubkey: key.publicKey.toBase58(), source: 'config' });
    // And DZ_LEDGER_RPC_URL still replaces -e's URL (flag > variable > environment's value)
    const over = await configGet(['--env', 'testnet'], { HOME: h2, DZ_LEDGER_RPC_URL: 'http://10.0.0.2:1' });
    expect([over.rpcUrl.source, over.programId.source]).toEqual(['env', 'environment']);
  });

  it('-e with --url: the URL replaces the environment\'s, the program id stays the environment\'s (as upstream; not refused)', async () => {
    const got = await configGet(['-e', 'devnet', '--url', 'http://127.0.0.1:7'], { HOME: home() });
    expect([got.rpcUrl.value, got.rpcUrl.source, got.wsUrl.value, got.programId.value, got.environment.value]).toEqual([
      'http://127.0.0.1:7',
      'flag',
      'ws://127.0.0.1:7',
      PROGRAM_IDS.devnet.toBase58(),
      'devnet',
    ]);
  });

  it('config get without --json: one line per value with its source', async () => {
    const r = await dzprov(['config', 'get', '-e', 'm'], { env: { HOME: home() } });
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([
      expect.stringMatching(/^Config File: {3}.*\.config\/doublezero\/cli\/config\.yml \(not found: no configuration; the default path\)$/),
      'Environment:   mainnet-beta  [-e]',
      'RPC URL:       https://doublezero-mainnet-beta.rpcpool.com/db336024-e7a8-46b1-80e5-352dd77060ab  [-e mainnet-beta]',
      'WebSocket URL: wss://doublezero-mainnet-beta.rpcpool.com/db336024-e7a8-46b1-80e5-352dd77060ab  [-e mainnet-beta]',
      'Program ID:    ser2VaTMAcYTaauMrTSfSrxBaUDq7BLNs2xfUugTAGv  [-e mainnet-beta]',
      expect.stringMatching(/^Keypair Path: {2}\(none found\) {2}\[looked at: ~\/\.config\/doublezero\/id\.json .*; ~\/\.config\/solana\/id\.json .*\]$/),
    ]);
  });
});

describe('the keypair order: --keypair, DOUBLEZERO_KEYPAIR, config keypair_path, ~/.config/doublezero/id.json, ~/.config/solana/id.json', () => {
  const k = { flag: Keypair.generate(), envPath: Keypair.generate(), envJson: Keypair.generate(), config: Keypair.generate(), dz: Keypair.generate(), sol: Keypair.generate() };
  const dir = home({ 'flag.json': k.flag, 'env.json': k.envPath, 'config.json': k.config });
  const full = () => home({ [CONFIG]: `json_rpc_url: ${sampleNode.server.url}\nkeypair_path: ${join(dir, 'config.json')}\n`, [DZ_KEY]: k.dz, [SOL_KEY]: k.sol });

  it.each([
    ['--keypair', ['--keypair', join(dir, 'flag.json')], { DOUBLEZERO_KEYPAIR: join(dir, 'env.json') }, 'flag', 'flag'],
    ['DOUBLEZERO_KEYPAIR (a path)', [], { DOUBLEZERO_KEYPAIR: join(dir, 'env.json') }, 'envPath', 'env'],
    ['DOUBLEZERO_KEYPAIR (the JSON itself)', [], { DOUBLEZERO_KEYPAIR: keyJson(k.envJson) }, 'envJson', 'env'],
    ['config keypair_path', [], {}, 'config', 'config'],
  ] as const)('%s comes first when given', async (_n, args, env, which, source) => {
    const got = await configGet([...args], { HOME: full(), ...env });
    expect([got.keypair.pubkey, got.keypair.source]).toEqual([k[which].publicKey.toBase58(), source]);
  });

  it('then ~/.config/doublezero/id.json, then ~/.config/solana/id.json', async () => {
    const dzAndSol = await configGet([], { HOME: home({ [CONFIG]: `json_rpc_url: ${sampleNode.server.url}\n`, [DZ_KEY]: k.dz, [SOL_KEY]: k.sol }) });
    expect([dzAndSol.keypair.pubkey, dzAndSol.keypair.from]).toEqual([k.dz.publicKey.toBase58(), 'the doublezero CLI default']);
    const solOnly = await configGet([], { HOME: home({ [CONFIG]: `json_rpc_url: ${sampleNode.server.url}\n`, [SOL_KEY]: k.sol }) });
    expect([solOnly.keypair.pubkey, solOnly.keypair.from]).toEqual([k.sol.publicKey.toBase58(), 'the Solana CLI default']);
    // A keypair_path that names no file is passed over (as upstream), to the defaults
    const missing = await configGet([], { HOME: home({ [CONFIG]: `json_rpc_url: ${sampleNode.server.url}\nkeypair_path: /no/such.json\n`, [SOL_KEY]: k.sol }) });
    expect(missing.keypair.pubkey).toBe(k.sol.publicKey.toBase58());
  });

  it('--send signs with the key found: DOUBLEZERO_KEYPAIR over the config\'s', async () => {
    const h = home({ [CONFIG]: `json_rpc_url: ${sampleNode.server.url}\nprogram_id: ${PROGRAM_IDS.localnet.toBase58()}\nkeypair_path: ${join(dir, 'config.json')}\n` });
    const before = sampleNode.server.sent.length;
    const r = await dzprov(['drain-device', 'ams-dz1', '--send', '--json'], { env: { HOME: h, DOUBLEZERO_KEYPAIR: keyJson(foundation) } });
    try {
      expect(r.code, r.stderr).toBe(0);
      expect(sampleNode.server.sent.length).toBe(before + 1);
      expect(sampleNode.server.sent.at(-1)!.versioned!.message.staticAccountKeys[0]!.equals(foundation.publicKey)).toBe(true);
      expect(r.stderr).toContain(`signing with the keypair DOUBLEZERO_KEYPAIR (JSON): ${foundation.publicKey.toBase58()}`);
    } finally {
      for (const rec of ledger.records) sampleNode.server.setAccount(rec.pubkey, { owner: rec.owner, data: rec.data, lamports: rec.lamports });
    }
  });

  it('a dry run on a ledger takes the found key\'s roles; --as still wins', async () => {
    const h = home({ [DZ_KEY]: acme });
    const args = ['drain-device', 'ams-dz1', '--url', sampleNode.server.url, '-e', 'l', '--json'];
    const withKey = JSON.parse((await dzprov(args, { env: { HOME: h } })).stdout);
    expect([withKey.payer, withKey.roles]).toEqual([acme.publicKey.toBase58(), ['contributor']]);
    const withAs = JSON.parse((await dzprov([...args, '--as', foundation.publicKey.toBase58()], { env: { HOME: h } })).stdout);
    expect([withAs.payer, withAs.roles]).toEqual([foundation.publicKey.toBase58(), ['networkAdmin']]);
  });

  it.each([
    ['--keypair <directory>', (d: string) => [['--keypair', d], {}], (d: string) => `cannot read keypair ${JSON.stringify(d)}: not a regular file (it is a directory)`],
    ['DOUBLEZERO_KEYPAIR=<directory>', (d: string) => [[], { DOUBLEZERO_KEYPAIR: d }], (d: string) => `cannot read keypair ${JSON.stringify(d)}: not a regular file (it is a directory) (from DOUBLEZERO_KEYPAIR)`],
    ['DOUBLEZERO_KEYPAIR=<missing file> (no fallback to another key)', (d: string) => [[], { DOUBLEZERO_KEYPAIR: join(d, 'nope.json') }], (d: string) => `cannot read keypair ${JSON.stringify(join(d, 'nope.json'))}: no such file (from DOUBLEZERO_KEYPAIR)`],
    ['keypair_path: <directory>', (d: string) => [[], { CFG_KEYPAIR: d }], (d: string) => `cannot read keypair ${JSON.stringify(d)}: not a regular file (it is a directory) (from keypair_path in `],
  ] as const)('%s: one line naming it, exit 2, nothing sent', async (_n, setup, message) => {
    const d = mkdtempSync(join(tmpdir(), 'dzprov-keydir-'));
    const [args, env] = setup(d) as [string[], Record<string, string>];
    const h = home({ [CONFIG]: `json_rpc_url: ${sampleNode.server.url}\nprogram_id: ${PROGRAM_IDS.localnet.toBase58()}\n${env.CFG_KEYPAIR ? `keypair_path: ${env.CFG_KEYPAIR}\n` : ''}`, [SOL_KEY]: foundation });
    const { CFG_KEYPAIR: _ignored, ...vars } = env;
    const before = sampleNode.server.sent.length;
    sampleNode.server.resetRecords();
    const r = await dzprov(['drain-device', 'ams-dz1', '--send', ...args], { env: { HOME: h, ...vars } });
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toContain(`dzprov: error: ${message(d)}`);
    expect(sampleNode.server.sent.length).toBe(before);
    expect(sampleNode.server.calls('sendTransaction')).toHaveLength(0);
  });
});

describe('a malformed config file: one line naming the file and the line, exit 2, nothing sent', () => {
  it.each([
    ['json_rpc_url: 8899\n', 1, 'json_rpc_url must be a string (a URL: http:// or https://), not the number 8899'],
    ['json_rpc_url: true\n', 1, 'json_rpc_url must be a string (a URL: http:// or https://), not the boolean true'],
    ['# a comment\njson_rpc_url: ws://x\n', 2, 'json_rpc_url "ws://x" is not a URL starting with http:// or https://'],
    ['json_rpc_url: http://a\nwebsocket_url: http://b\n', 2, 'websocket_url "http://b" is not a URL starting with ws:// or wss://'],
    ['json_rpc_url: http://a\nprogram_id: not-a-key\n', 2, 'program_id "not-a-key" is not a base58 public key'],
    ['json_rpc_url: http://a\nkeypair_path: 7\n', 2, 'keypair_path must be a string (a file path), not the number 7'],
    ['json_rpc_url: http://a\nkeypair_path: ~\n', 2, 'keypair_path must be a string (a file path), not null'],
    ['json_rpc_url: http://a\njson_rpc_url: http://b\n', 2, 'duplicate key "json_rpc_url" (first on line 1)'],
    ['json_rpc_url: http://a\n\tprogram_id: x\n', 2, 'a tab in the indentation (YAML indents with spaces)'],
    ['json_rpc_url: "http://a\n', 1, 'unterminated double-quoted string (multi-line strings are not supported)'],
    ['json_rpc_url: |\n  http://a\n', 1, 'block scalars (| or >) are not supported: write the value on one line'],
    ['json_rpc_url: &u http://a\n', 1, 'anchors, aliases and tags are not supported'],
    ['json_rpc_url: http://a\naddress_labels: [a, b]\n', 2, 'flow collections with content are not supported'],
    ['json_rpc_url: http://a\naddress_labels: x\n', 2, 'address_labels must be a mapping, not a string'],
    ['json_rpc_url: http://a\naddress_labels:\n  k:\n    deeper: x\n', 3, 'nested mappings deeper than one level are not supported'],
    ['- json_rpc_url: http://a\n', 1, 'the file must hold a mapping of "key: value" lines, not a sequence'],
    ['json_rpc_url: http://a\n---\njson_rpc_url: http://b\n', 2, 'a second YAML document ("---"): the file must hold one'],
    ['just words\n', 1, 'expected "key: value"'],
  ])('%j: line %i', async (content, line, reason) => {
    const h = home({ [CONFIG]: content });
    sampleNode.server.resetRecords();
    const r = await dzprov(['device', 'list'], { env: { HOME: h } });
    expect(r.code).toBe(2);
    // (the reason is the start of the message; some go on to say what to write instead)
    expect(oneLineError(r).startsWith(`dzprov: error: config file ${JSON.stringify(join(h, CONFIG))} line ${line}: ${reason}`), oneLineError(r)).toBe(true);
    expect(sampleNode.server.requests).toHaveLength(0);
  });

  it('a file without json_rpc_url is refused as upstream refuses it; a directory in its place too', async () => {
    const h = home({ [CONFIG]: 'keypair_path: /x/id.json\n' });
    const r = await dzprov(['devices'], { env: { HOME: h } });
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toBe(`dzprov: error: config file ${JSON.stringify(join(h, CONFIG))}: json_rpc_url is missing (the doublezero CLI requires it; a file without it is refused by both)`);
    const d = home();
    mkdirSync(join(d, CONFIG), { recursive: true });
    const r2 = await dzprov(['devices', '--json'], { env: { HOME: d } });
    expect(r2.code).toBe(2);
    expect(JSON.parse(r2.stderr.trim().split('\n').at(-1)!)).toEqual({
      error: 'ConfigFileError',
      code: 'CONFIG_FILE_ERROR',
      message: `config file ${JSON.stringify(join(d, CONFIG))}: not a regular file (it is a directory)`,
      exitCode: 2,
      path: join(d, CONFIG),
    });
  });
});

describe('the YAML subset reader', () => {
  it('reads what serde_yaml writes and what people type: quotes, comments, ---, null forms, {}, a block mapping', () => {
    // Given a hand-edited file
    const text = [
      '---  ',
      '# doublezero CLI config',
      "json_rpc_url: 'https://ledger.example/a#b'   # a comment after a value",
      'websocket_url: "wss://ledger.example/\\u0061"',
      'keypair_path: /home/op/.config/doublezero/id.json',
      'program_id: ~',
      'tenant:',
      'address_labels:',
      '  "7CTniUa88iJKUHTrCkB4TjAoG6TD7AMivhQeuqN2LPtX": local program',
      '  other: \'it\'\'s\'',
      'geo_program_id: null',
      'unknown_key: ignored, as serde ignores it',
      '...',
      '',
    ].join('\r\n');
    // When it is parsed
    const cfg = parseDoublezeroConfig(text, '/x/config.yml');
    // Then every value dzprov uses is there, with its line
    expect(cfg.jsonRpcUrl).toEqual({ value: 'https://ledger.example/a#b', line: 3 });
    expect(cfg.websocketUrl).toEqual({ value: 'wss://ledger.example/a', line: 4 });
    expect(cfg.keypairPath).toEqual({ value: '/home/op/.config/doublezero/id.json', line: 5 });
    expect(cfg.programId).toBeUndefined();
  });

  it('every problem is a ConfigFileError with path and line', () => {
    const e = (() => {
      try {
        parseDoublezeroConfig('json_rpc_url: http://a\nprogram_id: 12\n', '/x/c.yml');
      } catch (x) {
        return x as ConfigFileError;
      }
      throw new Error('accepted');
    })();
    expect(e).toBeInstanceOf(ConfigFileError);
    expect([e.name, e.code, e.path, e.line]).toEqual(['ConfigFileError', 'CONFIG_FILE_ERROR', '/x/c.yml', 2]);
  });
});
