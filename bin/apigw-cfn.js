#!/usr/bin/env node
'use strict';
// Node 22.1+ keeps compiled code on disk between runs; older Node has no such cache, and this is a no-op there.
require('node:module').enableCompileCache?.();
const fs = require('node:fs');
const path = require('node:path');
// The one-file build (scripts/bundle.js) loads in half the time; the compiled modules serve when it is missing or
// older than the last compile (tsc without the bundle step).
const dist = path.join(__dirname, '..', 'dist');
const bundle = path.join(dist, 'apigw-cfn.js');
const fresh = (() => {
  try {
    return fs.statSync(bundle).mtimeMs >= fs.statSync(path.join(dist, 'src', 'cli', 'main.js')).mtimeMs;
  } catch {
    return false;
  }
})();
process.exitCode = require(fresh ? bundle : path.join(dist, 'src', 'cli', 'main.js')).main(process.argv.slice(2));
