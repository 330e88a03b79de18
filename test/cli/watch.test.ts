/**
 * `dzprov watch` against the local JSON-RPC + WebSocket test server: the built binary
 * subscribes, the server pushes program-account notifications, the CLI prints one change per
 * line (NDJSON with --json), and a WebSocket the server drops is resubscribed and re-read.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicKey } from '@solana/web3.js';
import { DeviceDesiredStatus, DeviceHealth, DeviceStatus, LinkHealth, LinkStatus } from '../../src/index.js';
import { decodeDevice, encodeDevice } from '../../src/index.js';
import { decodeLink, encodeLink } from '../../src/index.js';
import { buildSampleLedger } from '../helpers/sampleLedger.js';
import { RpcTestServer } from '../helpers/rpcServer.js';
import { BIN, cleanEnv, ensureBuilt, REPO } from './harness.js';
import type { CliIo } from '../../src/cli/context.js';
import { run } from '../../src/cli/run.js';

const ledger = buildSampleLedger();
let server: RpcTestServer;

function load(s: RpcTestServer): void {
  for (const r of ledger.records) s.setAccount(r.pubkey, { owner: r.owner, data: r.data, lamports: r.lamports });
}

beforeAll(async () => {
  ensureBuilt();
  server = await new RpcTestServer({ maxLifetimeMs: 300_000 }).listen();
  load(server);
});

afterAll(async () => {
  await server?.close();
});

/** The test server serves HTTP and WebSocket on one port: name the WebSocket URL. */
const cluster = () => ['-u', server.url, '--ws', server.wsUrl, '--network', 'localnet'];

/** A running `dzprov`, its output so far, and a way to wait for a line. */
interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves once stdout or stderr (as chosen) has a line matching `re`. */
  waitFor(stream: 'stdout' | 'stderr', re: RegExp, timeoutMs?: number): Promise<void>;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function start(args: readonly string[]): Running {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  const poke = () => waiters.forEach((w) => w());
  child.stdout!.setEncoding('utf8').on('data', (d: string) => ((out += d), poke()));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => ((err += d), poke()));
  const kill = setTimeout(() => child.kill('SIGKILL'), 55_000);
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code) => {
      clearTimeout(kill);
      poke();
      resolve({ code, stdout: out, stderr: err });
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    done,
    waitFor: (stream, re, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (re.test(stream === 'stdout' ? out : err)) {
            clearTimeout(t);
            resolve();
          } else if (child.exitCode !== null) {
            clearTimeout(t);
            reject(new Error(`dzprov exited (${child.exitCode}) before ${re}:\nstdout: ${out}\nstderr: ${err}`));
          }
        };
        const t = setTimeout(() => reject(new Error(`no ${re} on ${stream} within ${timeoutMs} ms:\nstdout: ${out}\nstderr: ${err}`)), timeoutMs);
        waiters.push(check);
        check();
      }),
  };
}

function setDevice(code: string, change: (d: ReturnType<typeof decodeDevice>) => Partial<ReturnType<typeof decodeDevice>>): PublicKey {
  const pk = ledger.addresses.get(`device:${code}`)!;
  const acc = server.getAccount(pk)!;
  const d = decodeDevice(acc.data);
  server.setAccount(pk, { owner: acc.owner, data: encodeDevice({ ...d, ...change(d) }) });
  return pk;
}

function setLink(code: string, change: (l: ReturnType<typeof decodeLink>) => Partial<ReturnType<typeof decodeLink>>): PublicKey {
  const pk = ledger.addresses.get(`link:${code}`)!;
  const acc = server.getAccount(pk)!;
  const l = decodeLink(acc.data);
  server.setAccount(pk, { owner: acc.owner, data: encodeLink({ ...l, ...change(l) }) });
  return pk;
}

const ndjson = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, any>);

const WATCHING = /watching 13 devices and 15 links \(slot \d+\); Ctrl-C to stop/;
const WATCHING_DEVICES = /watching 13 devices \(slot \d+\); Ctrl-C to stop/;

describe('dzprov watch', () => {
  it('--json --count 2: one NDJSON line per pushed change, nothing for a rewrite that changes nothing shown', async () => {
    // Given a watch on the node's devices and links
    const w = start(['watch', '--json', '--count', '2', ...cluster()]);
    try {
      await w.waitFor('stderr', WATCHING);
      // When the node rewrites a device without changing its lifecycle state, then drains a device
      // and marks a link impaired
      setDevice('ams-dz1', (d) => ({ usersCount: d.usersCount + 1 }));
      const devicePk = setDevice('ams-dz1', () => ({ status: DeviceStatus.Drained, desiredStatus: DeviceDesiredStatus.Drained }));
      const linkPk = setLink('ams-fra-1', () => ({ linkHealth: LinkHealth.Impaired }));
      const r = await w.done;
      // Then exactly two changes were printed, and the watch ended by itself with exit code 0
      expect(r.code).toBe(0);
      const lines = ndjson(r.stdout);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toEqual({
        event: 'changed',
        kind: 'device',
        pubkey: devicePk.toBase58(),
        code: 'ams-dz1',
        status: { value: DeviceStatus.Drained, label: 'drained' },
        health: { value: DeviceHealth.ReadyForUsers, label: 'ready-for-users' },
        desired: { value: DeviceDesiredStatus.Drained, label: 'drained' },
        slot: server.slot,
        changed: ['status', 'desired'],
        previous: {
          code: 'ams-dz1',
          status: { value: DeviceStatus.Activated, label: 'activated' },
          health: { value: DeviceHealth.ReadyForUsers, label: 'ready-for-users' },
          desired: { value: DeviceDesiredStatus.Activated, label: 'activated' },
        },
        source: 'subscription',
      });
      expect(lines[1]).toMatchObject({
        event: 'changed',
        kind: 'link',
        pubkey: linkPk.toBase58(),
        code: 'ams-fra-1',
        health: { value: LinkHealth.Impaired, label: 'impaired' },
        changed: ['health'],
        source: 'subscription',
      });
      // stderr carries the notes only (no web3.js noise), the last one saying why it stopped
      expect(r.stderr.trim().split('\n').at(-1)).toBe('dzprov: watch stopped (--count 2) after 2 changes');
      expect(r.stderr).not.toMatch(/ws error/);
    } finally {
      w.child.kill('SIGKILL');
      load(server);
    }
  });

  it('resumes after the node drops the WebSocket: resubscribes and reports what changed meanwhile', async () => {
    // Given a running watch
    const w = start(['watch', '--json', '--count', '2', ...cluster()]);
    try {
      await w.waitFor('stderr', WATCHING);
      const subscribed = server.subscriptionIds.length;
      expect(subscribed).toBe(2);
      // When the node drops every WebSocket, and a device changes while nobody is subscribed
      for (const ws of (server as unknown as { wss: { clients: Set<{ terminate(): void }> } }).wss.clients) ws.terminate();
      await new Promise((r) => setTimeout(r, 50));
      expect(server.subscriptionIds).toHaveLength(0);
      setDevice('fra-dz1', () => ({ deviceHealth: DeviceHealth.Impaired }));
      // Then the watch resubscribes and reads everything again ...
      await w.waitFor('stderr', /resubscribed; reading everything again/);
      await w.waitFor('stdout', /"code":"fra-dz1"/);
      expect(server.subscriptionIds).toHaveLength(2);
      // ... and later notifications arrive again
      setLink('lon-nyc-1', () => ({ status: LinkStatus.SoftDrained }));
      const r = await w.done;
      expect(r.code).toBe(0);
      const lines = ndjson(r.stdout);
      expect(lines.map((l) => [l.code, l.changed, l.source])).toEqual([
        ['fra-dz1', ['health'], 'resync'],
        ['lon-nyc-1', ['status'], 'subscription'],
      ]);
      expect(lines[0]!.health).toEqual({ value: DeviceHealth.Impaired, label: 'impaired' });
      expect(r.stderr).toContain('the WebSocket dropped; resubscribing');
    } finally {
      w.child.kill('SIGKILL');
      load(server);
    }
  });

  it('a stdout that cannot keep up: the node\'s messages are not read until it drains, then every change is printed, the last state of each device the node\'s', async () => {
    // Given a watch (in this process) whose stdout takes 5 lines, then says it is full until drained
    class SlowStdout extends EventEmitter {
      lines: string[] = [];
      full = false;
      whileFull = 0;
      write(s: string): boolean {
        if (this.full) this.whileFull++;
        this.lines.push(s);
        if (this.lines.length === 5) this.full = true;
        return !this.full;
      }
      drain(): void {
        this.full = false;
        this.emit('drain');
      }
    }
    const stdout = new SlowStdout();
    let stderr = '';
    const N = 400;
    const codes = [...ledger.addresses.keys()].filter((k) => k.startsWith('device:')).map((k) => k.slice('device:'.length));
    const io: CliIo = { stdout, stderr: { write: (x: string) => ((stderr += x), true) }, env: cleanEnv() };
    const code = run(['watch', 'devices', '--json', '--count', String(N), ...cluster()], io);
    try {
      for (let i = 0; i < 300 && !WATCHING_DEVICES.test(stderr); i++) await new Promise((r) => setTimeout(r, 10));
      expect(stderr).toMatch(WATCHING_DEVICES);
      // When the node sends N changes (each device's status flipping) while stdout is full
      for (let k = 0; k < N; k++) {
        server.slot += 1;
        setDevice(codes[k % codes.length]!, (d) => ({ status: d.status === DeviceStatus.Drained ? DeviceStatus.Activated : DeviceStatus.Drained }));
        if (k % 50 === 49) await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, 300));
      // Then not one more line was written while stdout was full
      expect(stdout.full).toBe(true);
      expect(stdout.whileFull).toBe(0);
      // When stdout drains: every change is printed, and the watch ends by itself (--count N)
      stdout.drain();
      expect(await code).toBe(0);
      const lines = ndjson(stdout.lines.join(''));
      expect(lines).toHaveLength(N);
      expect(lines.map((l) => l.slot)).toEqual([...lines.map((l) => l.slot as number)].sort((a, b) => a - b));
      const last = new Map(lines.map((l) => [l.code as string, l.status.value as number]));
      for (const c of codes) expect(last.get(c)).toBe(decodeDevice(server.getAccount(ledger.addresses.get(`device:${c}`)!)!.data).status);
    } finally {
      stdout.drain();
      await code.catch(() => undefined);
      load(server);
    }
  });

  it('without --json: a header, then one aligned row per change, within 100 columns', async () => {
    const w = start(['watch', 'devices', '--count', '1', '--timeout', '30', ...cluster()]);
    try {
      await w.waitFor('stdout', /^TIME\s+KIND\s+CODE\s+STATUS\s+HEALTH\s+DESIRED\s+CHANGED$/m);
      setDevice('lon-dz1', () => ({ status: DeviceStatus.Drained, desiredStatus: DeviceDesiredStatus.Drained }));
      const r = await w.done;
      expect(r.code).toBe(0);
      const lines = r.stdout.split('\n');
      const header = lines.findIndex((l) => l.startsWith('TIME'));
      const row = lines[header + 1]!;
      expect(row).toMatch(/^\d\d:\d\d:\d\d\s+device\s+lon-dz1\s+drained\s+ready-for-users\s+drained\s+status, desired$/);
      // the columns line up under the header
      expect(row.indexOf('lon-dz1')).toBe(lines[header]!.indexOf('CODE'));
      expect(row.indexOf('drained')).toBe(lines[header]!.indexOf('STATUS'));
      for (const l of lines) expect([...l].length).toBeLessThanOrEqual(100);
    } finally {
      w.child.kill('SIGKILL');
      load(server);
    }
  });

  it('--timeout with no change ends with exit code 0 and no output', async () => {
    const w = start(['watch', 'links', '--json', '--timeout', '1.5', ...cluster()]);
    const r = await w.done;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('dzprov: watch stopped (--timeout) after 0 changes');
  });

  it('Ctrl-C (SIGINT) stops it with exit code 0', async () => {
    const w = start(['watch', ...cluster()]);
    await w.waitFor('stdout', /Ctrl-C to stop/);
    w.child.kill('SIGINT');
    const r = await w.done;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('watch stopped (interrupted) after 0 changes');
  });

  it('a WebSocket that never answers is exit code 3, with --json a JSON error object on stderr', async () => {
    const w = start(['watch', '--json', '--timeout', '2', '-u', server.url, '--ws', 'ws://127.0.0.1:1', '--network', 'localnet']);
    const r = await w.done;
    expect(r.code).toBe(3);
    const last = JSON.parse(r.stderr.trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ error: 'RpcUnavailableError', code: 'RPC_UNAVAILABLE', exitCode: 3 });
    expect(last.message).toMatch(/no WebSocket subscription within 2 s .*pass --ws <url>/);
  });
});
