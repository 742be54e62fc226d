/**
 * Every reference a piece of template makes: `Ref`, `Fn::GetAtt`, the `${...}` variables of `Fn::Sub`, and
 * `DependsOn`. The combinator uses it to report dangling references (and, later, to split templates safely); the
 * build checks the references a spec writes first, so that an error names the place in the spec, not the resource
 * generated from it.
 */
import { intrinsicName, isPlainObject } from '../value';
import { BuildError, pathTo } from '../errors';
import { closest } from '../spec/codec';

/** Parameters CloudFormation provides in every stack. */
export const PSEUDO_PARAMETERS: ReadonlySet<string> = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

export interface Reference {
  /** The logical ID or parameter name referred to. */
  readonly target: string;
  /** How it is written, for messages: `!Ref X`, `!GetAtt X.Arn`, `${X}` in !Sub. */
  readonly via: string;
}

/**
 * The `${Name}` and `${Name.Attr}` variables of a Sub string, minus `${!Literal}` escapes and local variables: the
 * name each refers to, and the variable as written.
 */
export function subVariables(text: string, local: ReadonlySet<string>): Array<{ readonly name: string; readonly written: string }> {
  const variables: Array<{ name: string; written: string }> = [];
  for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
    const inner = m[1].trim();
    if (inner.startsWith('!') || inner === '') continue;
    const name = inner.split('.')[0];
    if (!local.has(inner) && !local.has(name)) variables.push({ name: inner.includes('.') && !inner.startsWith('AWS::') ? name : inner, written: m[0] });
  }
  return variables;
}

/** Every reference in a piece of template, in the order they are written. Iterative, for inputs of any depth. */
export function collectReferences(node: unknown, out: Reference[] = []): Reference[] {
  // Nodes to visit and references to record, pushed last-first so that they pop in the order they are written. This
  // runs over whole templates several times a build (checks, cycles, placement, split): no allocation per node.
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const x = stack.pop();
    if (x instanceof Found) {
      out.push(x.reference);
    } else if (Array.isArray(x)) {
      for (let i = x.length - 1; i >= 0; i--) stack.push(x[i]);
    } else if (isPlainObject(x)) {
      const keys = Object.keys(x);
      for (let k = keys.length - 1; k >= 0; k--) {
        const key = keys[k];
        const value = x[key];
        if (key === 'Ref' && typeof value === 'string') {
          stack.push(new Found({ target: value, via: `!Ref ${value}` }));
        } else if (key === 'Fn::GetAtt' && Array.isArray(value) && typeof value[0] === 'string') {
          stack.push(value.slice(1), new Found({ target: value[0], via: `!GetAtt ${value.join('.')}` }));
        } else if (key === 'Fn::Sub') {
          const [text, vars] = typeof value === 'string' ? [value, {}] : Array.isArray(value) ? [value[0], value[1]] : ['', {}];
          stack.push(vars);
          if (typeof text === 'string') {
            const found = subVariables(text, new Set(isPlainObject(vars) ? Object.keys(vars) : []));
            for (let i = found.length - 1; i >= 0; i--) stack.push(new Found({ target: found[i].name, via: `${found[i].written} in !Sub` }));
          }
        } else {
          stack.push(value);
        }
      }
    }
  }
  return out;
}

/** A reference on collectReferences' stack, told apart from the template's own values. */
class Found {
  constructor(readonly reference: Reference) {}
}

/**
 * Parameters that nothing in the template refers to: an error at the spec's `parameters.NAME`. cfn-lint warns
 * about them (W2001), and a spec's parameters exist to be referred to (often it is a typo on one side).
 */
export function unusedParameters(template: { Parameters?: object; Resources: object; Outputs?: object }): BuildError[] {
  if (template.Parameters === undefined) return [];
  const used = new Set(collectReferences([template.Resources, template.Outputs ?? {}]).map((r) => r.target));
  return Object.keys(template.Parameters)
    .filter((name) => !used.has(name))
    .map((name) => ({
      path: pathTo('parameters', name),
      message: `is declared, but nothing the spec builds refers to it (cfn-lint warns, W2001): refer to it (!Ref ${name}), or remove it`,
    }));
}

/** A reference a spec writes, at the place it is written (`routes["GET /x"].integration.function`). */
export interface SpecReference {
  readonly path: string;
  readonly reference: Reference;
}

/** Every reference in a spec (any intrinsic it holds, at any depth), each with the path of the Value holding it. */
export function specReferences(node: unknown, path = '', out: SpecReference[] = []): SpecReference[] {
  if (intrinsicName(node) !== undefined) {
    for (const reference of collectReferences(node)) out.push({ path, reference });
  } else if (Array.isArray(node)) {
    node.forEach((item, i) => specReferences(item, pathTo(path, i), out));
  } else if (isPlainObject(node)) {
    for (const [key, value] of Object.entries(node)) specReferences(value, pathTo(path, key), out);
  }
  return out;
}

/** Names API Gateway gives its own variables: inside `!Sub`, CloudFormation would read `${stageVariables.x}` as a reference. */
const API_GATEWAY_VARIABLES: ReadonlySet<string> = new Set(['stageVariables', 'request', 'context', 'method', 'response']);

/**
 * The references of a spec checked where the user wrote them: each must name a parameter of the spec, a pseudo
 * parameter, a resource the spec builds, or (when merging) a resource or parameter of the host template. Returns an
 * error per place, naming what was written, and the names found missing (so the template's own check, which sees
 * the same names in generated resources, does not report them again).
 */
export function checkSpecReferences(
  spec: unknown,
  defined: { readonly spec: ReadonlySet<string>; readonly host?: ReadonlySet<string> },
): { errors: BuildError[]; missing: ReadonlySet<string> } {
  const known = (name: string) => defined.spec.has(name) || PSEUDO_PARAMETERS.has(name) || (defined.host?.has(name) ?? false);
  const candidates = [...defined.spec, ...PSEUDO_PARAMETERS, ...(defined.host ?? [])];
  const what =
    'a parameter of the spec, a pseudo parameter (AWS::Region, ...)' +
    (defined.host === undefined ? ' or a resource the spec builds' : ', a resource the spec builds, or a resource or parameter of the host template');
  const errors: BuildError[] = [];
  const missing = new Set<string>();
  for (const { path, reference } of specReferences(spec)) {
    if (known(reference.target)) continue;
    missing.add(reference.target);
    const guess = closest(reference.target, candidates);
    const hint = API_GATEWAY_VARIABLES.has(reference.target)
      ? ` (API Gateway's own variables are written \${!${reference.target}.NAME} inside !Sub)`
      : guess !== undefined
        ? ` (did you mean ${guess}?)`
        : '';
    errors.push({ path, message: `${reference.via} refers to ${reference.target}, which is not ${what}${hint}` });
  }
  return { errors, missing };
}
