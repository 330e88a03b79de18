import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBase64, encodeBase64 } from '../../src/core/codec/base64.js';

// Node's Buffer is the independent reference here (the library itself must not use it).
describe('base64 on Uint8Array (runtime-neutral)', () => {
  it('encodes like Buffer and decodes its own and Buffer\'s output, with or without padding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        // Given any bytes
        // When they are encoded
        const text = encodeBase64(bytes);
        // Then the text is Buffer's, and it (padded or not) decodes back to the bytes
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(decodeBase64(text)).toEqual(bytes);
        expect(decodeBase64(text.replace(/=+$/, ''))).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['a', 'impossible length'],
    ['abcde', 'impossible length'],
    ['ab$d', 'invalid base64 character'],
    ['ab-_', 'invalid base64 character'],
    ['====', 'invalid base64 character'],
    ['ab=c', 'invalid base64 character'],
    ['ééé', 'invalid base64 character'],
  ])('refuses %j (%s)', (text, why) => {
    expect(() => decodeBase64(text)).toThrow(why);
  });

  it('decodes the empty text to no bytes', () => {
    expect(decodeBase64('')).toEqual(new Uint8Array(0));
    expect(encodeBase64(new Uint8Array(0))).toBe('');
  });
});
