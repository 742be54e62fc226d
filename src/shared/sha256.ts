/**
 * SHA-256 (FIPS 180-4) of a text as UTF-8, in lowercase hex: the digest `crypto.createHash('sha256').update(text)`
 * gives, byte for byte, lone surrogates included (both encode them as U+FFFD).
 *
 * Why not node:crypto: loading it costs about 10 ms, as much as building a 100-route spec, and a build hashes only a
 * few hundred short texts. This runs mostly cold (interpreted, before V8 optimizes it), so it allocates nothing per
 * call but the result: one growing byte buffer and one message schedule serve every call.
 */

/** The first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** The state: starts as the first 32 bits of the fractional parts of the square roots of the first 8 primes. */
const H = new Int32Array(8);
const W = new Int32Array(64);
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const utf8 = new TextEncoder();

/** The message and its padding; grows to the longest text seen (a UTF-16 unit is at most 3 bytes of UTF-8). */
let buffer = new Uint8Array(1024);

export function sha256Hex(text: string): string {
  const needed = text.length * 3 + 72;
  if (buffer.length < needed) buffer = new Uint8Array(Math.max(needed, buffer.length * 2));
  const bytes = buffer;
  const length = utf8.encodeInto(text, bytes).written;

  // Padding: a 1 bit, zeros up to 8 bytes short of a block boundary, then the length in bits, big-endian.
  const padded = (length + 72) & ~63;
  bytes[length] = 0x80;
  bytes.fill(0, length + 1, padded - 8);
  const bits = length * 8;
  // Above 2^32 bits (512 MiB of text) the high word is nonzero; `/ 2 ** 32` keeps it exact below 2^53.
  const high = Math.floor(bits / 0x100000000);
  bytes[padded - 8] = high >>> 24;
  bytes[padded - 7] = high >>> 16;
  bytes[padded - 6] = high >>> 8;
  bytes[padded - 5] = high;
  bytes[padded - 4] = bits >>> 24;
  bytes[padded - 3] = bits >>> 16;
  bytes[padded - 2] = bits >>> 8;
  bytes[padded - 1] = bits;

  H[0] = 0x6a09e667; H[1] = 0xbb67ae85; H[2] = 0x3c6ef372; H[3] = 0xa54ff53a;
  H[4] = 0x510e527f; H[5] = 0x9b05688c; H[6] = 0x1f83d9ab; H[7] = 0x5be0cd19;
  for (let offset = 0; offset < padded; offset += 64) compress(bytes, offset);

  let hex = '';
  for (let i = 0; i < 8; i++) {
    const h = H[i];
    hex += HEX[h >>> 24] + HEX[(h >>> 16) & 0xff] + HEX[(h >>> 8) & 0xff] + HEX[h & 0xff];
  }
  return hex;
}

/** One 64-byte block into the state H. */
function compress(bytes: Uint8Array, offset: number): void {
  for (let t = 0, i = offset; t < 16; t++, i += 4) {
    W[t] = (bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3];
  }
  for (let t = 16; t < 64; t++) {
    const w15 = W[t - 15];
    const w2 = W[t - 2];
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
  }
  let a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + K[t] + W[t]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + S0 + maj) | 0;
  }
  H[0] = (H[0] + a) | 0; H[1] = (H[1] + b) | 0; H[2] = (H[2] + c) | 0; H[3] = (H[3] + d) | 0;
  H[4] = (H[4] + e) | 0; H[5] = (H[5] + f) | 0; H[6] = (H[6] + g) | 0; H[7] = (H[7] + h) | 0;
}
