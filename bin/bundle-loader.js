'use strict';
/**
 * Loads the one-file build (dist/apigw-cfn.js, made by scripts/bundle.js) with the V8 code cache made beside it
 * (dist/apigw-cfn.cache): the bytecode of every function a warm-up build ran, so a run neither parses the 1 MB file
 * nor compiles the functions a build uses. Node 20 has no compile cache of its own (module.enableCompileCache is
 * Node 22.1+), and even there one made ahead serves the first run too.
 *
 * The cache serves only the bundle it was made from: its first line is the bundle's id (a digest of its text, which
 * the bundle's last line holds), and V8 refuses data from another V8 version or other flags by itself. Without a
 * cache that serves, the bundle is compiled as `require` would; the result is the same, only slower.
 */
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire, wrap } = require('node:module');

/** The bundle's last line: `// bundle <sha256 of the text before it>`. */
const ID = /\n\/\/ bundle ([0-9a-f]{64})\n$/;

function idOf(source) {
  return ID.exec(source.slice(-100))?.[1];
}

function compile(file, source, cachedData) {
  return new vm.Script(wrap(source), { filename: file, ...(cachedData !== undefined && { cachedData }) });
}

/** Runs the compiled bundle as CommonJS runs a module, and returns its exports. */
function run(script, file) {
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}

/** The cache's data for this bundle, or undefined when there is none or it was made from another bundle. */
function cachedDataFor(cacheFile, id) {
  let data;
  try {
    data = fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const header = `${id}\n`;
  return id !== undefined && data.toString('latin1', 0, header.length) === header ? data.subarray(header.length) : undefined;
}

/** The bundle's exports; `cache` says whether the code cache served (`used`), was refused by V8, or was missing. */
function loadBundle(file, cacheFile) {
  const source = fs.readFileSync(file, 'utf8');
  const cachedData = cachedDataFor(cacheFile, idOf(source));
  const script = compile(file, source, cachedData);
  const cache = cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
  return { exports: run(script, file), cache };
}

/**
 * Makes the cache of a bundle: compiles and runs it, lets `warmUp` run builds with its exports (so the functions a
 * build uses are compiled), and writes the bytecode V8 then holds, after the bundle's id.
 */
function makeCache(file, cacheFile, warmUp) {
  const source = fs.readFileSync(file, 'utf8');
  const id = idOf(source);
  if (id === undefined) throw new Error(`${file} has no "// bundle <id>" line at its end`);
  const script = compile(file, source);
  warmUp(run(script, file));
  fs.writeFileSync(cacheFile, Buffer.concat([Buffer.from(`${id}\n`, 'latin1'), script.createCachedData()]));
}

module.exports = { loadBundle, makeCache };
