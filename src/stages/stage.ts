/**
 * A stage (AWS::ApiGatewayV2::Stage) with what belongs to it: its variables, its access log group, its default and
 * per-route settings, and the outputs that name its URLs.
 *
 * Route settings name routes by key, and API Gateway refuses a key the API does not have yet ("Unable to find Route
 * by key GET /orders within the provided RouteSettings", NotFoundException): a stage with per-route settings depends
 * on those routes. A route's settings replace the stage's defaults for that route field by field, so each route entry
 * carries the defaults it does not override. Settings removed from a template persist on the stage in AWS.
 */
import { Fragment, LogGroupResource, Output, StageResource } from '../template/types';
import { Warning, pathTo } from '../errors';
import { Json, getAtt, ref, sub } from '../value';
import { tagsProperty } from '../tags/tags';
import { Protocol, accessLogFormat, destinationArn, isExistingLogGroup } from './accessLogs';
import { Throttle, throttleWarnings } from './throttle';
import { StageSettings, stageLogicalId } from './stageSpec';
import { MAX_LOGICAL_ID_LENGTH, digest } from '../shared/logicalId';

export interface RouteThrottle {
  readonly routeKey: string;
  /** The route's logical ID, which the stage depends on. */
  readonly routeId: string;
  readonly throttle: Throttle;
  /** Where the route is in the spec: `routes["GET /x"]`. */
  readonly source: string;
}

/** Warnings for route throttles above the account's limits: once per route, whatever the number of stages. */
export function routeThrottleFragment(throttles: readonly RouteThrottle[]): Fragment[] {
  const warnings = throttles.flatMap((r) => throttleWarnings(r.throttle, pathTo(r.source, 'throttle')));
  return warnings.length === 0 ? [] : [{ source: 'routes', warnings }];
}

export interface StageInput {
  readonly protocol: Protocol;
  /** The API's logical ID and the name used in descriptions. */
  readonly apiId: string;
  readonly apiName: string;
  readonly stage: StageSettings;
  readonly routeThrottles: readonly RouteThrottle[];
  /** Stage variables the spec's routes and authorizers use (for the unused-variable warning). */
  readonly usedVariables: ReadonlySet<string>;
  /** HTTP stages always deploy themselves; a WebSocket stage unless `autoDeploy: false`. */
  readonly autoDeploy: boolean;
  /** Without autoDeploy: the Deployment the stage serves (none while the API has no routes). */
  readonly deploymentId?: string;
  /** The AWS::ApiGateway::Account resource, when the template sets the account's CloudWatch role. */
  readonly accountId?: string;
  /** WebSocket: whether the spec decided about the account's CloudWatch role (true or false), or left it open. */
  readonly cloudWatchRole?: boolean;
  /** `endpoint`: the stage's URL is the API's `Endpoint` output (one stage); `url`: an output of its own. */
  readonly urlOutput: 'endpoint' | 'url';
}

/** `<parent><suffix>`, or the parent cut and a digest of it in between when that passes 255 characters. */
export function childId(parent: string, suffix: string): string {
  const id = `${parent}${suffix}`;
  if (id.length <= MAX_LOGICAL_ID_LENGTH) return id;
  return `${parent.slice(0, MAX_LOGICAL_ID_LENGTH - suffix.length - 8)}${digest(parent)}${suffix}`;
}

type RouteSettingsJson = Record<string, Json>;

function routeSettings(stage: StageSettings, throttle: Throttle | undefined): RouteSettingsJson {
  const burst = throttle?.burstLimit ?? stage.throttle?.burstLimit;
  const rate = throttle?.rateLimit ?? stage.throttle?.rateLimit;
  return {
    ...(burst !== undefined && { ThrottlingBurstLimit: burst }),
    ...(rate !== undefined && { ThrottlingRateLimit: rate }),
    ...(stage.detailedMetrics !== undefined && { DetailedMetricsEnabled: stage.detailedMetrics }),
    ...(stage.loggingLevel !== undefined && { LoggingLevel: stage.loggingLevel }),
    ...(stage.dataTrace !== undefined && { DataTraceEnabled: stage.dataTrace }),
  };
}

/** Whether a WebSocket stage writes logs of any kind, which needs the account's CloudWatch role. */
function writesLogs(stage: StageSettings): boolean {
  return stage.accessLogs !== undefined || (stage.loggingLevel !== undefined && stage.loggingLevel !== 'OFF') || stage.dataTrace === true;
}

export function buildStage(input: StageInput): Fragment {
  const { stage, apiId, protocol } = input;
  const stageId = stageLogicalId(apiId, stage.name);
  const resources: Record<string, StageResource | LogGroupResource> = {};
  const warnings: Warning[] = [];

  let accessLogSettings: StageResource['Properties']['AccessLogSettings'];
  if (stage.accessLogs !== undefined) {
    const logs = stage.accessLogs;
    const groupId = childId(stageId, 'AccessLogs');
    if (!isExistingLogGroup(logs)) {
      resources[groupId] = {
        Type: 'AWS::Logs::LogGroup',
        Properties: {
          RetentionInDays: logs.retentionDays,
          ...(logs.kmsKey !== undefined && { KmsKeyId: logs.kmsKey }),
          ...(stage.tags !== undefined && { Tags: tagsProperty('AWS::Logs::LogGroup', stage.tags) as never }),
        },
      };
    }
    accessLogSettings = {
      DestinationArn: destinationArn(logs, getAtt(groupId, 'Arn')),
      Format: accessLogFormat(logs.format ?? 'json', protocol),
    };
  }

  const defaults = routeSettings(stage, undefined);
  const perRoute = [...input.routeThrottles].sort((a, b) => (a.routeKey < b.routeKey ? -1 : a.routeKey > b.routeKey ? 1 : 0));
  const dependsOn = [...(input.accountId !== undefined ? [input.accountId] : []), ...perRoute.map((r) => r.routeId).sort()];
  resources[stageId] = {
    Type: 'AWS::ApiGatewayV2::Stage',
    ...(dependsOn.length > 0 && { DependsOn: dependsOn }),
    Properties: {
      ApiId: ref(apiId),
      StageName: stage.name,
      ...(stage.description !== undefined && { Description: stage.description }),
      ...(input.autoDeploy ? { AutoDeploy: true } : input.deploymentId !== undefined && { DeploymentId: ref(input.deploymentId) }),
      ...(stage.variables !== undefined && { StageVariables: { ...stage.variables } }),
      ...(accessLogSettings !== undefined && { AccessLogSettings: accessLogSettings }),
      ...(Object.keys(defaults).length > 0 && { DefaultRouteSettings: defaults }),
      ...(perRoute.length > 0 && {
        RouteSettings: Object.fromEntries(perRoute.map((r) => [r.routeKey, routeSettings(stage, r.throttle)])),
      }),
      ...(stage.tags !== undefined && { Tags: tagsProperty('AWS::ApiGatewayV2::Stage', stage.tags) as never }),
    },
  };

  for (const name of Object.keys(stage.variables ?? {})) {
    if (input.usedVariables.has(name)) continue;
    warnings.push({
      path: pathTo(pathTo(stage.place, 'variables'), name),
      message: `declared, but no integration or authorizer in the spec uses \${stageVariables.${name}} (a Lambda function may still read it from its event)`,
    });
  }
  warnings.push(...throttleWarnings(stage.throttle, pathTo(stage.place, 'throttle')));
  if (stage.dataTrace === true) {
    warnings.push({
      path: pathTo(stage.place, 'dataTrace'),
      message:
        'logs the full content of every message, personal data and secrets included; keep it out of production. Route settings persist on the stage when removed from a template: to turn it off, write dataTrace: false rather than deleting the line',
    });
  }
  if (protocol === 'websocket' && input.cloudWatchRole === undefined && writesLogs(stage)) {
    warnings.push({
      path: stage.place,
      message:
        'WebSocket stages write logs only when the account has a CloudWatch role for API Gateway (else: "CloudWatch Logs role ARN must be set in account settings to enable logging"); set api.cloudWatchRole: true to set it in this template, or false when the account and Region have one already',
    });
  }

  const url: Json =
    protocol === 'websocket'
      ? sub(`\${${apiId}.ApiEndpoint}/${stage.name}`)
      : stage.name === '$default'
        ? getAtt(apiId, 'ApiEndpoint')
        : sub(`\${${apiId}.ApiEndpoint}/${stage.name}`);
  const outputs: Record<string, Output> = {};
  const what = protocol === 'websocket' ? 'WebSocket URL (wss://)' : 'Invoke URL';
  outputs[input.urlOutput === 'endpoint' ? `${apiId}Endpoint` : childId(stageId, 'Url')] = {
    Description: `${what} of the ${input.apiName} API's ${stage.name} stage`,
    Value: url,
  };
  if (protocol === 'websocket') {
    outputs[childId(apiId, 'CallbackUrl')] = {
      Description: `Connection callback URL (@connections) of the ${input.apiName} API's ${stage.name} stage`,
      Value: sub(`https://\${${apiId}}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}/${stage.name}`),
    };
  }
  return { source: stage.place, resources, outputs, warnings };
}
