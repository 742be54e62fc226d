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

/**
 * Calls `visit` for every reference in a spec (any intrinsic it holds, at any depth), with the keys from the spec's
 * root to the Value holding it. The keys are one stack that the walk pushes and pops: the check makes a path of
 * them only for a reference it reports, since this walk goes over every value of the spec once a build.
 */
function forEachSpecReference(node: unknown, visit: (reference: Reference, keys: ReadonlyArray<string | number>) => void): void {
  const keys: Array<string | number> = [];
  const walk = (x: unknown): void => {
    if (intrinsicName(x) !== undefined) {
      for (const reference of collectReferences(x)) visit(reference, keys);
    } else if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) {
        keys.push(i);
        walk(x[i]);
        keys.pop();
      }
    } else if (isPlainObject(x)) {
      for (const key of Object.keys(x)) {
        keys.push(key);
        walk(x[key]);
        keys.pop();
      }
    }
  };
  walk(node);
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
  forEachSpecReference(spec, (reference, keys) => {
    if (known(reference.target)) return;
    const path = keys.reduce<string>(pathTo, '');
    missing.add(reference.target);
    const guess = closest(reference.target, candidates);
    const hint = API_GATEWAY_VARIABLES.has(reference.target)
      ? ` (API Gateway's own variables are written \${!${reference.target}.NAME} inside !Sub)`
      : guess !== undefined
        ? ` (did you mean ${guess}?)`
        : '';
    errors.push({ path, message: `${reference.via} refers to ${reference.target}, which is not ${what}${hint}` });
  });
  return { errors, missing };
}
