/**
 * What a user writes for a stage. HTTP APIs take `api.stage` (one stage; default `$default`) or `api.stages` (one or
 * more, by name); WebSocket APIs take `api.stage` (required, named).
 *
 * ```yaml
 * stage:
 *   name: prod                                # HTTP: "$default" (default) or a name; WebSocket: a name
 *   description: Production
 *   variables: { backendHost: orders.example.com }          # see variables.ts
 *   accessLogs: { format: json, retentionDays: 30 }          # see accessLogs.ts
 *   throttle: { burstLimit: 200, rateLimit: 100 }            # every route's default; see throttle.ts
 *   detailedMetrics: true                     # per-route CloudWatch metrics
 *   loggingLevel: ERROR                       # WebSocket only: execution logs, ERROR, INFO or OFF
 *   dataTrace: false                          # WebSocket only: log full messages (never in production)
 *   autoDeploy: true                          # WebSocket only (HTTP stages always deploy automatically)
 *   tags: { tier: prod }
 * ```
 */
import { boolean, nonEmptyString, object, oneOf, refine } from '../spec/codec';
import { declaredNames } from '../spec/declaredNames';
import { Tags } from '../tags/tags';
import { AccessLogs } from './accessLogs';
import { Throttle } from './throttle';
import { StageVariables } from './variables';
import { singletonId } from '../shared/logicalId';

const NAMED = /^[A-Za-z0-9_-]{1,128}$/;

export const HttpStageName = refine(nonEmptyString, (name) =>
  name === '$default' || NAMED.test(name)
    ? undefined
    : `expected "$default" or a stage name of letters, digits, "-" and "_" (at most 128), got ${JSON.stringify(name)}`,
);

export const WebSocketStageName = refine(nonEmptyString, (name) =>
  name === '$default'
    ? 'a WebSocket API stage needs a name of its own; $default is for HTTP APIs'
    : NAMED.test(name)
      ? undefined
      : `expected a stage name of letters, digits, "-" and "_" (at most 128), got ${JSON.stringify(name)}`,
);

const common = {
  description: nonEmptyString,
  variables: StageVariables,
  accessLogs: AccessLogs,
  throttle: Throttle,
  detailedMetrics: boolean,
  tags: Tags,
};

const HTTP_HINTS = {
  autoDeploy: 'HTTP API stages always deploy automatically here',
  loggingLevel: 'HTTP APIs have no execution logs (loggingLevel is for WebSocket APIs); use accessLogs',
  dataTrace: 'HTTP APIs have no execution logs (dataTrace is for WebSocket APIs); use accessLogs',
};

/** `api.stage` of an HTTP API. */
export const HttpStageSpec = object('stage', { name: HttpStageName }, common, HTTP_HINTS);
export type HttpStageSpec = typeof HttpStageSpec._A;

/** One entry of `api.stages` (the key is its name). */
const HttpStageSettings = object('stage', {}, common, { ...HTTP_HINTS, name: 'the key under stages is the stage name' });
export type HttpStageSettings = typeof HttpStageSettings._A;

/** A stage's logical ID: `Api<Name>Stage<Stage>` (`$default` gives `...StageDefault`). */
export function stageLogicalId(apiId: string, stageName: string): string {
  return singletonId(`${apiId}Stage`, stageName === '$default' ? 'Default' : stageName);
}

/** `api.stages`: one or more named stages; two names that give one logical ID are an error at the second. */
export const HttpStages = declaredNames(
  {
    describe: 'stage names',
    check: (name) => {
      const r = HttpStageName.decode(name);
      return r._tag === 'Right' ? undefined : String(r.left[0]?.message);
    },
  },
  HttpStageSettings,
  (name) => stageLogicalId('', name),
  { min: 1 },
);

/** `api.stage` of a WebSocket API. */
export const WebSocketStageSpec = object(
  'WebSocket stage',
  { name: WebSocketStageName },
  {
    autoDeploy: boolean,
    ...common,
    loggingLevel: oneOf(['ERROR', 'INFO', 'OFF'] as const),
    dataTrace: boolean,
  },
);
export type WebSocketStageSpec = typeof WebSocketStageSpec._A;

/** What every stage builder reads, whichever protocol and form it came from. */
export interface StageSettings {
  readonly name: string;
  /** Where the stage is in the spec: `api.stage`, `api.stages.prod`. */
  readonly place: string;
  readonly description?: string;
  readonly variables?: StageVariables;
  readonly accessLogs?: AccessLogs;
  readonly throttle?: Throttle;
  readonly detailedMetrics?: boolean;
  readonly loggingLevel?: 'ERROR' | 'INFO' | 'OFF';
  readonly dataTrace?: boolean;
  readonly autoDeploy?: boolean;
  readonly tags?: Tags;
}
