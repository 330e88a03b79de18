import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ASCII_FAST_MAX, asciiAt, ipv4At, isAscii, networkV4At, textAt, u128At, u16At, u32At, u64At } from '../../src/core/codec/fast.js';
import { Reader } from '../../src/index.js';

// The hot-path byte reads (src/codec/fast.ts) against plain reference implementations.

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

describe('fast byte reads', () => {
  it('asciiAt gives the UTF-8 text of ASCII bytes up to ASCII_FAST_MAX, undefined otherwise', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.nat(3), (b, s) => {
        const buf = new Uint8Array(s + b.length + 2);
        buf.set(b, s);
        const got = asciiAt(buf, s, b.length);
        const ascii = b.every((x) => x < 0x80);
        if (ascii && b.length <= ASCII_FAST_MAX) expect(got).toBe(utf8.decode(b));
        else expect(got).toBeUndefined();
        expect(isAscii(buf, s, s + b.length)).toBe(ascii);
        if (ascii) expect(textAt(buf, s, b.length)).toBe(utf8.decode(b));
      }),
    );
  });

  it('ipv4At / networkV4At format like the template text, for every octet value', () => {
    for (let v = 0; v < 256; v++) {
      const b = Uint8Array.of(v, 255 - v, (v * 7) & 255, v >> 1, v);
      expect(ipv4At(b, 0)).toBe(`${b[0]}.${b[1]}.${b[2]}.${b[3]}`);
      expect(networkV4At(b, 0)).toBe(`${b[0]}.${b[1]}.${b[2]}.${b[3]}/${b[4]}`);
    }
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), fc.nat(3), (b, o) => {
        expect(networkV4At(b, o)).toBe(`${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}/${b[o + 4]}`);
      }),
    );
  });

  it('u16At / u32At / u64At / u128At read little-endian like DataView', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.nat(4), fc.nat(16), (b, o, zeros) => {
        b.fill(0, o + 16 - Math.min(16, zeros), o + 16); // small values too
        const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
        expect(u16At(b, o)).toBe(dv.getUint16(o, true));
        expect(u32At(b, o)).toBe(dv.getUint32(o, true));
        expect(u64At(b, o)).toBe(dv.getBigUint64(o, true));
        expect(u128At(b, o)).toBe((dv.getBigUint64(o + 8, true) << 64n) | dv.getBigUint64(o, true));
      }),
    );
  });

  it('Reader strings are flat-built but equal to UTF-8 decoding, and fail alike on bad UTF-8', () => {
    for (const s of ['', 'dz1', 'a'.repeat(24), 'a'.repeat(25), 'é', 'Ethernet✓', '\uFEFFx', 'x'.repeat(70)]) {
      const body = new TextEncoder().encode(s);
      const b = new Uint8Array(4 + body.length);
      new DataView(b.buffer).setUint32(0, body.length, true);
      b.set(body, 4);
      expect(new Reader(b, 'T').string('s')).toBe(s);
    }
    expect(() => new Reader(Uint8Array.of(2, 0, 0, 0, 0xc3, 0x28), 'T').string('s')).toThrow(/s at byte 0: invalid UTF-8/);
  });
});
