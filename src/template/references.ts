/**
 * Every reference a piece of template makes: `Ref`, `Fn::GetAtt`, the `${...}` variables of `Fn::Sub`, and
 * `DependsOn`. The combinator uses it to report dangling references (and, later, to split templates safely).
 */
import { BuildError, pathTo } from '../errors';
import { isPlainObject } from '../value';

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

/** The `${Name}` and `${Name.Attr}` variables of a Sub string, minus `${!Literal}` escapes and local variables. */
export function subVariables(text: string, local: ReadonlySet<string>): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
    const inner = m[1].trim();
    if (inner.startsWith('!') || inner === '') continue;
    const name = inner.split('.')[0];
    if (!local.has(inner) && !local.has(name)) names.push(inner.includes('.') && !inner.startsWith('AWS::') ? name : inner);
  }
  return names;
}

/** Every reference in a piece of template, in the order they are written. Iterative, for inputs of any depth. */
export function collectReferences(node: unknown, out: Reference[] = []): Reference[] {
  // Work: a node to visit, or a reference to record (kept in order with the nodes around it).
  type Work = { readonly visit: unknown } | { readonly found: Reference };
  const stack: Work[] = [{ visit: node }];
  while (stack.length > 0) {
    const work = stack.pop()!;
    if ('found' in work) {
      out.push(work.found);
      continue;
    }
    const x = work.visit;
    const next: Work[] = [];
    if (Array.isArray(x)) {
      for (const item of x) next.push({ visit: item });
    } else if (isPlainObject(x)) {
      for (const [key, value] of Object.entries(x)) {
        if (key === 'Ref' && typeof value === 'string') {
          next.push({ found: { target: value, via: `!Ref ${value}` } });
        } else if (key === 'Fn::GetAtt' && Array.isArray(value) && typeof value[0] === 'string') {
          next.push({ found: { target: value[0], via: `!GetAtt ${value.join('.')}` } }, { visit: value.slice(1) });
        } else if (key === 'Fn::Sub') {
          const [text, vars] = typeof value === 'string' ? [value, {}] : Array.isArray(value) ? [value[0], value[1]] : ['', {}];
          const local = new Set(isPlainObject(vars) ? Object.keys(vars) : []);
          if (typeof text === 'string') for (const name of subVariables(text, local)) next.push({ found: { target: name, via: `\${${name}} in !Sub` } });
          next.push({ visit: vars });
        } else {
          next.push({ visit: value });
        }
      }
    }
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]);
  }
  return out;
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
