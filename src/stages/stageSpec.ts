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
import { boolean, doc, nonEmptyString, object, oneOf, refine } from '../spec/codec';
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
  description: doc(nonEmptyString, "the stage's description"),
  variables: doc(StageVariables, 'stage variables: name -> text or a Value; every ${stageVariables.NAME} the routes use must be declared'),
  accessLogs: doc(AccessLogs, 'access logs: retentionDays (a new log group) or logGroupArn (an existing one), and a format (json, clf or your own)'),
  throttle: doc(Throttle, "every route's default throttling: burstLimit (requests), rateLimit (requests per second)"),
  detailedMetrics: doc(boolean, 'CloudWatch metrics per route; default false'),
  tags: doc(Tags, "the stage's tags (its new log group gets them too)"),
};

const HTTP_HINTS = {
  autoDeploy: 'HTTP API stages always deploy automatically here',
  loggingLevel: 'HTTP APIs have no execution logs (loggingLevel is for WebSocket APIs); use accessLogs',
  dataTrace: 'HTTP APIs have no execution logs (dataTrace is for WebSocket APIs); use accessLogs',
};

/** `api.stage` of an HTTP API. */
export const HttpStageSpec = object('stage', { name: doc(HttpStageName, '$default, or a name of letters, digits, -, _ (served under /NAME)') }, common, HTTP_HINTS);
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
  { name: doc(WebSocketStageName, "the stage's name: letters, digits, -, _ (not $default)") },
  {
    autoDeploy: doc(boolean, 'deploy every change automatically; default true (false: a Deployment the stage moves to)'),
    ...common,
    loggingLevel: doc(oneOf(['ERROR', 'INFO', 'OFF'] as const), 'execution logs: ERROR, INFO or OFF (the default); needs the account CloudWatch role'),
    dataTrace: doc(boolean, 'log every message in full (personal data and secrets land in the logs); default false'),
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
