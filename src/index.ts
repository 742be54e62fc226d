/**
 * apigw-cfn: AWS API Gateway v2 as plain CloudFormation.
 *
 * High level: `buildSpecText` / `buildSpec` (spec in, template text out), `buildTemplate` (decoded spec in,
 * template data out). Lower level: `decodeSpec`, `buildFragments`, the per-kind builders, `mergeFragments`,
 * `render`. Every function is pure and returns errors as values (fp-ts Either).
 */
export { buildSpec, buildSpecText, buildTemplate, buildFragments, Rendered } from './build';
export { decodeSpec, Spec } from './spec/spec';
export { mergeFragments, checkBodySize, TEMPLATE_LIMITS, CombineOptions } from './template/combine';
export { render, Format } from './output/render';
export { parseYaml, dumpYaml } from './yaml/cfnYaml';
export { buildHttpApi, apiLogicalId, HttpApiSpec } from './api/httpApi';
export { buildHttpRoute } from './routes/httpRoute';
export { buildRoute, integrationId, integrationResources, routeId } from './routes/route';
export { parseHttpRouteKey, executeApiResourcePath } from './routes/routeKey';
export { lambdaPermissions, executeApiArn, MAX_STATEMENTS_PER_FUNCTION, InvokeGrant, PermissionScope } from './shared/lambdaPermission';
export { HTTP_INTEGRATION_KINDS, HttpIntegration, buildHttpIntegration } from './integrations/http';
export { IntegrationKind, IntegrationPlan, IntegrationContext } from './integrations/kind';
export { logicalId } from './shared/logicalId';
export { BuildError, Warning, formatProblem } from './errors';
export { Value, Intrinsic, Json, ref, getAtt, sub, join } from './value';
export { Template, Fragment, Resource, Built } from './template/types';
export { HttpSpec, WebSocketSpec, isWebSocketSpec } from './spec/spec';
export { buildWebSocketApi, WebSocketApiSpec } from './api/webSocketApi';
export { buildWebSocketRoute, webSocketRouteKeyProblem } from './routes/webSocketRoute';
export { WEBSOCKET_INTEGRATION_KINDS, WebSocketIntegration, buildWebSocketIntegration } from './integrations/websocket';
export { lambdaInvocationUri } from './shared/lambdaUri';
export { serviceRole, ServiceRoleGrant } from './shared/serviceRole';
export { buildVpcLinks } from './shared/vpcLink';
export { checkApiQuotas, API_QUOTAS } from './api/quotas';
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
// Review: what a spec's routes are, and what deploying one template over another does (src/review/).
export { reviewSpec, reviewRoutes, ApiReview, RouteReview } from './review/routes';
export { formatRoutes, RoutesFormat } from './review/routesFormat';
export { diffTemplates, isDisruptive, TemplateDiff, ResourceDiff, Finding } from './review/diff';
export { formatDiff, DiffFormat } from './review/diffFormat';
export { templateOf } from './review/input';
export { CREATE_ONLY_PROPERTIES } from './review/createOnly';
