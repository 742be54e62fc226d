/**
 * The source of the WebAssembly SHA-256 (FIPS 180-4) that src/shared/sha256.ts embeds: the module, written
 * instruction by instruction. sha256.ts holds its bytes (building them at run time would cost a build more than the
 * hashing: this runs interpreted), and test/sha256.test.ts checks that they are exactly what this makes.
 *
 * One exported function, `digest(length)`: the message is `length` bytes at MESSAGE; it pads it, runs the
 * compression function over every block, and writes the digest as 64 lowercase hex digits at HEX.
 */

import { HEX, MESSAGE } from './sha256';

/** Memory layout, in bytes: the state (8 words), the message schedule (64), the constants (64), then HEX (64). */
const STATE = 0;
const SCHEDULE = 32;
const CONSTANTS = 288;

/** The first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/** The initial state: the first 32 bits of the fractional parts of the square roots of the first 8 primes. */
const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

// ---------------------------------------------------------------------------------------------------------------
// Encoding (https://webassembly.github.io/spec/core/binary/)

const i32 = 0x7f;
function unsigned(n: number): number[] {
  const out: number[] = [];
  do {
    const low = n & 0x7f;
    n >>>= 7;
    out.push(n === 0 ? low : low | 0x80);
  } while (n !== 0);
  return out;
}
function signed(n: number): number[] {
  const out: number[] = [];
  n |= 0;
  for (;;) {
    const low = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (low & 0x40) === 0) || (n === -1 && (low & 0x40) !== 0)) return [...out, low];
    out.push(low | 0x80);
  }
}
const vector = (items: number[][]): number[] => [...unsigned(items.length), ...items.flat()];
const section = (id: number, bytes: number[]): number[] => [id, ...unsigned(bytes.length), ...bytes];
const name = (text: string): number[] => [...unsigned(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];

// The instructions used below.
const get = (local: number) => [0x20, ...unsigned(local)];
const set = (local: number) => [0x21, ...unsigned(local)];
const tee = (local: number) => [0x22, ...unsigned(local)];
const constant = (n: number) => [0x41, ...signed(n)];
/** Loads and stores at (the address on the stack + offset): 32-bit words (alignment 4), and bytes. */
const load = (offset: number) => [0x28, 2, ...unsigned(offset)];
const store = (offset: number) => [0x36, 2, ...unsigned(offset)];
const storeByte = (offset: number) => [0x3a, 0, ...unsigned(offset)];
const [add, sub, and, or, xor, shl, shrU, rotl, rotr, ltU, gtU, geU, select] =
  [[0x6a], [0x6b], [0x71], [0x72], [0x73], [0x74], [0x76], [0x77], [0x78], [0x49], [0x4b], [0x4f], [0x1b]];
/** memory.fill(address, value, count), from the bulk memory operations. */
const fill = [0xfc, ...unsigned(11), 0x00];
const block = [0x02, 0x40];
const loop = [0x03, 0x40];
const end = [0x0b];
const br = (depth: number) => [0x0c, depth];
const brIf = (depth: number) => [0x0d, depth];

// ---------------------------------------------------------------------------------------------------------------
// The program

const LENGTH = 0;
const [START, STOP, A, B, C, D, E, F, G, H, J, X, T1, T2] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
const LOCALS = 14;

/** `local += step`. */
const advance = (local: number, step: number) => [...get(local), ...constant(step), ...add, ...set(local)];
/** `while (local < limit)`, at the end of a loop. */
const repeatBelow = (local: number, limit: number) => [...get(local), ...constant(limit), ...ltU, ...brIf(0)];
/** The word on the stack with its bytes in the other order (big-endian <-> little-endian); uses X. */
const byteSwap = [
  ...tee(X), ...constant(8), ...shrU, ...constant(0x00ff00ff), ...and,
  ...get(X), ...constant(0x00ff00ff), ...and, ...constant(8), ...shl,
  ...or, ...constant(16), ...rotl,
];
/** Σ and σ: three right rotations of a local, xor-ed (σ's last one is a shift instead). */
const sigma = (x: number, r1: number, r2: number, r3: number, last = rotr) =>
  [...get(x), ...constant(r1), ...rotr, ...get(x), ...constant(r2), ...rotr, ...xor, ...get(x), ...constant(r3), ...last, ...xor];

const pad = [
  // STOP = MESSAGE + (LENGTH + 9 rounded up to 64 bytes).
  ...get(LENGTH), ...constant(72), ...add, ...constant(-64), ...and, ...constant(MESSAGE), ...add, ...set(STOP),
  // A 1 bit, zeros up to 8 bytes short of STOP, then the length in bits, big-endian.
  ...get(LENGTH), ...constant(0x80), ...storeByte(MESSAGE),
  ...get(LENGTH), ...constant(MESSAGE + 1), ...add, ...constant(0),
  ...get(STOP), ...constant(8), ...sub, ...get(LENGTH), ...constant(MESSAGE + 1), ...add, ...sub, ...fill,
  ...get(STOP), ...constant(8), ...sub, ...get(LENGTH), ...constant(29), ...shrU, ...byteSwap, ...store(0),
  ...get(STOP), ...constant(4), ...sub, ...get(LENGTH), ...constant(3), ...shl, ...byteSwap, ...store(0),
];

const compressBlocks = [
  ...H0.flatMap((word, k) => [...constant(0), ...constant(word), ...store(STATE + 4 * k)]),
  ...constant(MESSAGE), ...set(START),
  ...block,
  ...loop,
  ...get(START), ...get(STOP), ...geU, ...brIf(1),

  // W[0..16): the block's words, big-endian.
  ...constant(0), ...set(J),
  ...loop,
  ...get(J), ...get(START), ...get(J), ...add, ...load(0), ...byteSwap, ...store(SCHEDULE),
  ...advance(J, 4), ...repeatBelow(J, 64),
  ...end,

  // W[t] = W[t-16] + σ0(W[t-15]) + W[t-7] + σ1(W[t-2]) for t = 16..63; J is the offset of W[t-16].
  ...constant(0), ...set(J),
  ...loop,
  ...get(J),
  ...get(J), ...load(SCHEDULE),
  ...get(J), ...load(SCHEDULE + 4), ...set(X), ...sigma(X, 7, 18, 3, shrU), ...add,
  ...get(J), ...load(SCHEDULE + 36), ...add,
  ...get(J), ...load(SCHEDULE + 56), ...set(X), ...sigma(X, 17, 19, 10, shrU), ...add,
  ...store(SCHEDULE + 64),
  ...advance(J, 4), ...repeatBelow(J, 192),
  ...end,

  // The 64 rounds; J is the offset of K[t] and W[t].
  ...[A, B, C, D, E, F, G, H].flatMap((v, k) => [...constant(0), ...load(STATE + 4 * k), ...set(v)]),
  ...constant(0), ...set(J),
  ...loop,
  // T1 = h + Σ1(e) + Ch(e, f, g) + K[t] + W[t], with Ch = g ^ (e & (f ^ g)).
  ...get(H), ...sigma(E, 6, 11, 25), ...add,
  ...get(G), ...get(E), ...get(F), ...get(G), ...xor, ...and, ...xor, ...add,
  ...get(J), ...load(CONSTANTS), ...add,
  ...get(J), ...load(SCHEDULE), ...add,
  ...set(T1),
  // T2 = Σ0(a) + Maj(a, b, c), with Maj = (a & b) | (c & (a | b)).
  ...sigma(A, 2, 13, 22),
  ...get(A), ...get(B), ...and, ...get(C), ...get(A), ...get(B), ...or, ...and, ...or, ...add,
  ...set(T2),
  ...get(G), ...set(H), ...get(F), ...set(G), ...get(E), ...set(F),
  ...get(D), ...get(T1), ...add, ...set(E),
  ...get(C), ...set(D), ...get(B), ...set(C), ...get(A), ...set(B),
  ...get(T1), ...get(T2), ...add, ...set(A),
  ...advance(J, 4), ...repeatBelow(J, 256),
  ...end,

  ...[A, B, C, D, E, F, G, H].flatMap((v, k) => [...constant(0), ...constant(0), ...load(STATE + 4 * k), ...get(v), ...add, ...store(STATE + 4 * k)]),
  ...advance(START, 64),
  ...br(0),
  ...end,
  ...end,
];

/** HEX[j] = the j-th hex digit of the state, read as big-endian words: '0' + d, or 'a' + d - 10. */
const writeHex = [
  ...constant(0), ...set(J),
  ...loop,
  ...get(J),
  ...get(J), ...constant(3), ...shrU, ...constant(2), ...shl, ...load(STATE),
  ...constant(28), ...get(J), ...constant(7), ...and, ...constant(2), ...shl, ...sub, ...shrU, ...constant(15), ...and, ...tee(X),
  ...constant(0x61 - 10), ...add, ...get(X), ...constant(0x30), ...add, ...get(X), ...constant(9), ...gtU, ...select,
  ...storeByte(HEX),
  ...advance(J, 1), ...repeatBelow(J, 64),
  ...end,
];

/** The module's bytes. */
export function sha256ModuleBytes(): Uint8Array {
  const code = [...vector([[...unsigned(LOCALS), i32]]), ...pad, ...compressBlocks, ...writeHex, ...end];
  const constants = K.flatMap((word) => [word & 0xff, (word >>> 8) & 0xff, (word >>> 16) & 0xff, word >>> 24]);
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    // (i32) -> ()
    ...section(1, vector([[0x60, ...vector([[i32]]), ...vector([])]])),
    ...section(3, vector([unsigned(0)])),
    // One page of memory, 64 KiB; the caller grows it for longer messages.
    ...section(5, vector([[0x00, ...unsigned(1)]])),
    ...section(7, vector([[...name('memory'), 0x02, 0], [...name('digest'), 0x00, 0]])),
    ...section(10, vector([[...unsigned(code.length), ...code]])),
    ...section(11, vector([[0x00, ...constant(CONSTANTS), ...end, ...unsigned(constants.length), ...constants]])),
  ]);
}
