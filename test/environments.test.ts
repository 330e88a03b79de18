/**
 * The DoubleZero environments (src/environments.ts): every value of the table literally, as the
 * `doublezero` CLI's configuration crate has them, and how the DZ_LEDGER_* overrides apply.
 */
import { PublicKey } from '@solana/web3.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ENVIRONMENTS,
  ENVIRONMENT_CHOICES,
  environmentFor,
  environmentOfProgramId,
  findEnvironment,
  ledgerWsUrlFor,
  PROGRAM_IDS,
  resolveEnvironment,
  ValidationError,
} from '../src/index.js';

describe('ENVIRONMENTS', () => {
  it('holds the four environments with their ledger URLs and program ids, literally', () => {
    // Given the table, when it is read as plain values
    const rows = ENVIRONMENTS.map((e) => ({ ...e, programId: e.programId.toBase58() }));
    // Then every value is upstream's (config/src/constants.rs)
    expect(rows).toEqual([
      {
        name: 'mainnet-beta',
        shortName: 'm',
        ledgerRpcUrl: 'https://doublezero-mainnet-beta.rpcpool.com/db336024-e7a8-46b1-80e5-352dd77060ab',
        ledgerWsUrl: 'wss://doublezero-mainnet-beta.rpcpool.com/db336024-e7a8-46b1-80e5-352dd77060ab',
        programId: 'ser2VaTMAcYTaauMrTSfSrxBaUDq7BLNs2xfUugTAGv',
        network: 'mainnet-beta',
      },
      {
        name: 'testnet',
        shortName: 't',
        ledgerRpcUrl: 'https://doublezerolocalnet.rpcpool.com/8a4fd3f4-0977-449f-88c7-63d4b0f10f16',
        ledgerWsUrl: 'wss://doublezerolocalnet.rpcpool.com/8a4fd3f4-0977-449f-88c7-63d4b0f10f16/whirligig',
        programId: 'DZtnuQ839pSaDMFG5q1ad2V95G82S5EC4RrB3Ndw2Heb',
        network: 'testnet',
      },
      {
        name: 'devnet',
        shortName: 'd',
        ledgerRpcUrl: 'https://doublezerolocalnet.rpcpool.com/8a4fd3f4-0977-449f-88c7-63d4b0f10f16',
        ledgerWsUrl: 'wss://doublezerolocalnet.rpcpool.com/8a4fd3f4-0977-449f-88c7-63d4b0f10f16/whirligig',
        programId: 'GYhQDKuESrasNZGyhMJhGYFtbzNijYhcrN9poSqCQVah',
        network: 'devnet',
      },
      {
        name: 'local',
        shortName: 'l',
        ledgerRpcUrl: 'http://localhost:8899',
        ledgerWsUrl: 'ws://localhost:8899',
        programId: '7CTniUa88iJKUHTrCkB4TjAoG6TD7AMivhQeuqN2LPtX',
        network: 'localnet',
      },
    ]);
    // And no environment points at one of Solana's public clusters
    for (const e of ENVIRONMENTS) expect(`${e.ledgerRpcUrl} ${e.ledgerWsUrl}`).not.toMatch(/solana\.com/);
    // And the program ids are the PROGRAM_IDS presets
    for (const e of ENVIRONMENTS) expect(e.programId.equals(PROGRAM_IDS[e.network])).toBe(true);
  });

  it('is frozen: the array and every row', () => {
    expect(Object.isFrozen(ENVIRONMENTS)).toBe(true);
    for (const e of ENVIRONMENTS) expect(Object.isFrozen(e)).toBe(true);
    expect(() => (ENVIRONMENTS as unknown as unknown[]).push({})).toThrow(TypeError);
    expect(() => {
      (ENVIRONMENTS[0] as { ledgerRpcUrl: string }).ledgerRpcUrl = 'http://evil';
    }).toThrow(TypeError);
  });

  it.each([
    ['mainnet-beta', 'mainnet-beta'],
    ['m', 'mainnet-beta'],
    ['testnet', 'testnet'],
    ['t', 'testnet'],
    ['devnet', 'devnet'],
    ['d', 'devnet'],
    ['local', 'local'],
    ['l', 'local'],
  ])('%s names the %s environment (upstream\'s names and short names)', (given, name) => {
    expect(environmentFor(given).name).toBe(name);
    expect(findEnvironment(given)?.name).toBe(name);
  });

  it.each(['mainnet', 'localnet', 'localhost', 'Devnet', 'x', ''])('"%s" is no environment: ValidationError listing the choices', (given) => {
    expect(findEnvironment(given)).toBeUndefined();
    expect(() => environmentFor(given)).toThrow(ValidationError);
    expect(() => environmentFor(given)).toThrow(`"${given}" is not a DoubleZero environment (one of ${ENVIRONMENT_CHOICES})`);
    expect(ENVIRONMENT_CHOICES).toBe('mainnet-beta (m), testnet (t), devnet (d), local (l)');
  });

  it('environmentOfProgramId finds an environment by its program id (key or text)', () => {
    expect(environmentOfProgramId('DZtnuQ839pSaDMFG5q1ad2V95G82S5EC4RrB3Ndw2Heb')?.name).toBe('testnet');
    expect(environmentOfProgramId(new PublicKey('ser2VaTMAcYTaauMrTSfSrxBaUDq7BLNs2xfUugTAGv'))?.name).toBe('mainnet-beta');
    expect(environmentOfProgramId(PublicKey.default)).toBeUndefined();
  });
});

describe('ledgerWsUrlFor', () => {
  it.each([
    // an environment's own RPC URL: its WebSocket URL (testnet's has its own path)
    ['https://doublezerolocalnet.rpcpool.com/8a4fd3f4-0977-449f-88c7-63d4b0f10f16', 'wss://doublezerolocalnet.rpcpool.com/8a4fd3f4-0977-449f-88c7-63d4b0f10f16/whirligig'],
    // anything else: the scheme swapped, host, port and path kept
    ['https://ledger.example/key123', 'wss://ledger.example/key123'],
    ['http://127.0.0.1:8899', 'ws://127.0.0.1:8899'],
  ])('%s → %s', (rpc, ws) => {
    expect(ledgerWsUrlFor(rpc)).toBe(ws);
  });

  it('refuses what is not an http(s) URL', () => {
    expect(() => ledgerWsUrlFor('ftp://x')).toThrow(ValidationError);
  });
});

describe('resolveEnvironment: DZ_LEDGER_RPC_URL / DZ_LEDGER_WS_RPC_URL from a passed env only', () => {
  afterEach(() => {
    delete process.env.DZ_LEDGER_RPC_URL;
    delete process.env.DZ_LEDGER_WS_RPC_URL;
  });

  it('without env: the environment\'s own endpoints, whatever the process environment says', () => {
    // Given the variables set in the process environment
    process.env.DZ_LEDGER_RPC_URL = 'http://10.9.9.9:1';
    process.env.DZ_LEDGER_WS_RPC_URL = 'ws://10.9.9.9:2';
    // When resolving without an env object
    const r = resolveEnvironment('t');
    // Then the library did not read them
    expect(r.rpcUrl).toBe(ENVIRONMENTS[1]!.ledgerRpcUrl);
    expect(r.wsUrl).toBe(ENVIRONMENTS[1]!.ledgerWsUrl);
    expect([r.rpcUrlSource, r.wsUrlSource]).toEqual(['environment', 'environment']);
    expect(r.programId.toBase58()).toBe('DZtnuQ839pSaDMFG5q1ad2V95G82S5EC4RrB3Ndw2Heb');
  });

  it('DZ_LEDGER_RPC_URL replaces the RPC URL and the WebSocket URL follows it', () => {
    const r = resolveEnvironment('mainnet-beta', { DZ_LEDGER_RPC_URL: 'https://mirror.example:8443/k' });
    expect([r.rpcUrl, r.rpcUrlSource]).toEqual(['https://mirror.example:8443/k', 'DZ_LEDGER_RPC_URL']);
    expect([r.wsUrl, r.wsUrlSource]).toEqual(['wss://mirror.example:8443/k', 'derived from DZ_LEDGER_RPC_URL']);
    expect(r.environment.name).toBe('mainnet-beta');
  });

  it('DZ_LEDGER_WS_RPC_URL replaces the WebSocket URL; empty values count as unset', () => {
    const r = resolveEnvironment('d', { DZ_LEDGER_RPC_URL: ' ', DZ_LEDGER_WS_RPC_URL: 'ws://127.0.0.1:9' });
    expect([r.rpcUrl, r.rpcUrlSource]).toEqual([ENVIRONMENTS[2]!.ledgerRpcUrl, 'environment']);
    expect([r.wsUrl, r.wsUrlSource]).toEqual(['ws://127.0.0.1:9', 'DZ_LEDGER_WS_RPC_URL']);
  });

  it('an override of the wrong kind is a ValidationError naming the variable', () => {
    expect(() => resolveEnvironment('l', { DZ_LEDGER_RPC_URL: 'ws://x' })).toThrow(/invalid DZ_LEDGER_RPC_URL: "ws:\/\/x" is not a URL starting with http:\/\/ or https:\/\//);
    expect(() => resolveEnvironment('l', { DZ_LEDGER_WS_RPC_URL: 'https://x' })).toThrow(/invalid DZ_LEDGER_WS_RPC_URL/);
    expect(() => resolveEnvironment('moon')).toThrow(/"moon" is not a DoubleZero environment/);
  });
});
