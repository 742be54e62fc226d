/**
 * The spec: the one definition of what a user may write. Decoding returns the typed spec, or every error found,
 * each naming its place.
 */
import * as t from 'io-ts';
import { Either, left, right } from 'fp-ts/Either';
import { codec, nonEmptyString, object, record, refine } from './codec';
import { report } from './reporter';
import { Parameters } from './parameters';
import { HttpApiSpec } from '../api/httpApi';
import { HttpIntegration } from '../integrations/http';
import { parseHttpRouteKey } from '../routes/routeKey';
import { VpcLinks, undeclaredVpcLinkProblem } from '../shared/vpcLink';
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

/** The template's Description: CloudFormation takes at most 1,024 bytes. */
export const TemplateDescription = refine(nonEmptyString, (text) => {
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes <= 1024 ? undefined : `expected at most 1024 bytes (CloudFormation's limit for a template description), got ${bytes}`;
});

const SpecFields = object(
  'spec',
  { api: HttpApiSpec, routes: HttpRoutes },
  { description: TemplateDescription, parameters: Parameters, vpcLinks: VpcLinks },
);

/**
 * Checks across fields, run on the raw input beside the field codecs so that their errors join every other one:
 * every `vpcLink` an integration names must be declared under `vpcLinks`.
 */
function crossFieldErrors(u: unknown, c: t.Context): t.ValidationError[] {
  if (!isPlainObject(u) || !isPlainObject(u.routes)) return [];
  if (u.vpcLinks !== undefined && !isPlainObject(u.vpcLinks)) return []; // reported by its codec; names are unknown
  const declared = Object.keys(u.vpcLinks ?? {});
  const errors: t.ValidationError[] = [];
  for (const [routeKey, route] of Object.entries(u.routes)) {
    const integration = isPlainObject(route) ? route.integration : undefined;
    const name = isPlainObject(integration) ? integration.vpcLink : undefined;
    if (typeof name !== 'string' || name === '') continue;
    const problem = undeclaredVpcLinkProblem(name, declared);
    if (problem === undefined) continue;
    const context = [
      ['routes', u.routes],
      [routeKey, route],
      ['integration', integration],
      ['vpcLink', name],
    ].reduce<t.Context>((ctx, [key, actual]) => t.appendContext(ctx, key as string, t.unknown, actual), c);
    errors.push({ value: name, context, message: problem });
  }
  return errors;
}

const contextKey = (context: t.Context) => context.map((entry) => entry.key).join('\u0000');

export const Spec = codec<typeof SpecFields._A>(SpecFields.name, (u, c) => {
  const r = SpecFields.validate(u, c);
  const fieldErrors = r._tag === 'Left' ? r.left : [];
  // A field already in error (`vpcLink` on a kind that takes none) needs no second message.
  const taken = new Set(fieldErrors.map((e) => contextKey(e.context)));
  const cross = crossFieldErrors(u, c).filter((e) => !taken.has(contextKey(e.context)));
  return cross.length === 0 ? r : t.failures([...fieldErrors, ...cross]);
});
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
