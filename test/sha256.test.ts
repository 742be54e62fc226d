/**
 * Our SHA-256 (src/shared/sha256.ts, a WebAssembly module written in src/shared/sha256Wasm.ts) against
 * node:crypto: every logical ID ends with its digest, so it must equal `createHash('sha256').update(text)` byte for
 * byte on any JavaScript string.
 *
 * No fixed seed; a failure prints its seed and path, and PROPERTY_SEED=<seed> PROPERTY_PATH=<path> replays it
 * (PROPERTY_RUNS=<n> for a longer hunt).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as crypto from 'node:crypto';
import * as fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SHA256_MODULE, sha256Hex } from '../src/shared/sha256';
import { sha256ModuleBytes } from '../src/shared/sha256Wasm';
import { ROOT } from './helpers/paths';

const env = process.env;
const params = (numRuns: number): fc.Parameters<unknown> => ({
  numRuns: env.PROPERTY_RUNS ? Number(env.PROPERTY_RUNS) : numRuns,
  includeErrorInReport: true,
  ...(env.PROPERTY_SEED && { seed: Number(env.PROPERTY_SEED) }),
  ...(env.PROPERTY_PATH && { path: env.PROPERTY_PATH }),
});

const node = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

/**
 * One UTF-16 unit or pair of any UTF-8 length: ASCII (1 byte), Latin and CJK (2 and 3), astral (4, a surrogate
 * pair), and lone surrogates, which fast-check's own units never make and which Node's `update` encodes as U+FFFD.
 */
const piece = fc.oneof(
  fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x80, max: 0xffff }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
);

test('the FIPS 180-4 examples', () => {
  assert.is(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.is(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.is(
    sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'),
    '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
  );
});

test('equals node:crypto on random strings: non-ASCII, astral characters and lone surrogates', () => {
  fc.assert(
    fc.property(fc.string({ unit: piece, maxLength: 300 }), (text) => {
      assert.is(sha256Hex(text), node(text), JSON.stringify(text));
    }),
    params(2000),
  );
});

test('a lone surrogate is hashed as U+FFFD (EF BF BD), as node:crypto does, and a pair as its code point', () => {
  const bytes = (...b: number[]) => crypto.createHash('sha256').update(Buffer.from(b)).digest('hex');
  assert.is(sha256Hex('\ud800'), bytes(0xef, 0xbf, 0xbd));
  assert.is(sha256Hex('a\udc00b'), bytes(0x61, 0xef, 0xbf, 0xbd, 0x62));
  assert.is(sha256Hex('\udc00\ud800'), bytes(0xef, 0xbf, 0xbd, 0xef, 0xbf, 0xbd), 'a pair in the wrong order is two lone ones');
  assert.is(sha256Hex('\ud83d\ude00'), bytes(0xf0, 0x9f, 0x98, 0x80));
  for (const lone of ['\ud800', '\udfff', 'a\udc00b', '\udc00\ud800']) assert.is(sha256Hex(lone), node(lone), JSON.stringify(lone));
});

test('equals node:crypto at every UTF-8 length around the block boundaries, whatever bytes come before', () => {
  // 55 bytes is the longest message whose padding fits its block; 56 to 63 spill into a second one.
  const lengths = [0, 1, 54, 55, 56, 57, 63, 64, 65, 118, 119, 120, 121, 127, 128, 129];
  const widths = ['a', '\u00e9', '\u4e2d', '\u{1f600}', '\ud800'];
  for (const n of lengths) {
    for (const wide of widths) {
      // (Buffer counts a lone surrogate as the 3 bytes of U+FFFD, as it encodes it.)
      const bytes = Buffer.byteLength(wide);
      if (bytes > n) continue;
      // One wide character at the end, ASCII before it: exactly n bytes.
      const text = `${'x'.repeat(n - bytes)}${wide}`;
      assert.is(sha256Hex(text), node(text), `${n} bytes ending in ${JSON.stringify(wide)}`);
    }
  }
  // A long text leaves its bytes in the reused buffer: a short one after it must not see them.
  const long = '\u{1f600}'.repeat(5000);
  assert.is(sha256Hex(long), node(long));
  // Longer than the module's first page of memory (64 KiB): it grows.
  const longer = '\u00e9'.repeat(40_000);
  assert.is(sha256Hex(longer), node(longer));
  for (const n of lengths) assert.is(sha256Hex('y'.repeat(n)), node('y'.repeat(n)), `${n} bytes after a long text`);
});

test('the embedded module is exactly what src/shared/sha256Wasm.ts makes', () => {
  const made = Buffer.from(sha256ModuleBytes()).toString('base64');
  assert.ok(made === SHA256_MODULE, `src/shared/sha256.ts embeds another module; set SHA256_MODULE to '${made}' (in lines of 100)`);
});

test('where the module cannot be made (no WebAssembly, no address space for its memory) a build is the same, through node:crypto', () => {
  const example = path.join(ROOT, 'examples', 'books');
  const expected = fs.readFileSync(path.join(example, 'template.yaml'), 'utf8');
  const build = [path.join(ROOT, 'bin', 'apigw-cfn.js'), 'build', path.join(example, 'api.yaml')];
  const jitless = spawnSync(process.execPath, ['--jitless', ...build], { encoding: 'utf8' });
  assert.is(jitless.status, 0, jitless.stderr);
  assert.is(jitless.stdout, expected);
  const probe = spawnSync(process.execPath, ['--jitless', '-p', 'typeof WebAssembly'], { encoding: 'utf8' });
  assert.is(probe.stdout, 'undefined\n', 'this Node has WebAssembly under --jitless: the case is not tested');
  if (process.platform !== 'linux') return;
  // 4 GB of address space: enough for Node, not for the 8 GB or more V8 reserves for a WebAssembly memory.
  const limited = (args: string[]) =>
    spawnSync('/bin/sh', ['-c', 'ulimit -v 4000000 && exec "$0" "$@"', process.execPath, ...args], { encoding: 'utf8' });
  const refused = limited(['-e', 'new WebAssembly.Memory({ initial: 1 })']);
  assert.match(refused.stderr, /RangeError: WebAssembly\.Memory\(\)/, 'WebAssembly has its memory under the limit: the case is not tested');
  const run = limited(build);
  assert.is(run.status, 0, run.stderr);
  assert.is(run.stdout, expected);
});

test.run();
