#!/usr/bin/env node
'use strict';
/**
 * The one-file build of the command line: dist/apigw-cfn.js holds the CLI and every module it uses (ours, fp-ts,
 * io-ts, js-yaml, and the lazily loaded yaml package), so that a run reads and compiles one file instead of
 * resolving and reading about two hundred. Loading the CLI cost more than building a 100-route spec.
 *
 * esbuild bundles it from the TypeScript sources: it takes the ES module builds of fp-ts and io-ts and keeps only
 * what we use of them (of fp-ts's 80 KB, under 2 KB), and it minifies, so a run reads, decodes and evaluates a
 * third of the text a concatenation of the compiled modules was. Lazy `require`s in our code (merge, review, the
 * schema writer, nested stacks) stay lazy: such a module is evaluated on its first use. Node's built-in modules
 * stay real requires. The library (dist/src/, from tsc) is untouched; a test runs both on the same commands and
 * compares every byte they print.
 *
 * Beside it, dist/apigw-cfn.cache: V8's bytecode of the bundle after a warm-up build, which bin/apigw-cfn.js hands
 * to V8 (bin/bundle-loader.js), so that a run compiles next to nothing.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const esbuild = require('esbuild');
const { makeCache } = require('../bin/bundle-loader');

const ROOT = path.resolve(__dirname, '..');
const ENTRY = path.join(ROOT, 'src', 'cli', 'main.ts');
const OUT = path.join(ROOT, 'dist', 'apigw-cfn.js');
const CACHE = path.join(ROOT, 'dist', 'apigw-cfn.cache');

/** Writes the bundle, ending in its id (a digest of the text before it), which the code cache names. */
function bundle() {
  const result = esbuild.buildSync({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // The ES module builds first: only they let esbuild drop what we never call.
    mainFields: ['module', 'main'],
    // `--readable` keeps names and lines, for reading a CPU profile of the CLI.
    minify: !process.argv.includes('--readable'),
    // Only ASCII, so the text is the same whichever way it is decoded.
    charset: 'ascii',
    write: false,
    metafile: true,
    logLevel: 'warning',
  });
  const text = result.outputFiles[0].text;
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  // Its id, which the code cache names (bin/bundle-loader.js): a cache made from other text never serves.
  fs.writeFileSync(OUT, `${text}// bundle ${crypto.createHash('sha256').update(text).digest('hex')}\n`);
  return Object.keys(result.metafile.inputs).length;
}

/**
 * Builds the README's example and a nested-stack fixture (plan, and build into a directory) with the bundle's own
 * main, so that the code cache holds the functions every build runs.
 */
function warmUp(cli) {
  const quiet = { stdout: () => undefined, stderr: () => undefined };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-cfn-bundle-'));
  const example = path.join(ROOT, 'examples', 'books', 'api.yaml');
  const nested = path.join(ROOT, 'fixtures', 'nested-http', 'spec.yaml');
  try {
    const runs = [
      ['build', example, '-o', path.join(dir, 'template.yaml')],
      ['plan', nested],
      ['build', nested, '--out-dir', path.join(dir, 'nested')],
    ];
    // (A checkout has both specs; a copy without them still gets a cache, of what loading runs.)
    for (const args of runs.filter((a) => fs.existsSync(a[1]))) {
      const status = cli.main(args, quiet);
      if (status !== 0) throw new Error(`bundle: the warm-up apigw-cfn ${args.join(' ')} exited ${status}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// The old cache goes first: a bundle is never beside a cache of another.
fs.rmSync(CACHE, { force: true });
const count = bundle();
makeCache(OUT, CACHE, warmUp);
if (process.argv.includes('--verbose')) process.stdout.write(`bundled ${count} modules into ${path.relative(ROOT, OUT)}\n`);
