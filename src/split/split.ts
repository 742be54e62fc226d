/**
 * A template that one CloudFormation template cannot hold, as a root template and route stacks
 * (AWS::CloudFormation::Stack). placement.ts decides where each resource lives; this file wires the stacks together:
 *
 * - what a nested resource refers to in the root (the API, integrations, authorizers, the spec's parameters) comes
 *   in as a String parameter of the same name, so `!Ref ApiBooks` reads the same in both; a `!GetAtt X.Attr`
 *   becomes the parameter `XAttr`; lists cross as comma-joined strings into CommaDelimitedList parameters; and the
 *   pseudo parameters that differ in a nested stack (AWS::StackName, AWS::StackId, AWS::NotificationARNs) come in
 *   from the root as `ParentStackName`, `ParentStackId`, `ParentNotificationARNs`;
 * - what the root refers to in a nested stack goes out as an Output read with `!GetAtt Stack.Outputs.Name`, and a
 *   root resource that depends on a nested one (a WebSocket Deployment on its routes) depends on its stack;
 * - the route stacks deploy at most `maxParallel` at a time (stack k depends on stack k - maxParallel), since API
 *   Gateway's control plane takes about 10 requests per second per account and CloudFormation fails a resource
 *   that is throttled for too long (429 Too Many Requests), rollback included.
 */
import { Either, left, right } from 'fp-ts/Either';
import { BuildError, pathTo } from '../errors';
import { Json, isPlainObject, setOwn } from '../value';
import { Output, Parameter, Resource, StackResource, Template } from '../template/types';
import { PSEUDO_PARAMETERS, collectReferences } from '../template/references';
import { Format } from '../output/render';
import { Home, placeResources } from './placement';

/** A route stack: a nested template, and the name and file the root's AWS::CloudFormation::Stack gives it. */
export interface NestedStack {
  /** 1-based: RouteStack1 holds the routes that hash to the first bucket. */
  readonly index: number;
  readonly logicalId: string;
  /** Its file name, beside the root template: `route-stack-1.yaml`. */
  readonly file: string;
  readonly template: Template;
}

/** One template split into a root and its route stacks (`splitTemplate`). */
export interface SplitTemplates {
  readonly root: Template;
  /** Only the stacks that hold something, in index order (CloudFormation refuses a template without resources). */
  readonly nested: readonly NestedStack[];
}

export interface SplitOptions {
  /** Route stacks the hash spreads over (stacks.count). */
  readonly count: number;
  /** The format of the files, for their names. */
  readonly format: Format;
  /** Prepended to each nested file name in TemplateURL; without it the URL is the relative file name. */
  readonly templateUrlPrefix?: string;
  /** How many route stacks CloudFormation may create or update at once (default 1). */
  readonly maxParallel?: number;
}

export const DEFAULT_MAX_PARALLEL = 1;

export const nestedStackId = (index: number): string => `RouteStack${index}`;
export const nestedStackFile = (index: number, format: Format): string => `route-stack-${index}.${format}`;

/** Pseudo parameters whose value in a nested stack is the nested stack's own: the root passes its values in. */
const PARENT_PSEUDO: Readonly<Record<string, { name: string; list: boolean }>> = {
  'AWS::StackName': { name: 'ParentStackName', list: false },
  'AWS::StackId': { name: 'ParentStackId', list: false },
  'AWS::NotificationARNs': { name: 'ParentNotificationARNs', list: true },
};

const isListType = (type: string): boolean => /List<|CommaDelimitedList/.test(type);

/** A parameter a nested stack takes from the root: its declaration there, and the value the root passes. */
interface Inbound {
  readonly parameter: Parameter;
  readonly value: Json;
}

const SUB_VARIABLE = /\$\{([^}]*)\}/g;

/** One nested stack being assembled: its resources, and the parameters and outputs its wiring needs. */
class StackWiring {
  readonly parameters = new Map<string, Inbound>();
  readonly outputs = new Map<string, Output>();
  readonly rootDependencies = new Set<string>();

  constructor(
    readonly index: number,
    readonly resources: Record<string, Resource>,
    private readonly template: Template,
    private readonly homes: ReadonlyMap<string, Home>,
  ) {}

  /** The parameter that brings root entity `name` (a resource, a parameter, a pseudo parameter) into this stack. */
  private inbound(name: string, attribute?: string): string {
    const pseudo = PARENT_PSEUDO[name];
    if (pseudo !== undefined) {
      const value: Json = pseudo.list ? { 'Fn::Join': [',', { Ref: name }] } : { Ref: name };
      this.parameters.set(pseudo.name, { parameter: { Type: pseudo.list ? 'CommaDelimitedList' : 'String' }, value });
      return pseudo.name;
    }
    if (attribute !== undefined) {
      const local = `${name}${attribute.replace(/[^A-Za-z0-9]/g, '')}`;
      this.parameters.set(local, { parameter: { Type: 'String' }, value: { 'Fn::GetAtt': [name, attribute] } });
      return local;
    }
    const declared = this.template.Parameters?.[name];
    const list = declared !== undefined && isListType(declared.Type);
    this.parameters.set(name, {
      parameter: { Type: list ? 'CommaDelimitedList' : 'String', ...(declared?.NoEcho === true && { NoEcho: true }) },
      value: list ? { 'Fn::Join': [',', { Ref: name }] } : { Ref: name },
    });
    return name;
  }

  /** Whether `name` is a root entity this stack must take as a parameter; throws on another nested stack's. */
  private fromRoot(name: string): boolean {
    if (Object.hasOwn(this.resources, name)) return false;
    if (PARENT_PSEUDO[name] !== undefined) return true;
    if (PSEUDO_PARAMETERS.has(name)) return false;
    const home = this.homes.get(name);
    if (home === 'root') return true;
    if (home !== undefined) throw new Error(`bug: ${name} (route stack ${home + 1}) is referred to from route stack ${this.index}`);
    return Object.hasOwn(this.template.Parameters ?? {}, name);
  }

  /** A copy of a nested resource's data with every reference to the root turned into a parameter. */
  localize(node: unknown): Json {
    if (Array.isArray(node)) return node.map((item) => this.localize(item));
    if (!isPlainObject(node)) return node as Json;
    const keys = Object.keys(node);
    if (keys.length === 1) {
      const [key] = keys;
      const arg = node[key];
      if (key === 'Ref' && typeof arg === 'string') return this.fromRoot(arg) ? { Ref: this.inbound(arg) } : { Ref: arg };
      if (key === 'Fn::GetAtt' && Array.isArray(arg) && typeof arg[0] === 'string' && typeof arg[1] === 'string' && arg.length === 2) {
        return this.fromRoot(arg[0]) ? { Ref: this.inbound(arg[0], arg[1]) } : { 'Fn::GetAtt': [arg[0], arg[1]] };
      }
      if (key === 'Fn::Sub') {
        const [text, variables] = typeof arg === 'string' ? [arg, undefined] : Array.isArray(arg) ? [arg[0], arg[1]] : [undefined, undefined];
        if (typeof text === 'string') {
          const local = new Set(isPlainObject(variables) ? Object.keys(variables) : []);
          const rewritten = text.replace(SUB_VARIABLE, (whole, inner: string) => {
            const name = inner.trim();
            if (name.startsWith('!') || name === '' || local.has(name)) return whole;
            const dot = name.startsWith('AWS::') ? -1 : name.indexOf('.');
            const target = dot < 0 ? name : name.slice(0, dot);
            if (local.has(target) || !this.fromRoot(target)) return whole;
            return `\${${this.inbound(target, dot < 0 ? undefined : name.slice(dot + 1))}}`;
          });
          return { 'Fn::Sub': variables === undefined ? rewritten : [rewritten, this.localize(variables)] };
        }
      }
    }
    const copy: Record<string, Json> = {};
    for (const k of Object.keys(node)) setOwn(copy, k, this.localize(node[k]));
    return copy;
  }

  /** The output that carries a nested value to the root, and how the root reads it. */
  outbound(name: string, attribute: string | undefined, stackId: string): Json {
    const output = attribute === undefined ? name : `${name}${attribute.replace(/[^A-Za-z0-9]/g, '')}`;
    this.outputs.set(output, { Value: attribute === undefined ? { Ref: name } : { 'Fn::GetAtt': [name, attribute] } });
    return { 'Fn::GetAtt': [stackId, `Outputs.${output}`] };
  }
}

/** A copy of root data in which every reference into a nested stack reads that stack's output. */
function rootReading(node: unknown, stackOf: (id: string) => StackWiring | undefined): Json {
  if (Array.isArray(node)) return node.map((item) => rootReading(item, stackOf));
  if (!isPlainObject(node)) return node as Json;
  const keys = Object.keys(node);
  if (keys.length === 1) {
    const [key] = keys;
    const arg = node[key];
    const stack = typeof arg === 'string' ? stackOf(arg) : Array.isArray(arg) && typeof arg[0] === 'string' ? stackOf(arg[0]) : undefined;
    if (key === 'Ref' && typeof arg === 'string' && stack !== undefined) return stack.outbound(arg, undefined, nestedStackId(stack.index));
    if (key === 'Fn::GetAtt' && Array.isArray(arg) && typeof arg[1] === 'string' && stack !== undefined) {
      return stack.outbound(arg[0] as string, arg[1], nestedStackId(stack.index));
    }
    if (key === 'Fn::Sub') {
      const [text, variables] = typeof arg === 'string' ? [arg, undefined] : Array.isArray(arg) ? [arg[0], arg[1]] : [undefined, undefined];
      if (typeof text === 'string') {
        const rewritten = text.replace(SUB_VARIABLE, (whole, inner: string) => {
          const name = inner.trim();
          const dot = name.startsWith('AWS::') ? -1 : name.indexOf('.');
          const target = dot < 0 ? name : name.slice(0, dot);
          const owner = name.startsWith('!') ? undefined : stackOf(target);
          if (owner === undefined) return whole;
          const read = owner.outbound(target, dot < 0 ? undefined : name.slice(dot + 1), nestedStackId(owner.index)) as { 'Fn::GetAtt': [string, string] };
          return `\${${read['Fn::GetAtt'].join('.')}}`;
        });
        return { 'Fn::Sub': variables === undefined ? rewritten : [rewritten, rootReading(variables, stackOf)] };
      }
    }
  }
  const copy: Record<string, Json> = {};
  for (const k of Object.keys(node)) setOwn(copy, k, rootReading(node[k], stackOf));
  return copy;
}

/**
 * A resource with its data rewritten by `rewrite` and its DependsOn replaced (dropped when empty), its keys in their
 * original order so that the text reads as it did in one template.
 */
function rebuilt(resource: Resource, rewrite: (data: unknown) => Json, dependsOn: readonly string[] | undefined): Resource {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) {
    if (key === 'DependsOn') {
      if (dependsOn !== undefined && dependsOn.length > 0) out.DependsOn = [...dependsOn];
    } else {
      out[key] = key === 'Type' ? value : rewrite(value);
    }
  }
  return out as unknown as Resource;
}

const sortedObject = <T>(entries: Iterable<[string, T]>): Record<string, T> =>
  Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * Names a stack would use twice: a parameter that is also one of its resources (both are what `Ref` names; outputs
 * have names of their own).
 */
function nameClashes(wiring: StackWiring): BuildError[] {
  const errors: BuildError[] = [];
  for (const name of wiring.parameters.keys()) {
    if (Object.hasOwn(wiring.resources, name)) {
      errors.push({ path: pathTo('Resources', name), message: `route stack ${wiring.index} would take a parameter named like its own resource ${name}; rename the spec parameter or resource it comes from` });
    }
  }
  return errors;
}

/** The root and route stacks of a template, every reference between them wired through parameters and outputs. */
export function splitTemplate(template: Template, options: SplitOptions): Either<BuildError[], SplitTemplates> {
  const homes = placeResources(template, options.count);
  const errors: BuildError[] = [];
  for (let index = 1; index <= options.count; index++) {
    const id = nestedStackId(index);
    if (Object.hasOwn(template.Parameters ?? {}, id) || Object.hasOwn(template.Resources, id)) {
      errors.push({ path: pathTo('parameters', id), message: `is the logical ID of a nested stack (route stacks are RouteStack1 to RouteStack${options.count}); rename the parameter` });
    }
  }
  const wirings = new Map<number, StackWiring>();
  const rootResources: Record<string, Resource> = {};
  for (const [id, resource] of Object.entries(template.Resources)) {
    const home = homes.get(id)!;
    if (home === 'root') {
      rootResources[id] = resource;
      continue;
    }
    const wiring = wirings.get(home) ?? new StackWiring(home + 1, {}, template, homes);
    wiring.resources[id] = resource;
    wirings.set(home, wiring);
  }
  const stacks = [...wirings.values()].sort((a, b) => a.index - b.index);

  // Nested resources, their references localized; root dependencies move up to the stack resource.
  for (const wiring of stacks) {
    for (const [id, resource] of Object.entries(wiring.resources)) {
      const dependsOn = (resource.DependsOn ?? []).filter((target) => {
        if (Object.hasOwn(wiring.resources, target)) return true;
        if (homes.get(target) !== 'root') throw new Error(`bug: ${id} in route stack ${wiring.index} depends on ${target} in another route stack`);
        wiring.rootDependencies.add(target);
        return false;
      });
      wiring.resources[id] = rebuilt(resource, (data) => wiring.localize(data), dependsOn);
    }
  }

  // Root resources and outputs read nested values through outputs, and depend on stacks, not on what they hold.
  const stackOf = (id: string): StackWiring | undefined => {
    const home = homes.get(id);
    return home === undefined || home === 'root' ? undefined : wirings.get(home);
  };
  const root: Record<string, Resource> = {};
  for (const [id, resource] of Object.entries(rootResources)) {
    const moved = resource.DependsOn?.some((target) => stackOf(target) !== undefined) ?? false;
    const dependsOn = moved
      ? [...new Set(resource.DependsOn!.map((target) => (stackOf(target) ? nestedStackId(stackOf(target)!.index) : target)))].sort()
      : resource.DependsOn;
    root[id] = rebuilt(resource, (data) => rootReading(data, stackOf), dependsOn);
  }
  const rootOutputs = template.Outputs === undefined ? undefined : (rootReading(template.Outputs, stackOf) as unknown as Record<string, Output>);

  const maxParallel = Math.max(1, options.maxParallel ?? DEFAULT_MAX_PARALLEL);
  const nested: NestedStack[] = [];
  stacks.forEach((wiring, k) => {
    errors.push(...nameClashes(wiring));
    const logicalId = nestedStackId(wiring.index);
    const file = nestedStackFile(wiring.index, options.format);
    const relative = options.templateUrlPrefix === undefined;
    const chained = k >= maxParallel ? [nestedStackId(stacks[k - maxParallel].index)] : [];
    const dependsOn = [...[...wiring.rootDependencies].sort(), ...chained];
    const stack: StackResource = {
      Type: 'AWS::CloudFormation::Stack',
      ...(dependsOn.length > 0 && { DependsOn: dependsOn }),
      // A local path is what `aws cloudformation package` and `sam package` upload and rewrite; cfn-lint warns
      // that such a URL works only through them (W3002), which is the point.
      ...(relative && { Metadata: { 'cfn-lint': { config: { ignore_checks: ['W3002'] } } } }),
      Properties: {
        TemplateURL: relative ? file : `${options.templateUrlPrefix}${file}`,
        ...(wiring.parameters.size > 0 && { Parameters: sortedObject([...wiring.parameters].map(([name, p]) => [name, p.value])) as never }),
      },
    };
    root[logicalId] = stack;
    nested.push({
      index: wiring.index,
      logicalId,
      file,
      template: {
        AWSTemplateFormatVersion: '2010-09-09',
        Description: `Route stack ${wiring.index} of ${options.count}: routes and their Lambda permissions (built by apigw-cfn; the root template passes in what they refer to)`,
        ...(wiring.parameters.size > 0 && { Parameters: sortedObject([...wiring.parameters].map(([name, p]) => [name, p.parameter])) }),
        Resources: sortedObject(Object.entries(wiring.resources)),
        ...(wiring.outputs.size > 0 && { Outputs: sortedObject(wiring.outputs) }),
      },
    });
  });
  if (errors.length > 0) return left(errors);
  const cycle = dependencyCycle(root);
  if (cycle !== undefined) throw new Error(`bug: splitting made a dependency cycle in the root template: ${cycle.join(' -> ')}`);
  return right({
    root: {
      ...template,
      Resources: sortedObject(Object.entries(root)),
      ...(rootOutputs !== undefined && { Outputs: rootOutputs }),
    },
    nested,
  });
}

/** A cycle among the root's resources (references and DependsOn), which CloudFormation would refuse. */
function dependencyCycle(resources: Readonly<Record<string, Resource>>): string[] | undefined {
  const edges = new Map<string, string[]>();
  for (const [id, resource] of Object.entries(resources)) {
    const targets = [...collectReferences(resource.Properties).map((r) => r.target), ...(resource.DependsOn ?? [])];
    edges.set(id, targets.filter((t) => Object.hasOwn(resources, t)));
  }
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'open') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'open');
    path.push(id);
    for (const next of edges.get(id) ?? []) {
      const found = visit(next);
      if (found) return found;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of edges.keys()) {
    const found = visit(id);
    if (found) return found;
  }
  return undefined;
}
