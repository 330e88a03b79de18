import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PublicKey } from '@solana/web3.js';
import { run } from '../../src/cli/run.js';
import type { CliIo } from '../../src/cli/context.js';
import { parseCommandLine, COMMANDS } from '../../src/cli/args.js';
import { UsageError } from '../../src/cli/errors.js';
import { formatJson, renderTable, visibleLength } from '../../src/cli/format.js';
import { redactUrl } from '../../src/cli/context.js';
import { EMPTY_HOME } from './harness.js';

/** An in-process io: captures stdout/stderr; `stdoutWrite` can be replaced to inject faults. */
function memoryIo(env: Record<string, string> = {}, opts: { tty?: boolean; stdoutWrite?: (s: string) => void } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: opts.stdoutWrite ?? ((s: string) => out.push(s)), isTTY: opts.tty ?? false },
    stderr: { write: (s: string) => err.push(s) },
    // Never the real home: no doublezero config or keypair unless a test gives HOME.
    env: { HOME: EMPTY_HOME, ...env },
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

describe('run() in process', () => {
  it('an unexpected (non-dzprov) error is one line with the DZPROV_DEBUG hint, exit 1', async () => {
    // Given stdout that throws a plain Error (a bug, not a user mistake)
    const m = memoryIo({}, { stdoutWrite: () => { throw new Error('disk on fire'); } });
    // When
    const code = await run(['devices'], m.io);
    // Then
    expect(code).toBe(1);
    expect(m.err()).toBe('dzprov: unexpected error: disk on fire (set DZPROV_DEBUG=1 for the stack trace)\n');
  });

  it('DZPROV_DEBUG=1 adds the stack trace', async () => {
    const m = memoryIo({ DZPROV_DEBUG: '1' }, { stdoutWrite: () => { throw new Error('disk on fire'); } });
    expect(await run(['devices'], m.io)).toBe(1);
    expect(m.err()).toMatch(/^dzprov: unexpected error: disk on fire .*\nError: disk on fire\n\s+at /);
  });

  it('colours only on a TTY, and never with NO_COLOR', async () => {
    const tty = memoryIo({}, { tty: true });
    await run(['devices'], tty.io);
    expect(tty.out()).toMatch(/\x1b\[32mactivated\x1b\[0m/);
    const noColor = memoryIo({ NO_COLOR: '1' }, { tty: true });
    await run(['devices'], noColor.io);
    expect(noColor.out()).not.toMatch(/\x1b\[/);
    const json = memoryIo({}, { tty: true });
    await run(['devices', '--json'], json.io);
    expect(json.out()).not.toMatch(/\x1b\[/);
  });
});

describe('parseCommandLine', () => {
  it('accepts options before or after the command', () => {
    const a = parseCommandLine(['--json', 'show', 'ams-dz1', '--as', 'acme']);
    const b = parseCommandLine(['show', '--as', 'acme', 'ams-dz1', '--json']);
    expect(a.command?.name).toBe('show');
    expect(a.args).toEqual(['ams-dz1']);
    expect(b.args).toEqual(a.args);
    expect(b.options).toEqual(a.options);
  });

  it('"--" ends options, so a code may start with a dash', () => {
    const r = parseCommandLine(['show', '--', '-weird']);
    expect(r.args).toEqual(['-weird']);
  });

  it('every command in the table parses with its required arguments; the ones dzprov does not run yet are refused as such', () => {
    for (const c of COMMANDS) {
      const argv = [...c.name.split(' '), ...c.args.slice(0, c.args.length - (c.optionalArgs ?? 0)).map((_, i) => `x${i}`)];
      // device get / link get name their target with --code (or an argument)
      if (c.name === 'device get' || c.name === 'link get') argv.push('--code', 'x');
      if (c.kind === 'unsupported') {
        expect(() => parseCommandLine(argv)).toThrow(new RegExp(`^"doublezero ${c.name}" is not yet supported by dzprov`));
        continue;
      }
      expect(parseCommandLine(argv).command?.name).toBe(c.name);
    }
  });

  it('property: any argv either parses or throws a UsageError, never anything else', () => {
    const token = fc.oneof(
      fc.constantFrom('devices', 'links', 'show', 'plan', 'drain-device', 'help', '--json', '--as', '--rpc', '-h', '--', '--send', '--keypair', '--x', '-'),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 6 }), (argv) => {
        try {
          parseCommandLine(argv);
        } catch (e) {
          expect(e).toBeInstanceOf(UsageError);
          expect((e as Error).message).not.toContain('\n');
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('output helpers', () => {
  it('renderTable aligns columns by visible width; its cells are chain text, so a colour sequence in one is shown escaped', () => {
    // Given a cell holding an escape sequence (as a code read from the chain might)
    const t = renderTable({ color: false }, ['a', 'b', 'c'], [
      ['\x1b[32mactivated\x1b[0m', 'x', 'last'],
      ['drained', 'longer value', 'z'],
    ]).split('\n');
    // Then it is printed escaped (never as a live sequence) and the columns align on what is shown
    const shown = '\\x1b[32mactivated\\x1b[0m';
    expect(t).toEqual([`A${' '.repeat(shown.length + 1)}B             C`, `${shown}  x             last`, `drained${' '.repeat(shown.length - 5)}longer value  z`]);
    expect(t.some((l) => l.includes('\x1b'))).toBe(false);
    expect(visibleLength('\x1b[32mab\x1b[0m')).toBe(2);
  });


  it('formatJson writes bigint as decimal strings and keys as base58', () => {
    const j = JSON.parse(formatJson({ n: 18446744073709551615n, k: PublicKey.default, nested: [{ b: 1n }] }));
    expect(j).toEqual({ n: '18446744073709551615', k: '11111111111111111111111111111111', nested: [{ b: '1' }] });
  });

  it('redactUrl keeps scheme, host and port only', () => {
    expect(redactUrl('https://rpc.example.com/abc-123-secret?x=1')).toBe('https://rpc.example.com');
    expect(redactUrl('http://user:pw@127.0.0.1:8899')).toBe('http://127.0.0.1:8899');
    expect(redactUrl('https://u:p@rpc.example.com:8443/v1/key?api-key=s#f')).toBe('https://rpc.example.com:8443');
    expect(redactUrl('http://127.0.0.1:8899')).toBe('http://127.0.0.1:8899');
  });
});
