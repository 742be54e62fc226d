/**
 * Turns io-ts validation errors into BuildErrors that read `path: expected X, got Y`. Written once, for every
 * codec: the codecs in codec.ts attach their own messages; plain io-ts codecs fall back to their type name.
 */
import * as t from 'io-ts';
import { BuildError, pathTo } from '../errors';
import { found } from './codec';

export function report(errors: t.Errors): BuildError[] {
  const seen = new Set<string>();
  const out: BuildError[] = [];
  for (const e of errors) {
    const error: BuildError = {
      path: contextPath(e.context),
      message: e.message ?? `expected ${e.context[e.context.length - 1]?.type.name ?? 'a value'}, got ${found(e.value)}`,
    };
    const key = `${error.path}\u0000${error.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(error);
    }
  }
  return out;
}

function contextPath(context: t.Context): string {
  let path = '';
  // The first entry is the root (key ""); each later entry is one step down from the value before it.
  for (let i = 1; i < context.length; i++) {
    const parent = context[i - 1].actual;
    const key = context[i].key;
    path = pathTo(path, Array.isArray(parent) && /^\d+$/.test(key) ? Number(key) : key);
  }
  return path;
}
