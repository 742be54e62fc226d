/**
 * Routes on an API that lives elsewhere: a SAM `HttpApi` or its implicit `ServerlessHttpApi`, a Serverless
 * Framework `HttpApi`, or an API exported by another stack.
 *
 * ```yaml
 * api:
 *   existing: !Ref ServerlessHttpApi    # required: the API's id (a Value)
 *   protocol: http                      # http (default) or websocket: which rules the routes follow
 *   permissionScope: auto               # as for a new API
 *   authorization: cognito              # as for a new API: the default of the routes built here
 * ```
 * The build emits integrations, routes, permissions, roles and links, but no Api, no Stage and no outputs: the
 * stage that serves the routes belongs to the API's owner (with auto-deploy, or its own deployment).
 */
import * as t from 'io-ts';
import { Codec, codec, described, doc, object, oneOf, refine } from '../spec/codec';
import { stringValue } from '../spec/values';
import { Value, describeValue, isPlainObject } from '../value';
import { hasWildcard } from '../shared/wildcards';
import { NamedApi, PermissionScopeField, apiIdValue } from './apiName';
import { Authorization } from '../authorizers/authorization';

const OWNER_ONLY = {
  name: 'name belongs to the API where it is defined; an existing API is named by its id only',
  stage: 'the stage of an existing API belongs to the template that defines the API',
  cors: 'CORS of an existing API is configured where the API is defined',
  description: 'the description of an existing API is set where the API is defined',
  disableExecuteApiEndpoint: 'disableExecuteApiEndpoint is set where the API is defined',
  logicalName: 'logicalName names the logical IDs of a new API; an existing API is named by its id only',
  ipAddressType: 'ipAddressType is set where the API is defined',
  tags: "an existing API's tags are set where the API is defined (the spec-wide tags still apply to what this spec creates)",
  stages: 'the stages of an existing API belong to the template that defines the API',
  cloudWatchRole: 'the account-level CloudWatch role goes with the stage that logs, where the API is defined',
  routeSelectionExpression: 'the route selection expression is set where the API is defined',
  apiKeySelectionExpression: 'the API key selection expression is set where the API is defined',
};

/**
 * The existing API's id. Every Lambda permission names it in its SourceArn, so a literal must be one id: `*` (or any
 * text but letters and digits) would make each permission match other APIs of the account, and Lambda takes it.
 */
const existingApiId = refine(stringValue, (id) =>
  (typeof id === 'string' && !/^[A-Za-z0-9]+$/.test(id)) || (typeof id !== 'string' && hasWildcard(id))
    ? `expected the id of one API (letters and digits, such as a1b2c3d4e5) or an intrinsic, got ${JSON.stringify(typeof id === 'string' ? id : describeValue(id))}: ` +
      'the id lands in the SourceArn of every Lambda permission, where "*" is a wildcard (ArnLike) that matches every API of the account'
    : undefined,
);

const existing = doc(existingApiId, 'the id of an API defined elsewhere (not one defined by an OpenAPI body): !Ref HttpApi, !ImportValue shared-ApiId, or an id');

export const ExistingHttpApiSpec = object(
  'existing api',
  { existing },
  { protocol: oneOf(['http'] as const, ' (or websocket, for a WebSocket API)'), permissionScope: PermissionScopeField, authorization: Authorization },
  OWNER_ONLY,
);

export const ExistingWebSocketApiSpec = object(
  'existing WebSocket api',
  { existing, protocol: oneOf(['websocket'] as const) },
  { permissionScope: PermissionScopeField, authorization: Authorization },
  OWNER_ONLY,
);

export interface ExistingApiSpec {
  readonly existing: Value;
  readonly protocol?: 'http' | 'websocket';
  readonly permissionScope?: 'auto' | 'route' | 'api';
  readonly authorization?: Authorization;
}

export function isExistingApi(api: object): api is ExistingApiSpec {
  return 'existing' in api;
}

/**
 * A codec that takes either a new thing (`fresh`) or an existing one (a mapping with `existing`): an `api`, or a
 * custom domain.
 */
export function newOrExisting<A, AO, E, EO>(
  fresh: Codec<A, AO>,
  existing: Codec<E, EO>,
  description = 'the API: a mapping with name (a new API) or with existing (the id of an API defined elsewhere)',
): Codec<A | E, AO | EO> {
  const either = codec<A | E, AO | EO>(
    fresh.name,
    (u, c) =>
      isPlainObject(u) && 'existing' in u ? (existing.validate(u, c) as t.Validation<A | E>) : (fresh.validate(u, c) as t.Validation<A | E>),
    (of) => ({ if: { type: 'object', required: ['existing'] }, then: of(existing), else: of(fresh) }),
    (a) => (isExistingApi(a as object) ? existing.encode(a as E) : fresh.encode(a as A)),
  );
  return described(either, description);
}

/** The id every route, integration and permission uses: a Ref to the API we create, or the existing API's id. */
export function apiIdOf(api: ExistingApiSpec | NamedApi): Value {
  if (!isExistingApi(api)) return apiIdValue(api);
  // A new object per call, as apiIdValue's Ref is: routes/route.ts keeps a build's integrations by this object, and
  // the decoded spec's own value would carry them into the next build of the same spec (and into what a caller did
  // to a template it got back).
  const id = api.existing;
  return typeof id === 'object' && id !== null ? { ...id } : id;
}
