/**
 * Specs of any size: `buildStacks` writes one template when it fits and a root template with route stacks when it
 * does not; `planSpec` tells, without writing anything, which it will be, what each stack holds and how much room
 * is left under every limit and quota that matters.
 */
import { Either, isLeft, left, right } from 'fp-ts/Either';
import { thousands } from '../yaml/limits';
import { buildTemplate } from '../build';
import { decodeSpec } from '../spec/spec';
import { parseSpecYaml } from '../yaml/cfnYaml';
import { BuildError, Warning } from '../errors';
import { Notice, capabilityNotices } from '../notices';
import { Format } from '../output/render';
import { Template } from '../template/types';
import { canonicalJson, describeValue } from '../value';
import { API_QUOTAS } from '../api/quotas';
import { MAX_AUTHORIZERS_PER_API } from '../authorizers';
import { MAX_STATEMENTS_PER_FUNCTION } from '../shared/lambdaPermission';
import { valueWords } from '../shared/logicalId';
import { Layout, LayoutOptions, TemplateUse, layoutTemplate } from './layout';
import { MAX_RESOURCES_PER_OPERATION, Placement, Thresholds, placementOf } from './options';
import { DEFAULT_MAX_PARALLEL } from './split';

/** How the route stacks are deployed; neither moves a resource, so they are build options, not spec fields. */
export interface StackOptions {
  /** Prepended to each nested template's file name in TemplateURL (default: the relative file name, for package). */
  readonly templateUrlPrefix?: string;
  /** How many route stacks CloudFormation creates or updates at once (default 1). */
  readonly maxParallel?: number;
}

/** One template of a build, as text: the root (or only) template, or a route stack. */
export interface StackFile {
  /** The file name, relative to the output directory: `template.yaml`, `route-stack-3.yaml`. */
  readonly file: string;
  readonly text: string;
}

/** What `buildStacks` writes: every template of the build, with what the user must know about it. */
export interface RenderedStacks {
  /** The root (or only) template first, then the route stacks in order. */
  readonly files: readonly StackFile[];
  readonly warnings: readonly Warning[];
  /** What must happen outside the templates (the IAM capability for roles, permissions other accounts grant). */
  readonly notices: readonly Notice[];
}

interface Planned {
  readonly notices: readonly Notice[];
  readonly template: Template;
  readonly placement: Placement;
  readonly layout: Layout;
  readonly warnings: readonly Warning[];
}

function layoutSpec(input: unknown, format: Format, options: StackOptions): Either<BuildError[], Planned> {
  const spec = decodeSpec(input);
  if (isLeft(spec)) return spec;
  const built = buildTemplate(spec.right, { checkCounts: false });
  if (isLeft(built)) return built;
  const placement = placementOf(spec.right.stacks);
  const layoutOptions: LayoutOptions = { format, ...options };
  const layout = layoutTemplate(built.right.template, placement, layoutOptions);
  if (isLeft(layout)) return layout;
  return right({
    template: built.right.template,
    placement,
    layout: layout.right,
    warnings: [...built.right.warnings, ...layout.right.warnings],
    // Roles live in the root: the capability notice is the root's, as for one template.
    notices: [...built.right.notices, ...capabilityNotices(built.right.template.Resources)],
  });
}

/** A spec (a parsed document or an object) to the files of its stacks: one template, or a root and route stacks. */
export function buildStacks(input: unknown, format: Format, options: StackOptions = {}): Either<BuildError[], RenderedStacks> {
  const planned = layoutSpec(input, format, options);
  if (isLeft(planned)) return planned;
  const { layout, warnings, notices } = planned.right;
  if (layout.problems.length > 0) return left([...layout.problems]);
  const stacks = layout.kind === 'single' ? [layout.stack] : [layout.root, ...layout.nested];
  return right({ files: stacks.map(({ file, text }) => ({ file, text })), warnings, notices });
}

/** What a spec builds into, for comparing builds: the template as one, and which route stack holds what. */
export interface PlacedSpec {
  /** Every resource, as one template would hold them (before the split): what the spec's resources are. */
  readonly template: Template;
  /** Logical ID -> the route stack (its logical ID in the root) holding it; undefined when the build is one template. */
  readonly routeStacks: Readonly<Record<string, string>> | undefined;
}

/** A spec to its template and where each resource lives: `apigw-cfn diff` on specs that build into nested stacks. */
export function placeSpec(input: unknown): Either<BuildError[], PlacedSpec> {
  const planned = layoutSpec(input, 'json', {});
  if (isLeft(planned)) return planned;
  const { layout, template } = planned.right;
  if (layout.problems.length > 0) return left([...layout.problems]);
  if (layout.kind === 'single') return right({ template, routeStacks: undefined });
  const routeStacks: Record<string, string> = {};
  for (const stack of layout.nested) for (const id of Object.keys(stack.template.Resources)) routeStacks[id] = stack.logicalId;
  return right({ template, routeStacks });
}

/** Spec text (YAML or JSON) to the files of its stacks. */
export function buildStacksText(specText: string, source: string, format: Format, options: StackOptions = {}): Either<BuildError[], RenderedStacks> {
  const parsed = parseSpecYaml(specText, source);
  return isLeft(parsed) ? parsed : buildStacks(parsed.right, format, options);
}

/** A count against its limit. */
export interface Headroom {
  readonly used: number;
  readonly limit: number;
}

export interface PlannedStack {
  /** `template` (one template), `root`, or `route stack N`. */
  readonly name: string;
  readonly file: string;
  /** The logical ID of a route stack in the root. */
  readonly logicalId?: string;
  /** Resources by type, `AWS::ApiGatewayV2::Route` -> 130. */
  readonly holds: Readonly<Record<string, number>>;
  readonly resources: Headroom;
  readonly parameters: Headroom;
  readonly outputs: Headroom;
  readonly bytes: Headroom;
}

export interface FunctionPolicy {
  /** The function as the spec names it (`!Ref BooksFunctionArn`, an ARN). */
  readonly function: string;
  /** Statements this template adds to the function's resource policy. */
  readonly statements: number;
  /** About 400 bytes a statement, against the policy's 20 KB. */
  readonly estimatedBytes: Headroom;
}

/** What `apigw-cfn plan` prints: the stacks a build makes, and the headroom against every limit and quota. */
export interface Plan {
  /** `single`: one template; `nested`: a root template and route stacks. */
  readonly layout: 'single' | 'nested';
  /** Why one template is not enough (nested, unless the spec asks for it). */
  readonly reasons: readonly string[];
  /** Route stacks the hash spreads over (stacks.count) and how many deploy at once. */
  readonly routeStacks: { readonly count: number; readonly maxParallel: number };
  readonly stacks: readonly PlannedStack[];
  /** Resources of the whole deploy (a stack with its nested stacks) against CloudFormation's 2,500. */
  readonly operation: Headroom;
  /** API Gateway's quotas per API (VPC links: per account and Region), and whether AWS raises them on request. */
  readonly quotas: ReadonlyArray<Headroom & { readonly quota: string; readonly adjustable: boolean }>;
  /** Every function the template grants API Gateway to invoke, the fullest policy first. */
  readonly functionPolicies: readonly FunctionPolicy[];
  /** What no deploy could take; empty when every stack fits. */
  readonly problems: readonly string[];
  readonly warnings: readonly string[];
}

/** A statement granting API Gateway one path is about 370 to 390 bytes; round up. */
const BYTES_PER_STATEMENT = 400;
const POLICY_BYTES = 20_480;
const STAGES_PER_API = 10;
const VPC_LINKS_PER_ACCOUNT = 10;

function plannedStack(name: string, file: string, template: Template, use: TemplateUse, thresholds: Thresholds, logicalId?: string): PlannedStack {
  const holds: Record<string, number> = {};
  for (const resource of Object.values(template.Resources)) holds[resource.Type] = (holds[resource.Type] ?? 0) + 1;
  return {
    name,
    file,
    ...(logicalId !== undefined && { logicalId }),
    holds: Object.fromEntries(Object.entries(holds).sort(([a], [b]) => (a < b ? -1 : 1))),
    resources: { used: use.resources, limit: thresholds.resources },
    parameters: { used: use.parameters, limit: thresholds.parameters },
    outputs: { used: use.outputs, limit: thresholds.outputs },
    bytes: { used: use.bytes, limit: thresholds.templateBytes },
  };
}

/** A function as the spec names it, short enough for a table: `service-3`, `!Ref BooksFunctionArn`, `!Sub …:function:${Env}-books`. */
function functionLabel(fn: unknown): string {
  if (typeof fn === 'string') return valueWords(fn) || fn;
  const described = describeValue(fn);
  return described.length <= 60 ? described : `${described.slice(0, described.indexOf(' ') + 1)}…${described.slice(-50)}`;
}

/** What the spec builds into and the room left under every limit, computed from the template it builds. */
export function planSpec(input: unknown, format: Format = 'yaml', options: StackOptions = {}): Either<BuildError[], Plan> {
  const planned = layoutSpec(input, format, options);
  if (isLeft(planned)) return planned;
  const { template, placement, layout, warnings } = planned.right;
  const { thresholds } = placement;
  const stacks =
    layout.kind === 'single'
      ? [plannedStack('template', layout.stack.file, layout.stack.template, layout.stack.use, thresholds)]
      : [
          plannedStack('root', layout.root.file, layout.root.template, layout.root.use, thresholds),
          ...layout.nested.map((n) => plannedStack(`route stack ${n.index}`, n.file, n.template, n.use, thresholds, n.logicalId)),
        ];
  const all = Object.values(template.Resources);
  const ofType = (type: string) => all.filter((r) => r.Type === type).length;
  const grants = new Map<string, { fn: unknown; statements: number }>();
  for (const resource of all) {
    if (resource.Type !== 'AWS::Lambda::Permission') continue;
    const fn = resource.Properties.FunctionName;
    const key = canonicalJson(fn);
    grants.set(key, { fn, statements: (grants.get(key)?.statements ?? 0) + 1 });
  }
  const functionPolicies = [...grants.values()]
    .map(({ fn, statements }) => ({
      function: functionLabel(fn),
      statements,
      estimatedBytes: { used: statements * BYTES_PER_STATEMENT, limit: POLICY_BYTES },
    }))
    .sort((a, b) => b.statements - a.statements || (a.function < b.function ? -1 : a.function > b.function ? 1 : 0));
  return right({
    layout: layout.kind,
    reasons: layout.kind === 'nested' ? layout.reasons : [],
    routeStacks: { count: placement.count, maxParallel: Math.max(1, options.maxParallel ?? DEFAULT_MAX_PARALLEL) },
    stacks,
    operation: { used: stacks.reduce((sum, s) => sum + s.resources.used, 0), limit: MAX_RESOURCES_PER_OPERATION },
    quotas: [
      { quota: 'routes per API', used: ofType('AWS::ApiGatewayV2::Route'), limit: API_QUOTAS.routes, adjustable: true },
      { quota: 'integrations per API', used: ofType('AWS::ApiGatewayV2::Integration'), limit: API_QUOTAS.integrations, adjustable: false },
      { quota: 'authorizers per API', used: ofType('AWS::ApiGatewayV2::Authorizer'), limit: MAX_AUTHORIZERS_PER_API, adjustable: true },
      { quota: 'stages per API', used: ofType('AWS::ApiGatewayV2::Stage'), limit: STAGES_PER_API, adjustable: true },
      { quota: 'VPC links per account and Region', used: ofType('AWS::ApiGatewayV2::VpcLink'), limit: VPC_LINKS_PER_ACCOUNT, adjustable: true },
    ],
    functionPolicies,
    problems: layout.problems.map((p) => p.message),
    warnings: warnings.map((w) => (w.path === '' ? w.message : `${w.path}: ${w.message}`)),
  });
}

/** Spec text to its plan. */
export function planSpecText(specText: string, source: string, format: Format = 'yaml', options: StackOptions = {}): Either<BuildError[], Plan> {
  const parsed = parseSpecYaml(specText, source);
  return isLeft(parsed) ? parsed : planSpec(parsed.right, format, options);
}

const n = thousands;
const fraction = (h: Headroom): string => `${n(h.used)} / ${n(h.limit)}`;
const mark = (h: Headroom): string => (h.used > h.limit ? '  OVER' : '');

function table(header: readonly string[], rows: readonly (readonly string[])[], right: ReadonlySet<number>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** `AWS::ApiGatewayV2::Route` -> `Route`, `AWS::Lambda::Permission` -> `Lambda Permission`. */
function typeLabel(type: string): string {
  const [, service, kind] = type.split('::');
  return service === 'ApiGatewayV2' ? kind : service === 'CloudFormation' && kind === 'Stack' ? 'nested Stack' : `${service} ${kind}`;
}

/** The plan as text for people: the stacks, then API quotas, then the fullest function policies. */
export function formatPlan(plan: Plan, source: string, format: Format): string {
  const out: string[] = [];
  const routeStacks = plan.stacks.length - 1;
  out.push(
    plan.layout === 'single'
      ? `${source}: one template (${plan.stacks[0].file})`
      : `${source}: a root template and ${routeStacks} route stack${routeStacks === 1 ? '' : 's'} ` +
          `(routes hashed over ${plan.routeStacks.count}; ${plan.routeStacks.maxParallel} deployed at a time)`,
  );
  if (plan.reasons.length > 0) out.push(`  one template would hold ${plan.reasons.join(', ')}`);
  out.push('');
  out.push(
    ...table(
      ['stack', 'file', 'resources', 'parameters', 'outputs', `bytes (${format})`],
      plan.stacks.map((s) => [
        s.name,
        s.file,
        fraction(s.resources) + mark(s.resources),
        fraction(s.parameters) + mark(s.parameters),
        fraction(s.outputs) + mark(s.outputs),
        fraction(s.bytes) + mark(s.bytes),
      ]),
      new Set([2, 3, 4, 5]),
    ),
  );
  out.push(`one deploy: ${fraction(plan.operation)} resources across its stacks${mark(plan.operation)}`);
  out.push('', 'What each stack holds:');
  for (const s of plan.stacks) {
    const holds = Object.entries(s.holds).map(([type, k]) => `${n(k)} ${typeLabel(type)}`).join(', ');
    out.push(`  ${s.name}${s.logicalId !== undefined ? ` (${s.logicalId})` : ''}: ${holds}`);
  }
  out.push('', 'API Gateway quotas:');
  out.push(
    ...table(
      ['quota', 'used', 'adjustable'],
      plan.quotas.map((q) => [q.quota, fraction(q) + mark(q), q.adjustable ? 'on request' : 'no']),
      new Set([1]),
    ).map((line) => `  ${line}`),
  );
  if (plan.functionPolicies.length > 0) {
    const shown = plan.functionPolicies.slice(0, 10);
    out.push(
      '',
      `Lambda function policies (statements this build adds; past ${MAX_STATEMENTS_PER_FUNCTION} for one function, they collapse into one; ` +
        `about ${BYTES_PER_STATEMENT} bytes each against the policy's 20 KB):`,
    );
    out.push(
      ...table(
        ['function', 'statements', 'bytes (about)'],
        shown.map((f) => [f.function, n(f.statements), fraction(f.estimatedBytes) + mark(f.estimatedBytes)]),
        new Set([1, 2]),
      ).map((line) => `  ${line}`),
    );
    if (plan.functionPolicies.length > shown.length) out.push(`  ... and ${plan.functionPolicies.length - shown.length} more (--format json lists them all)`);
  }
  if (plan.problems.length > 0) out.push('', 'Problems (no deploy can take this as it is):', ...plan.problems.map((p) => `  ${p}`));
  if (plan.warnings.length > 0) out.push('', 'Warnings:', ...plan.warnings.map((w) => `  ${w}`));
  return `${out.join('\n')}\n`;
}
