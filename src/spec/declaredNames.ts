/**
 * Mappings of declared names (`vpcLinks`, `domains`, `api.stages`) whose names give logical IDs: two names that give
 * one ID (`main` and `Main`, `dev-1` and `dev_1`) would be one resource, so the second is an error that says so.
 */
import * as t from 'io-ts';
import { Codec, Keys, extend, record } from './codec';
import { isPlainObject } from '../value';

export function declaredNames<A, O>(
  key: Keys,
  value: Codec<A, O>,
  logicalIdOf: (name: string) => string,
  bounds: { min?: number } = {},
): Codec<Record<string, A>, Readonly<Record<string, O>>> {
  const base = record(key, value, bounds);
  return extend(base, (u, c) => {
    const r = base.validate(u, c);
    if (!isPlainObject(u)) return r;
    const errors: t.ValidationError[] = r._tag === 'Left' ? [...r.left] : [];
    const byId = new Map<string, string>();
    for (const name of Object.keys(u).filter((n) => key.check(n) === undefined)) {
      const id = logicalIdOf(name);
      const earlier = byId.get(id);
      if (earlier === undefined) byId.set(id, name);
      else errors.push({ value: u[name], context: t.appendContext(c, name, value, u[name]), message: `gives the same logical ID (${id}) as "${earlier}"; rename one of them` });
    }
    return errors.length > 0 ? t.failures(errors) : r;
  });
}
