/**
 * Issue #9 (4): text from the node, the chain or a file reaches the terminal escaped and bounded
 * (`--json` stays exact); RPC URLs are printed as scheme, host and port only, and URLs with
 * credentials work (sent as an Authorization header). Files are read with a regular-file check
 * and a size bound.
 */
import { execFileSync } from 'node:child_process';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keypair } from '@solana/web3.js';
import { bound, forTerminal, formatJson, jsonLine, paint, renderTable, safeField, tableRow, terminalSafe, truncate, truncateMiddle, visibleLength, wrap } from '../../src/cli/format.js';
import { readKeypairFile } from '../../src/cli/keypair.js';
import { InputFileError, KeypairFileError } from '../../src/cli/errors.js';
import { run } from '../../src/cli/run.js';
import type { CliIo } from '../../src/cli/context.js';
import { buildSampleLedger, sampleKeypair } from '../helpers/sampleLedger.js';
import { DzClient } from '../../src/index.js';
import { redactUrl, splitCredentials } from '../../src/core/client/url.js';
import { decodeDevice, encodeDevice } from '../../src/index.js';
import { RpcTestServer } from '../helpers/rpcServer.js';
import { dzprov, ensureBuilt } from './harness.js';

const ledger = buildSampleLedger();
const foundation = sampleKeypair('foundation');
let server: RpcTestServer;
const dir = mkdtempSync(join(tmpdir(), 'dzprov-untrusted-'));

/** What reached the proxy: each request's URL (path + query) and headers. */
interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
}
let proxy: Server;
let proxyPort = 0;
const seen: Seen[] = [];

function load(s: RpcTestServer): void {
  for (const r of ledger.records) s.setAccount(r.pubkey, { owner: r.owner, data: r.data, lamports: r.lamports });
}

beforeAll(async () => {
  ensureBuilt();
  server = await new RpcTestServer().listen();
  load(server);
  // A recording proxy in front of the test server (it does not record headers itself).
  const target = new URL(server.url);
  proxy = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    const fwd = request(
      { host: target.hostname, port: target.port, path: '/', method: req.method, headers: { 'content-type': 'application/json' } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    fwd.on('error', () => res.destroy());
    req.pipe(fwd);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  proxyPort = (proxy.address() as { port: number }).port;
});

afterAll(async () => {
  await server?.close();
  await new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()));
  rmSync(dir, { recursive: true, force: true });
});

const url = () => ['-u', server.url, '--network', 'localnet'];
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

describe('terminalSafe and safeField', () => {
  it('escape every control and bidi character visibly', () => {
    expect(terminalSafe('a\x1b[2Jb')).toBe('a\\x1b[2Jb');
    expect(terminalSafe('a\u202eb\u2066c\u200fd')).toBe('a\\u{202e}b\\u{2066}c\\u{200f}d');
    expect(terminalSafe('\x00\x7f\x9b')).toBe('\\x00\\x7f\\x9b');
    // A whole output line keeps its line breaks and tabs; one field does not.
    expect(terminalSafe('a\nb\tc')).toBe('a\nb\tc');
    expect(safeField('a\nb\tc\r')).toBe('a\\nb\\tc\\r');
  });

  it('keep only dzprov\'s own colour sequences when asked: the ones it painted, never one that looks like them', () => {
    const tty = { color: true };
    expect(forTerminal(terminalSafe(paint(tty, 'green', 'ok'), true))).toBe('\x1b[32mok\x1b[0m');
    // The same bytes in text from the chain are escaped (issue #17: colour sequences too, on a TTY)
    expect(terminalSafe('\x1b[32mok\x1b[0m', true)).toBe('\\x1b[32mok\\x1b[0m');
    // A colour dzprov never paints (8: conceal) is escaped like any other sequence.
    expect(terminalSafe('\x1b[8mhidden\x1b[0m', true)).toBe('\\x1b[8mhidden\\x1b[0m');
    // Without keepColour even its own are escaped, and its marks never reach the output
    expect(terminalSafe(paint(tty, 'red', 'x'))).toBe('\\x1b[31mx\\x1b[0m');
  });

  it('bound the length with a note of what was left out', () => {
    expect(bound('abcdef', 4)).toBe('abcd… (2 more characters)');
    expect(bound('abc', 4)).toBe('abc');
    expect(terminalSafe('x'.repeat(10_000), { max: 100 })).toBe(`${'x'.repeat(100)}… (9900 more characters)`);
    expect(safeField('y'.repeat(600))).toBe(`${'y'.repeat(512)}… (88 more characters)`);
  });

  it('table cells are escaped before they are measured, so columns stay aligned', () => {
    const t = renderTable({ color: false }, ['code', 'x'], [['a\x1b[2Jb', '1'], ['plain', '2']]);
    const lines = t.split('\n');
    expect(lines[1]).toBe('a\\x1b[2Jb  1');
    expect(lines[2]).toBe('plain      2');
    expect(t).not.toMatch(CONTROL);
  });
});

describe('chain and node text in CLI output', () => {
  const evil = 'ams\x1b[2J\u202e1zd-\x07';

  function withEvilCode<T>(fn: () => Promise<T>): Promise<T> {
    const pk = ledger.addresses.get('device:ams-dz1')!;
    const acc = server.getAccount(pk)!;
    server.setAccount(pk, { owner: acc.owner, data: encodeDevice({ ...decodeDevice(acc.data), code: evil }) });
    return fn().finally(() => load(server));
  }

  it('a device code with ESC and a bidi override is escaped in tables and detail views', async () => {
    await withEvilCode(async () => {
      const list = await dzprov(['devices', ...url(), '--wide', '--as', foundation.publicKey.toBase58()]);
      expect(list.code).toBe(0);
      expect(list.stdout).not.toMatch(CONTROL);
      expect(list.stdout).toContain('ams\\x1b[2J\\u{202e}1zd-\\x07');
      const pk = ledger.addresses.get('device:ams-dz1')!.toBase58();
      const one = await dzprov(['show', pk, ...url()]);
      expect(one.code).toBe(0);
      expect(one.stdout).not.toMatch(CONTROL);
      expect(one.stdout).toContain('device ams\\x1b[2J\\u{202e}1zd-\\x07');
    });
  });

  it('--json keeps the code exact (JSON escapes it; parsing gives back the same string)', async () => {
    await withEvilCode(async () => {
      const r = await dzprov(['devices', ...url(), '--json']);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(/\x1b|\x07/); // JSON escapes control characters (\u001b)
      const rows = JSON.parse(r.stdout) as { code: string }[];
      expect(rows.map((d) => d.code)).toContain(evil);
    });
  });

  it('simulation logs and the node\'s error text are escaped in the dry-run report', async () => {
    const previous = server.simulate;
    server.simulate = () => ({ err: { InstructionError: [0, { Custom: 8 }] }, logs: ['Program log: \x1b]0;pwned\x07 \u202eevil', `Program log: ${'z'.repeat(5000)}`] });
    try {
      const r = await dzprov(['drain-device', 'ams-dz1', ...url(), '--as', foundation.publicKey.toBase58()]);
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).not.toMatch(CONTROL);
      expect(r.stdout).toContain('Program log: \\x1b]0;pwned\\x07 \\u{202e}evil');
      // A very long log line is cut with a note.
      expect(r.stdout).toMatch(/z{100}… \(\d+ more characters\)/);
      // --json keeps the logs exact
      const j = await dzprov(['drain-device', 'ams-dz1', ...url(), '--as', foundation.publicKey.toBase58(), '--json']);
      const out = JSON.parse(j.stdout) as { simulation: { logs: string[] } };
      expect(out.simulation.logs[0]).toBe('Program log: \x1b]0;pwned\x07 \u202eevil');
    } finally {
      server.simulate = previous;
    }
  });

  it('an error message carrying node text is escaped, on one line and bounded', async () => {
    server.rewriteAnswer = (method) =>
      method === 'getProgramAccounts' ? { jsonrpc: '2.0', id: 1, error: { code: -32000, message: `boom\x1b[31m\n\u202eforged line ${'q'.repeat(9000)}` } } : undefined;
    try {
      const r = await dzprov(['devices', ...url()]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).not.toMatch(CONTROL);
      const errLine = r.stderr.split('\n').find((l) => l.startsWith('dzprov: error:'))!;
      expect(errLine).toContain('boom\\x1b[31m');
      expect(errLine).toContain('\\u{202e}forged line');
      expect(errLine.length).toBeLessThan(4300);
      expect(errLine).toMatch(/… \(\d+ more characters\)$/);
    } finally {
      server.rewriteAnswer = undefined;
    }
  });
});

describe('RPC URLs: redacted when printed, credentials sent as a header', () => {
  it('splitCredentials takes user:password out of the URL into a Basic header (percent-decoded), keeping the query', () => {
    const e = splitCredentials('https://al%40ice:p%3Ass@rpc.example.com:8443/v1/?api-key=k1');
    expect(e.url).toBe('https://rpc.example.com:8443/v1/?api-key=k1');
    expect(e.headers.Authorization).toBe(`Basic ${Buffer.from('al@ice:p:ss').toString('base64')}`);
    expect(splitCredentials('http://127.0.0.1:8899')).toEqual({ url: 'http://127.0.0.1:8899', headers: {}, hasCredentials: false });
    expect(redactUrl('not a url')).toBe('(unparsable URL)');
  });

  it('DzClient keeps credentials out of rpcEndpoint and derives a WebSocket URL that keeps them', () => {
    const c = new DzClient({ network: 'localnet', rpcUrl: 'http://u:p@127.0.0.1:8899/?api-key=k' });
    expect(c.connection.rpcEndpoint).toBe('http://127.0.0.1:8899/?api-key=k');
    // On Node the ws package sends user:password from the URL as Basic authentication.
    expect((c.connection as unknown as { _rpcWsEndpoint: string })._rpcWsEndpoint).toBe('ws://u:p@127.0.0.1:8900/?api-key=k');
    expect(() => new DzClient({ network: 'localnet', rpcUrl: 'ftp://u:secret@host/' })).toThrow(/"ftp:\/\/host" is not an http/);
  });

  it('a URL with user:password and an api-key query works: Authorization header sent, query kept, neither printed', async () => {
    seen.length = 0;
    const rpc = `http://dz%20user:s3cr%2Ft@127.0.0.1:${proxyPort}/rpc?api-key=TOPSECRETKEY`;
    const r = await dzprov(['devices', '-u', rpc, '--network', 'localnet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ams-dz1');
    expect(seen.length).toBeGreaterThan(0);
    for (const s of seen) {
      expect(s.headers.authorization).toBe(`Basic ${Buffer.from('dz user:s3cr/t').toString('base64')}`);
      expect(s.url).toBe('/rpc?api-key=TOPSECRETKEY');
    }
    expect(r.stdout + r.stderr).not.toMatch(/TOPSECRETKEY|s3cr|dz%20user|dz user/);
    expect(r.stdout).toContain(`dzprov: http://127.0.0.1:${proxyPort} · local`);
  });

  it('an unreachable URL with credentials is reported as scheme, host and port only', async () => {
    const r = await dzprov(['devices', '-u', 'http://admin:hunter2@127.0.0.1:1/path/key123?api-key=abc', '--json']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('http://127.0.0.1:1');
    expect(r.stderr).not.toMatch(/hunter2|admin|key123|api-key|abc/);
  });
});

describe('files: regular files only, bounded', () => {
  const fifo = join(dir, 'fifo');
  let haveFifo = false;
  beforeAll(() => {
    try {
      execFileSync('mkfifo', [fifo]);
      haveFifo = true;
    } catch {
      haveFifo = false;
    }
  });

  const keyFile = join(dir, 'id.json');
  const bigFile = join(dir, 'big.json');
  const subdir = join(dir, 'a-directory');

  beforeAll(() => {
    writeFileSync(keyFile, JSON.stringify(Array.from(Keypair.generate().secretKey)));
    writeFileSync(bigFile, `[${' '.repeat(64 * 1024)}]`);
    mkdirSync(subdir);
  });

  it('a keypair that is a directory, a device, a FIFO or too big is a KeypairFileError naming it', () => {
    expect(readKeypairFile(keyFile).publicKey).toBeTruthy();
    const reason = (p: string) => {
      try {
        readKeypairFile(p);
      } catch (e) {
        expect(e).toBeInstanceOf(KeypairFileError);
        expect((e as Error).message).toContain(JSON.stringify(p));
        return (e as KeypairFileError).reason;
      }
      throw new Error('no error');
    };
    expect(reason(subdir)).toBe('not a regular file (it is a directory)');
    expect(reason('/dev/zero')).toBe('not a regular file (it is a character device)');
    expect(reason(bigFile)).toBe('larger than 4096 bytes');
    expect(reason(join(dir, 'missing.json'))).toBe('no such file');
    if (haveFifo) expect(reason(fifo)).toBe('not a regular file (it is a FIFO)');
  });

  it('the CLI reports a bad keypair path on one line with exit 2, control characters escaped', async () => {
    const r = await dzprov(['drain-device', 'ams-dz1', ...url(), '-k', '/dev/zero']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('dzprov: error: cannot read keypair "/dev/zero": not a regular file (it is a character device)');
    const odd = join(dir, 'k\x1b[2Jey');
    const r2 = await dzprov(['drain-device', 'ams-dz1', ...url(), '-k', odd]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).not.toMatch(CONTROL);
  });

  it('set-health input that is a directory, a device, a FIFO or too big is an InputFileError (exit 2)', async () => {
    for (const [p, reason] of [
      [subdir, 'not a regular file (it is a directory)'],
      ['/dev/zero', 'not a regular file (it is a character device)'],
      ...(haveFifo ? [[fifo, 'not a regular file (it is a FIFO)']] : []),
    ] as [string, string][]) {
      const r = await dzprov(['set-health', p]);
      expect(r.code, p).toBe(2);
      expect(r.stderr, p).toContain(`dzprov: error: set-health: cannot read ${JSON.stringify(p)}: ${reason}`);
    }
  });

  it('set-health input over 16 MiB (a file, or stdin) is refused', async () => {
    const huge = join(dir, 'huge.txt');
    writeFileSync(huge, Buffer.alloc(16 * 1024 * 1024 + 1, 0x20));
    const r = await dzprov(['set-health', huge, '--json']);
    expect(r.code).toBe(2);
    const err = JSON.parse(r.stderr.trim().split('\n').at(-1)!) as { error: string; code: string; message: string };
    expect(err).toMatchObject({ error: 'InputFileError', code: 'INPUT_FILE_ERROR' });
    expect(err.message).toContain('larger than 16777216 bytes');

    const errs: string[] = [];
    const io: CliIo = {
      stdout: { write: () => true },
      stderr: { write: (s: string) => errs.push(s) },
      env: {},
      readStdin: () => 'x'.repeat(16 * 1024 * 1024 + 1),
    };
    expect(await run(['set-health', '-'], io)).toBe(2);
    expect(errs.join('')).toContain('set-health: cannot read stdin: larger than 16777216 bytes');
    expect(new InputFileError('-', 'r', 'set-health').code).toBe('INPUT_FILE_ERROR');
  });
});

// ---------------------------------------------------------------------------------------------
// Issue #17 (4): what the terminal and files see

/** Runs the CLI in this process with a TTY-like stdout (colours on), collecting what it writes. */
async function inProcess(argv: string[], tty: boolean): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (x: string) => ((stdout += x), true), isTTY: tty, columns: 200 },
    stderr: { write: (x: string) => ((stderr += x), true) },
    env: { HOME: dir },
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

describe('issue #17: chain text escaped in every mode, JSON lines safe, widths measured', () => {
  const RED = '\x1b[31m';
  /** Gives ams-dz1 `code` on the node; restores the ledger afterwards. */
  async function withCode<T>(code: string, fn: () => Promise<T>): Promise<T> {
    const pk = ledger.addresses.get('device:ams-dz1')!;
    const acc = server.getAccount(pk)!;
    server.setAccount(pk, { owner: acc.owner, data: encodeDevice({ ...decodeDevice(acc.data), code }) });
    try {
      return await fn();
    } finally {
      load(server);
    }
  }

  it('a code holding exactly dzprov\'s own colour sequence is escaped on a TTY (devices, show, device list)', async () => {
    await withCode(`${RED}EVIL\x1b[0m`, async () => {
      for (const argv of [['devices'], ['show', `${RED}EVIL\x1b[0m`], ['device', 'list'], ['device', 'get', '--code', `${RED}EVIL\x1b[0m`]]) {
        // When printed with colours on (a TTY)
        const r = await inProcess([...argv, ...url(), '--as', foundation.publicKey.toBase58()], true);
        expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
        // Then the code's sequences are shown escaped, while dzprov's own colours are there
        expect(r.stdout, argv.join(' ')).toContain('\\x1b[31mEVIL\\x1b[0m');
        expect(r.stdout, argv.join(' ')).not.toContain(`${RED}EVIL`);
        // And no mark of dzprov's own sequences reaches the output
        expect(r.stdout).not.toMatch(/[\u{f0000}-\u{ffffd}]/u);
      }
      const table = await inProcess(['devices', ...url(), '--as', foundation.publicKey.toBase58()], true);
      expect(table.stdout).toMatch(/\x1b\[32mactivated\x1b\[0m/);
    });
  });

  it('--json: C1 and bidi controls in chain text are written as \\u escapes (stdout and the error line), the values exact', async () => {
    const evil = 'ams\u009b2J\u202e\u2066x\u0085';
    await withCode(evil, async () => {
      const r = await inProcess(['device', 'get', '--code', evil, '--json', ...url()], false);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(r.stdout).toContain('ams\\u009b2J\\u202e\\u2066x\\u0085');
      expect((JSON.parse(r.stdout) as { code: string }).code).toBe(evil);
    });
    // An error whose message carries node text: one JSON line, safe, exact once parsed
    server.rewriteAnswer = (method) => (method === 'getProgramAccounts' ? { jsonrpc: '2.0', id: 1, error: { code: -32000, message: `boom\u009b[2J\u202eevil\u2028` } } : undefined);
    try {
      const r = await inProcess(['devices', '--json', ...url()], false);
      expect(r.code).toBe(3);
      const last = r.stderr.trim().split('\n').at(-1)!;
      expect(last).not.toMatch(/[\u007f-\u009f\u202a-\u202e\u2028]/);
      expect((JSON.parse(last) as { message: string }).message).toContain('boom\u009b[2J\u202eevil');
    } finally {
      server.rewriteAnswer = undefined;
    }
    expect(jsonLine({ a: '\u009b\u202e' })).toBe('{"a":"\\u009b\\u202e"}');
    expect(JSON.parse(formatJson({ a: '\u2066x\u007f' }))).toEqual({ a: '\u2066x\u007f' });
  });

  it('a WebSocket URL the library refuses (a fragment) is a usage error, exit 2, for watch and every command', async () => {
    for (const argv of [['watch'], ['devices']]) {
      const r = await inProcess([...argv, ...url(), '--ws', 'ws://127.0.0.1:1/#frag', '--json'], false);
      expect(r.code, argv.join(' ')).toBe(2);
      const err = JSON.parse(r.stderr.trim().split('\n').at(-1)!) as { error: string; message: string };
      expect(err.error).toBe('UsageError');
      expect(err.message).toMatch(/WebSocket URL "ws:\/\/127\.0\.0\.1:1" \(--ws\) is refused: a WebSocket URL cannot have a fragment/);
    }
  });

  it('a keypair error never echoes the file\'s content', async () => {
    const secretish = join(dir, 'leaky.json');
    const values: unknown[] = Array.from({ length: 64 }, (_, i) => i);
    values[5] = 'TOPSECRET-seed-words';
    writeFileSync(secretish, JSON.stringify(values));
    const r = await dzprov(['drain-device', 'ams-dz1', ...url(), '-k', secretish, '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('TOPSECRET');
    expect(r.stderr).toContain('element 5 is not a byte 0..255');
    const bad = join(dir, 'notjson.json');
    writeFileSync(bad, 'my seed phrase is TOPSECRET words');
    const r2 = await dzprov(['drain-device', 'ams-dz1', ...url(), '-k', bad]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).not.toContain('TOPSECRET');
  });

  it('display width is measured: wide (CJK, emoji) characters take two columns, combining marks none', () => {
    expect(visibleLength('東京-dz1')).toBe(8);
    expect(visibleLength('e\u0301x')).toBe(2);
    expect(visibleLength('🚀x')).toBe(3);
    expect(visibleLength('❤\ufe0f')).toBe(2);
    // A table of such codes lines up: every cell of a column starts at the same display column
    const t = renderTable({ color: false }, ['code', 'status'], [['東京-dz1', 'a'], ['e\u0301e\u0301-dz1', 'b'], ['plain-dz1', 'c']]).split('\n');
    const col = (line: string, cell: string) => visibleLength(line.slice(0, line.indexOf(cell)));
    expect(new Set([col(t[0]!, 'STATUS'), col(t[1]!, 'a'), col(t[2]!, 'b'), col(t[3]!, 'c')]).size).toBe(1);
    // Cut and wrapped text never exceeds the width, and never splits a character from its combining mark
    expect(visibleLength(truncate('東京東京東京', 7))).toBeLessThanOrEqual(7);
    expect(truncate('東京東京東京', 7)).toBe('東京東…');
    expect(visibleLength(truncateMiddle('東京東京東京東京', 7))).toBeLessThanOrEqual(7);
    expect(wrap('e\u0301e\u0301e\u0301e\u0301', 2)).toEqual(['e\u0301e\u0301', 'e\u0301e\u0301']);
    for (const l of tableRow(['東京東京東京東京東京', 'x'], [6, 3])) expect(visibleLength(l)).toBeLessThanOrEqual(11);
  });
});
