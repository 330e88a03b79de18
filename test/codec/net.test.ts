import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ValidationError } from '../../src/index.js';
import { formatIpv4, formatNetworkV4, parseIpv4, parseNetworkV4, scanIpv4, scanNetworkV4 } from '../../src/index.js';
import { Writer } from '../../src/index.js';

// An independent reference for what is accepted: decimal octets 0..255 and prefix 0..32, no
// leading zeros, nothing else.
const OCT = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const IPV4_RE = new RegExp(`^${OCT}\\.${OCT}\\.${OCT}\\.${OCT}$`);
const NET_RE = new RegExp(`^${OCT}\\.${OCT}\\.${OCT}\\.${OCT}/(3[0-2]|[12][0-9]|[0-9])$`);

const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
const network = fc.tuple(ipv4, fc.integer({ min: 0, max: 32 })).map(([a, p]) => `${a}/${p}`);
// Near-miss text: valid pieces mangled with the characters that matter.
const noisy = fc
  .array(fc.constantFrom('0', '1', '2', '5', '9', '.', '/', '3', ' ', 'a', '-', '00', '256', '33'), { maxLength: 14 })
  .map((p) => p.join(''));

describe('IPv4 / NetworkV4 text', () => {
  it.each([
    ['0.0.0.0', true],
    ['255.255.255.255', true],
    ['10.0.0.1', true],
    ['01.0.0.1', false],
    ['256.0.0.1', false],
    ['1.2.3', false],
    ['1.2.3.4.5', false],
    ['1.2.3.4 ', false],
    ['1.2.3.4/24', false],
    ['', false],
    ['1..2.3', false],
  ])('ipv4 %j accepted: %s', (text, ok) => {
    expect(scanIpv4(text, new Uint8Array(4))).toBe(ok);
    if (ok) expect(formatIpv4(parseIpv4(text))).toBe(text);
    else expect(() => parseIpv4(text, 'public_ip')).toThrow(ValidationError);
  });

  it.each([
    ['10.0.0.0/24', true],
    ['0.0.0.0/0', true],
    ['1.2.3.4/32', true],
    ['1.2.3.4/33', false],
    ['1.2.3.4/024', false],
    ['1.2.3.4/', false],
    ['1.2.3.4', false],
    ['1.2.3.4/8/8', false],
    ['300.2.3.4/8', false],
  ])('network %j accepted: %s', (text, ok) => {
    expect(scanNetworkV4(text, new Uint8Array(5))).toBe(ok);
    if (ok) {
      const { octets, prefix } = parseNetworkV4(text);
      expect(formatNetworkV4(Uint8Array.of(...octets, prefix))).toBe(text);
    } else {
      expect(() => parseNetworkV4(text, 'tunnel_net')).toThrow(ValidationError);
    }
  });

  it('accepts exactly what the reference accepts, and round-trips what it accepts', () => {
    fc.assert(
      fc.property(fc.oneof(ipv4, network, noisy, fc.string({ maxLength: 20 })), (text) => {
        const o4 = new Uint8Array(4);
        const o5 = new Uint8Array(5);
        expect(scanIpv4(text, o4)).toBe(IPV4_RE.test(text));
        expect(scanNetworkV4(text, o5)).toBe(NET_RE.test(text));
        if (IPV4_RE.test(text)) expect(formatIpv4(o4)).toBe(text);
        if (NET_RE.test(text)) expect(formatNetworkV4(o5)).toBe(text);
      }),
      { numRuns: 5000 },
    );
  });

  it('the Writer writes the scanned octets and names the field when the text is bad', () => {
    const w = new Writer('T');
    w.ipv4('203.0.113.1', 'public_ip').networkV4('10.10.0.0/24', 'net');
    expect([...w.finish()]).toEqual([203, 0, 113, 1, 10, 10, 0, 0, 24]);
    expect(() => new Writer('T').networkV4('10.0.0.0/40', 'tunnel_net')).toThrow(/tunnel_net/);
    expect(() => new Writer('T').ipv4(7 as unknown as string, 'public_ip')).toThrow(/public_ip/);
  });
});
