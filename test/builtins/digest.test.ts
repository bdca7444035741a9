// Published test vectors: FIPS 180-4 examples (SHA-1, SHA-2), RFC 1321 §A.5 (MD5),
// RFC 4231 (HMAC-SHA-2) and RFC 2202 (HMAC-MD5/SHA-1).
import { describe, expect, it } from 'vitest';
import { constantTimeEqual, hmac, MD5, SHA1, SHA256, SHA384, SHA512 } from '../../src/builtins/digest/index.js';
import { toHex, utf8 } from '../../src/builtins/host/util.js';

const hex = (d: typeof SHA256, s: string | Uint8Array) => toHex(d.hash(typeof s === 'string' ? utf8(s) : s));
const ABC448 = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq';
const ABC896 =
  'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu';

describe('SHA-256', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [ABC448, '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    ['a'.repeat(1_000_000), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
  ])('%#', (input, want) => expect(hex(SHA256, input)).toBe(want));

  it('handles every padding boundary (55, 56, 63, 64, 65 bytes) consistently with block splitting', () => {
    // Lengths around the 56-byte length-field boundary exercise the one- vs two-block padding.
    const seen = new Set<string>();
    for (const n of [55, 56, 57, 63, 64, 65, 119, 120]) seen.add(hex(SHA256, 'x'.repeat(n)));
    expect(seen.size).toBe(8);
  });
});

describe('SHA-1', () => {
  it.each([
    ['', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ['abc', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    [ABC448, '84983e441c3bd26ebaae4aa1f95129e5e54670f1'],
    ['a'.repeat(1_000_000), '34aa973cd4c4daa4f61eeb2bdbad27316534016f'],
  ])('%#', (input, want) => expect(hex(SHA1, input)).toBe(want));
});

describe('MD5 (RFC 1321 test suite)', () => {
  it.each([
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
    ['1234567890'.repeat(8), '57edf4a22be3c955ac49da2e2107b67a'],
  ])('%#', (input, want) => expect(hex(MD5, input)).toBe(want));
});

describe('SHA-512 and SHA-384', () => {
  it.each([
    [SHA512, 'abc', 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f'],
    [SHA512, '', 'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e'],
    [SHA512, ABC896, '8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909'],
    [SHA384, 'abc', 'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7'],
    [SHA384, ABC896, '09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039'],
  ])('%#', (d, input, want) => expect(hex(d, input)).toBe(want));
});

describe('HMAC', () => {
  const k1 = new Uint8Array(20).fill(0x0b);
  const k3 = new Uint8Array(20).fill(0xaa);
  const d3 = new Uint8Array(50).fill(0xdd);
  const k6 = new Uint8Array(131).fill(0xaa);
  const d6 = utf8('Test Using Larger Than Block-Size Key - Hash Key First');
  const jefe = utf8('Jefe');
  const jefeData = utf8('what do ya want for nothing?');
  it.each([
    ['RFC 4231 #1 SHA-256', SHA256, k1, utf8('Hi There'), 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
    ['RFC 4231 #1 SHA-384', SHA384, k1, utf8('Hi There'), 'afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6'],
    ['RFC 4231 #1 SHA-512', SHA512, k1, utf8('Hi There'), '87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854'],
    ['RFC 4231 #2 SHA-256', SHA256, jefe, jefeData, '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'],
    ['RFC 4231 #2 SHA-512', SHA512, jefe, jefeData, '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737'],
    ['RFC 4231 #3 SHA-256', SHA256, k3, d3, '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe'],
    ['RFC 4231 #6 SHA-256', SHA256, k6, d6, '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54'],
    ['RFC 4231 #6 SHA-512', SHA512, k6, d6, '80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598'],
    ['RFC 2202 #2 MD5', MD5, jefe, jefeData, '750c783e6ab0b503eaa86e310a5db738'],
    ['RFC 2202 #2 SHA-1', SHA1, jefe, jefeData, 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79'],
  ])('%s', (_name, d, key, data, want) => expect(toHex(hmac(d, key, data))).toBe(want));
});

describe('constantTimeEqual', () => {
  it.each([
    [[1, 2, 3], [1, 2, 3], true],
    [[1, 2, 3], [1, 2, 4], false],
    [[1, 2], [1, 2, 3], false],
    [[], [], true],
  ])('%j vs %j', (a, b, want) => expect(constantTimeEqual(Uint8Array.from(a), Uint8Array.from(b))).toBe(want));
});
