/**
 * SHA-256 (FIPS 180-4) of a text as UTF-8, in lowercase hex: the digest `crypto.createHash('sha256').update(text)`
 * gives, byte for byte, lone surrogates included (both encode them as U+FFFD).
 *
 * Why not node:crypto: loading it costs a command-line run about 7 ms, twice all the hashing of a 100-route build
 * here (about 3 ms, 1 of it setting the module up). Why WebAssembly and not JavaScript: a build hashes its few
 * hundred texts before V8 optimizes anything, and interpreted JavaScript takes some 25 us a 64-byte block, as much
 * in all as loading node:crypto; the same loop in WebAssembly runs as machine code at once (a few us a block, under
 * 1 us once V8 optimizes it). Where the module cannot be made (see `instantiate`), node:crypto.
 */

/** Where the module (src/shared/sha256Wasm.ts) reads the message and writes the hex digest, in its memory. */
export const MESSAGE = 1024;
export const HEX = 544;

/** The module that src/shared/sha256Wasm.ts makes, as base64 (test/sha256.test.ts checks that they agree). */
export const SHA256_MODULE =
  'AGFzbQEAAAABBQFgAX8AAwIBAAUDAQABBxMCBm1lbW9yeQIABmRpZ2VzdAAACoEGAf4FAQ5/IABByABqQUBxQYAIaiECIABBgAE6' +
  'AIAIIABBgQhqQQAgAkEIayAAQYEIamv8CwAgAkEIayAAQR12IgxBCHZB/4H8B3EgDEH/gfwHcUEIdHJBEHc2AgAgAkEEayAAQQN0' +
  'IgxBCHZB/4H8B3EgDEH/gfwHcUEIdHJBEHc2AgBBAEHnzKfQBjYCAEEAQYXdntt7NgIEQQBB8ua74wM2AghBAEG66r+qejYCDEEA' +
  'Qf+kuYgFNgIQQQBBjNGV2Hk2AhRBAEGrs4/8ATYCGEEAQZmag98FNgIcQYAIIQECQANAIAEgAk8NAUEAIQsDQCALIAEgC2ooAgAi' +
  'DEEIdkH/gfwHcSAMQf+B/AdxQQh0ckEQdzYCICALQQRqIQsgC0HAAEkNAAtBACELA0AgCyALKAIgIAsoAiQhDCAMQQd4IAxBEnhz' +
  'IAxBA3ZzaiALKAJEaiALKAJYIQwgDEEReCAMQRN4cyAMQQp2c2o2AmAgC0EEaiELIAtBwAFJDQALQQAoAgAhA0EAKAIEIQRBACgC' +
  'CCEFQQAoAgwhBkEAKAIQIQdBACgCFCEIQQAoAhghCUEAKAIcIQpBACELA0AgCiAHQQZ4IAdBC3hzIAdBGXhzaiAJIAcgCCAJc3Fz' +
  'aiALKAKgAmogCygCIGohDSADQQJ4IANBDXhzIANBFnhzIAMgBHEgBSADIARycXJqIQ4gCSEKIAghCSAHIQggBiANaiEHIAUhBiAE' +
  'IQUgAyEEIA0gDmohAyALQQRqIQsgC0GAAkkNAAtBAEEAKAIAIANqNgIAQQBBACgCBCAEajYCBEEAQQAoAgggBWo2AghBAEEAKAIM' +
  'IAZqNgIMQQBBACgCECAHajYCEEEAQQAoAhQgCGo2AhRBAEEAKAIYIAlqNgIYQQBBACgCHCAKajYCHCABQcAAaiEBDAALC0EAIQsD' +
  'QCALIAtBA3ZBAnQoAgBBHCALQQdxQQJ0a3ZBD3EiDEHXAGogDEEwaiAMQQlLGzoAoAQgC0EBaiELIAtBwABJDQALCwuIAgEAQaAC' +
  'C4ACmC+KQpFEN3HP+8C1pdu16VvCVjnxEfFZpII/ktVeHKuYqgfYAVuDEr6FMSTDfQxVdF2+cv6x3oCnBtybdPGbwcFpm+SGR77v' +
  'xp3BD8yhDCRvLOktqoR0StypsFzaiPl2UlE+mG3GMajIJwOwx39Zv/ML4MZHkafVUWPKBmcpKRSFCrcnOCEbLvxtLE0TDThTVHMK' +
  'ZbsKanYuycKBhSxykqHov6JLZhqocItLwqNRbMcZ6JLRJAaZ1oU1DvRwoGoQFsGkGQhsNx5Md0gntbywNLMMHDlKqthOT8qcW/Nv' +
  'Lmjugo90b2OleBR4yIQIAseM+v++kOtsUKT3o/m+8nhxxg==';

interface Sha256Module {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  digest(length: number): void;
}
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: unknown };
}

const PAGE = 65536;
const utf8 = new TextEncoder();
const ascii = new TextDecoder();

/** The module (null where it cannot be made) and views of its memory, renewed when the memory grows. */
let wasm: Sha256Module | null | undefined;
let message = new Uint8Array(0);
let hex = message;

function view(module: Sha256Module): void {
  const memory = new Uint8Array(module.memory.buffer);
  message = memory.subarray(MESSAGE);
  hex = memory.subarray(HEX, HEX + 64);
}

/**
 * The module, made on the first call; undefined where it cannot be made: no WebAssembly (`node --jitless`), or no
 * memory for it (V8 reserves gigabytes of address space for a WebAssembly memory, which a `ulimit -v` can refuse).
 */
function instantiate(): Sha256Module | undefined {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  try {
    return api && (new api.Instance(new api.Module(Buffer.from(SHA256_MODULE, 'base64'))).exports as Sha256Module);
  } catch {
    return undefined;
  }
}

export function sha256Hex(text: string): string {
  if (wasm === undefined) {
    wasm = instantiate() ?? null;
    if (wasm !== null) view(wasm);
  }
  if (wasm === null) return cryptoSha256Hex(text);
  // A UTF-16 unit is at most 3 bytes of UTF-8; the padding takes at most 72 more.
  const needed = text.length * 3 + 72;
  if (message.length < needed) {
    try {
      wasm.memory.grow(Math.ceil((needed - message.length) / PAGE));
    } catch {
      return cryptoSha256Hex(text);
    }
    view(wasm);
  }
  wasm.digest(utf8.encodeInto(text, message).written);
  return ascii.decode(hex);
}

/** Where the module cannot serve: node:crypto, loaded only then. */
function cryptoSha256Hex(text: string): string {
  const crypto = require('node:crypto') as typeof import('node:crypto');
  return crypto.createHash('sha256').update(text).digest('hex');
}
