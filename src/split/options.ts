/**
 * The `stacks` field of a spec: when a template becomes a root template and nested stacks, and how many nested
 * stacks its routes are spread over. It belongs in the spec, not on the command line, because it decides where
 * resources live, and a route that moves to another stack breaks the next deploy (see placement.ts).
 *
 * ```yaml
 * stacks:
 *   nested: auto            # auto (default): one template until it would pass a limit below; always: nested stacks
 *                           #   from the first deploy (an API that will grow never has to move its routes)
 *   count: 8                # default 8: route stacks; fixed for the life of the stack (changing it moves routes)
 *   maxResources: 400       # per template, default CloudFormation's 500: lower it to keep headroom
 *   maxParameters: 200      # default 200
 *   maxOutputs: 200         # default 200
 *   maxTemplateBytes: 1048576   # default 1 MB (a template deployed from S3)
 * ```
 */
import { integer, object, oneOf } from '../spec/codec';
import { TEMPLATE_LIMITS } from '../template/combine';
import { OPERATION_RESOURCE_LIMIT } from '../template/estimate';

/**
 * Route stacks by default: enough that every API CloudFormation can deploy in one operation (2,500 resources) fits,
 * about 310 resources each, under the 500 of a template even when the hash spreads routes unevenly.
 */
export const DEFAULT_STACK_COUNT = 8;
export const MAX_STACK_COUNT = 64;

/** Resources one CloudFormation operation creates or updates, across a stack and all its nested stacks. */
export const MAX_RESOURCES_PER_OPERATION = OPERATION_RESOURCE_LIMIT;

export const StacksSpec = object(
  'stacks',
  {},
  {
    nested: oneOf(['auto', 'always'] as const),
    count: integer(1, MAX_STACK_COUNT),
    maxResources: integer(1, TEMPLATE_LIMITS.resources),
    maxParameters: integer(1, TEMPLATE_LIMITS.parameters),
    maxOutputs: integer(1, TEMPLATE_LIMITS.outputs),
    maxTemplateBytes: integer(1024, TEMPLATE_LIMITS.bodyBytes),
  },
  {
    maxParallel: 'how many route stacks deploy at once moves no resource, so it is a build option: apigw-cfn build SPEC --out-dir DIR --max-parallel N',
    templateUrlPrefix: 'where the templates are uploaded is a build option: apigw-cfn build SPEC --out-dir DIR --template-url-prefix URL',
  },
);
export type StacksSpec = typeof StacksSpec._A;

/** What each template may hold: CloudFormation's limits, or the lower ones a spec sets for headroom. */
export interface Thresholds {
  readonly resources: number;
  readonly parameters: number;
  readonly outputs: number;
  readonly templateBytes: number;
}

export interface Placement {
  readonly nested: 'auto' | 'always';
  readonly count: number;
  readonly thresholds: Thresholds;
}

export function placementOf(stacks: StacksSpec | undefined): Placement {
  return {
    nested: stacks?.nested ?? 'auto',
    count: stacks?.count ?? DEFAULT_STACK_COUNT,
    thresholds: {
      resources: stacks?.maxResources ?? TEMPLATE_LIMITS.resources,
      parameters: stacks?.maxParameters ?? TEMPLATE_LIMITS.parameters,
      outputs: stacks?.maxOutputs ?? TEMPLATE_LIMITS.outputs,
      templateBytes: stacks?.maxTemplateBytes ?? TEMPLATE_LIMITS.bodyBytes,
    },
  };
}
