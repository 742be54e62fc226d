/**
 * The spec: the one definition of what a user may write. Decoding returns the typed spec, or every error found,
 * each naming its place.
 */
import { Either, left, right } from 'fp-ts/Either';
import { nonEmptyString, object, record } from './codec';
import { report } from './reporter';
import { Parameters } from './parameters';
import { HttpApiSpec } from '../api/httpApi';
import { HttpIntegration } from '../integrations/http';
import { parseHttpRouteKey } from '../routes/routeKey';
import { BuildError } from '../errors';
import { isPlainObject } from '../value';

export const HttpRouteSpec = object(
  'route',
  { integration: HttpIntegration },
  { operationName: nonEmptyString },
);
export type HttpRouteSpec = typeof HttpRouteSpec._A;

const HttpRoutes = record(
  {
    describe: 'route keys ("GET /books", "$default")',
    check: (key) => {
      const parsed = parseHttpRouteKey(key);
      return 'problem' in parsed ? `invalid route key: ${parsed.problem}` : undefined;
    },
  },
  HttpRouteSpec,
  { min: 1 },
);

export const Spec = object(
  'spec',
  { api: HttpApiSpec, routes: HttpRoutes },
  { description: nonEmptyString, parameters: Parameters },
);
export type Spec = typeof Spec._A;

/** Decodes anything (a parsed YAML or JSON document, or an object from a script) into a Spec. */
export function decodeSpec(input: unknown): Either<BuildError[], Spec> {
  if (input === undefined || input === null) {
    return left([{ path: '', message: 'the spec is empty; expected a mapping with api and routes' }]);
  }
  if (!isPlainObject(input)) {
    return left([{ path: '', message: `expected the spec to be a mapping with api and routes, got ${Array.isArray(input) ? 'a list' : typeof input}` }]);
  }
  const r = Spec.decode(input);
  return r._tag === 'Right' ? right(r.right) : left(report(r.left));
}
