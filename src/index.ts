/**
 * apigw-cfn: AWS API Gateway v2 as plain CloudFormation.
 *
 * The front door, one call per job (each pure: no files, no clock; errors as values, every one at once):
 * - `buildSpec(spec, format, output?)`: a spec object (typed: `SpecInput`) to template text;
 * - `buildSpecText(text, source, format, output?)`: spec text (YAML or JSON) to template text;
 * - `mergeSpecText(hostText, hostSource, specText, specSource, format)`: a host template with the spec merged in;
 * - `specJsonSchema()`: the JSON Schema of a spec, for editors.
 * Each returns an fp-ts `Either`; without fp-ts, `orThrow(either)` gives the result or throws a `SpecError`, and
 * `toResult(either)` gives a plain `{ ok, value }` / `{ ok, errors, message }` object.
 *
 * Behind it, the building blocks of the pipeline (decode, build fragments, combine, render) and the builders of
 * each piece, for scripts that assemble templates their own way.
 */

// ---- The front door ----------------------------------------------------------------------------------------------

export { buildSpec, buildSpecText, mergeSpecText, Rendered, Output as BuildOutput } from './build';
export { orThrow, toResult, Result, SpecError, formatProblems } from './result';
export { SpecInput, HttpSpecInput, WebSocketSpecInput } from './spec/spec';
export { ValueInput, IntrinsicInput, JsonInput } from './spec/values';
export { DurationInput } from './shared/duration';
export { AuthorizationInput } from './authorizers/authorization';
export { AwsIntegrationInput } from './integrations/http/aws';
export { InputOf } from './spec/codec';
export { BuildError, Warning, formatProblem } from './errors';
/** What a user must do outside the template: acknowledge IAM capabilities, have another account add a permission. */
export { Notice, PermissionStatement, formatNotice } from './notices';
export { Format, render } from './output/render';
export { specJsonSchema, specJsonSchemaText } from './schema/jsonSchema';

// ---- Building blocks: the pipeline's stages ----------------------------------------------------------------------

export { decodeSpec, Spec, HttpSpec, WebSocketSpec, isWebSocketSpec } from './spec/spec';
export { buildTemplate, buildFragments } from './build';
export { mergeFragments, checkBodySize, TEMPLATE_LIMITS, CombineOptions } from './template/combine';
export { Template, Fragment, Resource, Built } from './template/types';
export { parseYaml, dumpYaml } from './yaml/cfnYaml';
export { Value, Intrinsic, Json, ref, getAtt, sub, join } from './value';

// ---- Building blocks: the builders of each piece -----------------------------------------------------------------

export { buildHttpApi, apiLogicalId, HttpApiSpec } from './api/httpApi';
export { buildWebSocketApi, WebSocketApiSpec } from './api/webSocketApi';
export { checkApiQuotas, API_QUOTAS } from './api/quotas';
export { buildHttpRoute } from './routes/httpRoute';
export { buildWebSocketRoute, webSocketRouteKeyProblem } from './routes/webSocketRoute';
export { buildRoute, integrationId, integrationResources, routeId } from './routes/route';
export { parseHttpRouteKey, executeApiResourcePath } from './routes/routeKey';
export { HTTP_INTEGRATION_KINDS, HttpIntegration, buildHttpIntegration } from './integrations/http';
export { WEBSOCKET_INTEGRATION_KINDS, WebSocketIntegration, buildWebSocketIntegration } from './integrations/websocket';
export { IntegrationKind, IntegrationPlan, IntegrationContext } from './integrations/kind';
export { lambdaPermissions, executeApiArn, MAX_STATEMENTS_PER_FUNCTION, InvokeGrant, PermissionScope } from './shared/lambdaPermission';
export { lambdaInvocationUri } from './shared/lambdaUri';
export { serviceRole, ServiceRoleGrant } from './shared/serviceRole';
export { buildVpcLinks } from './shared/vpcLink';
export { logicalId } from './shared/logicalId';
export {
  buildAuthorizers,
  HttpAuthorizers,
  WebSocketAuthorizers,
  MAX_AUTHORIZERS_PER_API,
  Authorization,
  resolveAuthorization,
  routeAuthorizationProperties,
  authorizerLogicalId,
} from './authorizers';
// Nested stacks: specs of any size, and the plan of a build (src/split/).
export {
  buildStacks,
  buildStacksText,
  planSpec,
  planSpecText,
  formatPlan,
  StackOptions,
  StackFile,
  RenderedStacks,
  Plan,
} from './split/stacks';
export { splitTemplate, SplitTemplates, NestedStack } from './split/split';
export { bucketOf } from './split/placement';
export { INPUT_LIMITS } from './yaml/limits';
export { decodeText } from './yaml/text';
export { estimateResources, OPERATION_RESOURCE_LIMIT } from './template/estimate';
// Review: what a spec's routes are, and what deploying one template over another does (src/review/).
export { reviewSpec, reviewRoutes, ApiReview, RouteReview } from './review/routes';
export { formatRoutes, RoutesFormat } from './review/routesFormat';
export { diffTemplates, isDisruptive, TemplateDiff, ResourceDiff, Finding, RouteStacks, TOP_LEVEL_STACK } from './review/diff';
export { formatDiff, DiffFormat } from './review/diffFormat';
export { templateOf } from './review/input';
export { CREATE_ONLY_PROPERTIES } from './review/createOnly';
