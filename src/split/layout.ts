/**
 * One template, or a root and route stacks: decided by what a template may hold (CloudFormation's limits, or the
 * spec's lower ones), then checked stack by stack and as one operation (at most 2,500 resources).
 */
import { Either, right } from 'fp-ts/Either';
import { thousands } from '../yaml/limits';
import { BuildError, Warning } from '../errors';
import { Template } from '../template/types';
import { TEMPLATE_LIMITS, checkBodySize } from '../template/combine';
import { Format, render } from '../output/render';
import { MAX_RESOURCES_PER_OPERATION, Placement, Thresholds } from './options';
import { NestedStack, splitTemplate } from './split';

/** The root template's file name in an output directory. */
export const ROOT_FILE = (format: Format): string => `template.${format}`;

/** What one template holds, counted as CloudFormation counts it. */
export interface TemplateUse {
  readonly resources: number;
  readonly parameters: number;
  readonly outputs: number;
  /** Bytes of its text (UTF-8). */
  readonly bytes: number;
}

export interface StackText {
  /** File name beside the root: `template.yaml`, `route-stack-3.yaml`. */
  readonly file: string;
  readonly template: Template;
  readonly text: string;
  readonly use: TemplateUse;
}

export type Layout =
  | { readonly kind: 'single'; readonly stack: StackText; readonly warnings: readonly Warning[]; readonly problems: readonly BuildError[] }
  | {
      readonly kind: 'nested';
      readonly root: StackText;
      readonly nested: ReadonlyArray<StackText & Pick<NestedStack, 'index' | 'logicalId'>>;
      /** Why one template was not enough (empty when the spec asks for nested stacks). */
      readonly reasons: readonly string[];
      /** Whose limits the reasons pass: CloudFormation's, or the spec's own. */
      readonly limits: string;
      readonly warnings: readonly Warning[];
      /** What no deploy could take: a stack past its limits, or more than 2,500 resources in all. */
      readonly problems: readonly BuildError[];
    };

export interface LayoutOptions {
  readonly format: Format;
  readonly templateUrlPrefix?: string;
  readonly maxParallel?: number;
}

const count = thousands;

function useOf(template: Template, text: string): TemplateUse {
  return {
    resources: Object.keys(template.Resources).length,
    parameters: Object.keys(template.Parameters ?? {}).length,
    outputs: Object.keys(template.Outputs ?? {}).length,
    bytes: Buffer.byteLength(text, 'utf8'),
  };
}

/** Each count over its threshold, as `1,079 resources (at most 500)`. */
function overLimits(use: Omit<TemplateUse, 'bytes'> & { bytes?: number }, thresholds: Thresholds): string[] {
  const over: string[] = [];
  if (use.resources > thresholds.resources) over.push(`${count(use.resources)} resources (at most ${count(thresholds.resources)})`);
  if (use.parameters > thresholds.parameters) over.push(`${count(use.parameters)} parameters (at most ${count(thresholds.parameters)})`);
  if (use.outputs > thresholds.outputs) over.push(`${count(use.outputs)} outputs (at most ${count(thresholds.outputs)})`);
  if (use.bytes !== undefined && use.bytes > thresholds.templateBytes) over.push(`${count(use.bytes)} bytes (at most ${count(thresholds.templateBytes)})`);
  return over;
}

/** Where a threshold comes from, for messages: CloudFormation's limit, or the spec's own. */
function limitNote(thresholds: Thresholds): string {
  const lowered =
    thresholds.resources < TEMPLATE_LIMITS.resources ||
    thresholds.parameters < TEMPLATE_LIMITS.parameters ||
    thresholds.outputs < TEMPLATE_LIMITS.outputs ||
    thresholds.templateBytes < TEMPLATE_LIMITS.bodyBytes;
  return lowered ? 'the limits set under stacks' : "CloudFormation's limits for one template";
}

/**
 * The template as one text when it fits (and the spec does not ask for nested stacks), else as a root and route
 * stacks. What no deploy could take is listed in `problems`, beside the layout, so that a plan can show it.
 */
export function layoutTemplate(template: Template, placement: Placement, options: LayoutOptions): Either<BuildError[], Layout> {
  const { thresholds } = placement;
  const counted = {
    resources: Object.keys(template.Resources).length,
    parameters: Object.keys(template.Parameters ?? {}).length,
    outputs: Object.keys(template.Outputs ?? {}).length,
  };
  let reasons = overLimits(counted, thresholds);
  // Without routes or permissions there is nothing a route stack could hold: one template, whatever stacks says.
  const routeSide = Object.values(template.Resources).some((r) => r.Type === 'AWS::ApiGatewayV2::Route' || r.Type === 'AWS::Lambda::Permission');
  if ((placement.nested === 'auto' || !routeSide) && reasons.length === 0) {
    const text = render(template, options.format);
    const use = useOf(template, text);
    reasons = overLimits(use, thresholds);
    if (reasons.length === 0) {
      const size = checkBodySize(text);
      return right({ kind: 'single', stack: { file: ROOT_FILE(options.format), template, text, use }, warnings: size.warning ? [size.warning] : [], problems: [] });
    }
  }

  const split = splitTemplate(template, { count: placement.count, ...options });
  if (split._tag === 'Left') return split;
  const stack = (file: string, t: Template): StackText => {
    const text = render(t, options.format);
    return { file, template: t, text, use: useOf(t, text) };
  };
  const root = stack(ROOT_FILE(options.format), split.right.root);
  const nested = split.right.nested.map((n) => ({ ...stack(n.file, n.template), index: n.index, logicalId: n.logicalId }));

  const total = root.use.resources + nested.reduce((sum, n) => sum + n.use.resources, 0);
  const size = checkBodySize(root.text);
  const layout = { kind: 'nested' as const, root, nested, reasons, limits: limitNote(thresholds), warnings: size.warning ? [size.warning] : [] };
  // Past 2,500 resources in all, the stacks' own limits are beside the point: that is the one thing to fix.
  if (total > MAX_RESOURCES_PER_OPERATION) return right({ ...layout, problems: [operationLimitError(total, template)] });

  const problems: BuildError[] = [];
  const rootOver = overLimits(root.use, thresholds);
  if (rootOver.length > 0) {
    problems.push({
      path: '',
      message:
        `the root template (${root.file}) would hold ${rootOver.join(', ')}, past ${limitNote(thresholds)}. The root keeps what ` +
        "routes share (the API, stages, VPC links, authorizers, roles, integrations) and the spec's parameters: to bring it " +
        'down, share integrations, or move part of the routes to a second spec on the same API (api: {existing: ...})',
    });
  }
  for (const n of nested) {
    const over = overLimits(n.use, thresholds);
    if (over.length === 0) continue;
    problems.push({
      path: '',
      message:
        `route stack ${n.index} (${n.file}) would hold ${over.join(', ')}, past ${limitNote(thresholds)}: spread the routes ` +
        `over more stacks with stacks.count (now ${placement.count}); changing it moves routes between stacks, which ` +
        'a stack that is already deployed cannot take in one update (see the README, "Nested stacks")',
    });
  }
  return right({ ...layout, problems });
}

/** Past 2,500 resources, no single deploy can do it: say so, and how to deploy it as several stacks. */
export function operationLimitError(total: number, template: Template): BuildError {
  const api = Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::ApiGatewayV2::Api')?.[0];
  const idOutput = api !== undefined ? `its ${api}Id output` : "the API's id";
  return {
    path: '',
    message:
      `the API needs ${count(total)} resources across its stacks, more than the ${count(MAX_RESOURCES_PER_OPERATION)} ` +
      'CloudFormation creates or updates in one operation (a stack with all its nested stacks), so no single deploy ' +
      'can hold it. Deploy it as several stacks: keep the api and some routes in this spec, and put the other routes ' +
      'in specs of their own, each under 2,500 resources, that add them to the same API with api: {existing: !Ref ApiId} ' +
      `(a parameter that takes ${idOutput}); deploy this stack first, then the route stacks one at a time`,
  };
}
