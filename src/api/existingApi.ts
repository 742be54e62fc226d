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
import { Codec, codec, described, object, oneOf } from '../spec/codec';
import { stringValue } from '../spec/values';
import { Value, isPlainObject } from '../value';
import { NamedApi, apiIdValue } from './apiName';
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

const permissionScope = oneOf(['auto', 'route', 'api'] as const);

export const ExistingHttpApiSpec = object(
  'existing api',
  { existing: stringValue },
  { protocol: oneOf(['http'] as const, ' (or websocket, for a WebSocket API)'), permissionScope, authorization: Authorization },
  OWNER_ONLY,
);

export const ExistingWebSocketApiSpec = object(
  'existing WebSocket api',
  { existing: stringValue, protocol: oneOf(['websocket'] as const) },
  { permissionScope, authorization: Authorization },
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

/** An `api` codec that takes either a new API (`fresh`) or an existing one (a mapping with `existing`). */
export function newOrExisting<A, E>(fresh: Codec<A>, existing: Codec<E>): Codec<A | E> {
  const either = codec<A | E>(fresh.name, (u, c) =>
    isPlainObject(u) && 'existing' in u ? (existing.validate(u, c) as ReturnType<Codec<A | E>['validate']>) : (fresh.validate(u, c) as ReturnType<Codec<A | E>['validate']>),
  );
  return described(either, `the API: a mapping with name (a new API) or with existing (the id of an API defined elsewhere)`);
}

/** The id every route, integration and permission uses: a Ref to the API we create, or the existing API's id. */
export function apiIdOf(api: ExistingApiSpec | NamedApi): Value {
  return isExistingApi(api) ? api.existing : apiIdValue(api);
}
