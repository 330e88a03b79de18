/**
 * The row definitions and upstream's value formats (src/cli/rows.ts): the psql table layout,
 * serde_json-like JSON with exact u64 numbers, and the bandwidth / delay texts of the
 * `doublezero` CLI (Rust's `{:.2}` rounds a tie to even; f32 Display is the shortest decimal).
 */
import { describe, expect, it } from 'vitest';
import { PublicKey } from '@solana/web3.js';
import { bandwidthText, f32Display, fixed2, jsonRow, jsonText, msCell, msShortest, psqlTable, renderFieldLines, renderTable, shortKey, tableHeaders, type View } from '../../src/cli/rows.js';

describe('upstream value formats', () => {
  it.each([
    [0n, '0bps'],
    [999n, '999bps'],
    [1_000n, '1Kbps'],
    [1_500n, '1.50Kbps'],
    [1_125n, '1.12Kbps'], // exactly halfway: to the even digit, as Rust's {:.2}
    [1_375n, '1.38Kbps'],
    [1_015n, '1.01Kbps'], // 1.015 is 1.01499999… as a double
    [999_999n, '1000.00Kbps'],
    [1_000_000n, '1Mbps'],
    [2_500_000n, '2.50Mbps'],
    [1_000_000_000n, '1Gbps'],
    [1_500_000_000n, '1Gbps'], // whole gigabits, the rest dropped, as upstream
    [100_000_000_000n, '100Gbps'],
    [18_446_744_073_709_551_615n, '18446744073Gbps'],
  ])('bandwidth %s → %s', (bps, text) => {
    expect(bandwidthText(bps)).toBe(text);
  });

  it('fixed2 rounds exact ties to even where toFixed rounds them up', () => {
    expect([fixed2(0.125), fixed2(0.375), fixed2(0.625), fixed2(0.875)]).toEqual(['0.12', '0.38', '0.62', '0.88']);
    expect((0.125).toFixed(2)).toBe('0.13');
    expect([fixed2(2.5), fixed2(1.005), fixed2(0)]).toEqual(['2.50', '1.00', '0.00']);
  });

  it.each([
    [0n, '0.00ms', '0ms'],
    [20_000n, '0.02ms', '0.02ms'],
    [1_121n, '0.00ms', '0.001121ms'],
    [3_900_000n, '3.90ms', '3.9ms'],
    [1_125_000n, '1.12ms', '1.125ms'],
    [10_000_000_000n, '10000.00ms', '10000ms'],
    [100n, '0.00ms', '0.0001ms'],
  ])('delay %s ns → table %s, link get %s (single precision, as upstream)', (ns, cell, shortest) => {
    expect(msCell(ns)).toBe(cell);
    expect(msShortest(ns)).toBe(shortest);
  });

  it('f32Display is the shortest decimal that reads back as the same f32, never in exponent form', () => {
    expect(f32Display(Math.fround(0.1))).toBe('0.1');
    expect(f32Display(Math.fround(1e-7))).toBe('0.0000001');
    expect(f32Display(Math.fround(16777216))).toBe('16777216');
    expect(f32Display(Math.fround(1.5e10))).toBe('15000000000');
    for (const x of [0.3, 123.456, 7e-5, 3.4e38].map(Math.fround)) expect(Math.fround(Number(f32Display(x)))).toBe(x);
  });

  it('shortKey keeps 10 characters and "..", as upstream\'s narrow tables', () => {
    expect(shortKey('7CTniUa88iJKUHTrCkB4TjAoG6TD7AMivhQeuqN2LPtX')).toBe('7CTniUa88i..');
    expect(shortKey('short')).toBe('short');
    expect(shortKey('123456789012')).toBe('123456789012');
  });
});

describe('jsonText', () => {
  it('writes u64 values as exact JSON numbers, keys as base58, like serde_json (pretty and compact)', () => {
    const v = { bandwidth: 18_446_744_073_709_551_615n, neg: -5n, key: new PublicKey('7CTniUa88iJKUHTrCkB4TjAoG6TD7AMivhQeuqN2LPtX'), list: [1n, 'x'], none: null, empty: [] };
    expect(jsonText(v, true)).toBe('{"bandwidth":18446744073709551615,"neg":-5,"key":"7CTniUa88iJKUHTrCkB4TjAoG6TD7AMivhQeuqN2LPtX","list":[1,"x"],"none":null,"empty":[]}');
    expect(jsonText(v, false)).toBe(
      '{\n  "bandwidth": 18446744073709551615,\n  "neg": -5,\n  "key": "7CTniUa88iJKUHTrCkB4TjAoG6TD7AMivhQeuqN2LPtX",\n  "list": [\n    1,\n    "x"\n  ],\n  "none": null,\n  "empty": []\n}',
    );
  });

  it('text from the chain cannot turn into a number: strings that look like the marker stay strings', () => {
    const hostile = ['\u0000deadbeef:12', '\u0000', '"12"', '\\u0000abc:1'];
    const parsed = JSON.parse(jsonText({ codes: hostile, n: 7n }, true)) as { codes: string[]; n: number };
    expect(parsed).toEqual({ codes: hostile, n: 7 });
  });
});

describe('one view, three renderings', () => {
  interface R {
    name: string;
    bps: bigint;
    on: boolean;
  }
  const VIEW: View<R> = [
    { key: 'name', json: (r) => r.name, cell: (r) => r.name, narrow: true },
    { key: 'bandwidth', json: (r) => r.bps, cell: (r) => bandwidthText(r.bps), narrow: { header: 'bw' } },
    { key: 'bandwidth_bps', json: (r) => r.bps },
    { key: 'on', json: (r) => r.on, cell: (r) => String(r.on) },
    { key: 'extra', extra: true, json: () => 'dzprov' },
  ];
  const rows: R[] = [
    { name: 'Ethernet1', bps: 10_000_000_000n, on: true },
    { name: 'lo0', bps: 500n, on: false },
  ];

  it('the table: psql layout without horizontal lines, every cell padded, " | " between', () => {
    expect(renderTable(VIEW, rows)).toBe(
      [' name      | bandwidth | on    ', ' Ethernet1 | 10Gbps    | true  ', ' lo0       | 500bps    | false '].join('\n'),
    );
    expect(tableHeaders(VIEW)).toEqual(['name', 'bandwidth', 'on']);
  });

  it('the narrow table: the narrow columns, with their own headers', () => {
    expect(renderTable(VIEW, rows, true)).toBe([' name      | bw     ', ' Ethernet1 | 10Gbps ', ' lo0       | 500bps '].join('\n'));
    expect(tableHeaders(VIEW, true)).toEqual(['name', 'bw']);
  });

  it('the JSON: every JSON column in order, extras last', () => {
    expect(jsonRow(VIEW, rows[0]!)).toEqual({ name: 'Ethernet1', bandwidth: 10_000_000_000n, bandwidth_bps: 10_000_000_000n, on: true, extra: 'dzprov' });
    expect(Object.keys(jsonRow(VIEW, rows[0]!))).toEqual(['name', 'bandwidth', 'bandwidth_bps', 'on', 'extra']);
  });

  it('a record as `get` prints it: " header | value", a multi-line value continued under an empty header', () => {
    const v: View<{ a: string; b: string }> = [
      { key: 'short', cell: (r) => r.a },
      { key: 'much_longer', cell: (r) => r.b },
    ];
    expect(renderFieldLines(v, { a: 'x', b: 'one\ntwo' })).toBe([' short       | x', ' much_longer | one', '             | two'].join('\n'));
  });

  it('untrusted cells are escaped before they are measured: no escape sequence reaches the terminal', () => {
    const t = psqlTable(['code'], [['ams\x1b[2J-dz1'], ['\u202egnp.exe']]);
    expect(t).not.toMatch(/[\x1b\u202e]/);
    // (the widest escaped cell, "\u{202e}gnp.exe", is 15 characters)
    expect(t.split('\n')).toEqual([` ${'code'.padEnd(15)} `, ' ams\\x1b[2J-dz1  ', ' \\u{202e}gnp.exe ']);
  });
});
