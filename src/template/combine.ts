/**
 * The combinator: the only place where fragments meet.
 * - Equal definitions of one logical ID merge into one; different ones are an error naming both sources.
 * - Every reference must point at a resource, a parameter or a pseudo parameter (or at an ID that the caller says
 *   the host template provides).
 * - CloudFormation's counting limits are checked, with the counts.
 * Resources and outputs come out sorted by logical ID, so the order of fragments never changes the text.
 */
import { Either, left, right } from 'fp-ts/Either';
import { BuildError, Warning, pathTo } from '../errors';
import { canonicalJson } from '../value';
import { Built, Fragment, Output, Parameter, Resource, Rule, Template } from './types';
import { PSEUDO_PARAMETERS, collectReferences } from './references';
import { closest } from '../spec/codec';
import { dependencyCycles } from './cycles';

/** CloudFormation's limits on one template: resources, parameters and outputs, and the size of its body. */
export const TEMPLATE_LIMITS = {
  resources: 500,
  parameters: 200,
  outputs: 200,
  /** Bytes of template body CloudFormation accepts from S3; inline (`--template-body`) takes 51,200. */
  bodyBytes: 1_048_576,
  inlineBodyBytes: 51_200,
} as const;

/** How `mergeFragments` treats what the fragments do not define: the template description, and references outside. */
export interface CombineOptions {
  readonly description?: string;
  /** Logical IDs that exist outside the fragments (a host template's resources); references to them are fine. */
  readonly externalIds?: ReadonlySet<string>;
  /**
   * `strict` (default): a reference to anything unknown is an error. `collect`: it is taken as something a host
   * template will provide, and listed in `Built.expected` (for fragments).
   */
  readonly unknownReferences?: 'strict' | 'collect';
  /**
   * Whether to refuse more resources, parameters or outputs than one template holds (default true). A spec build
   * turns it off and decides itself: past a limit, the template is split into nested stacks (src/split/).
   */
  readonly checkCounts?: boolean;
  /** Names already reported as missing where the spec wrote them (`checkSpecReferences`): not reported again. */
  readonly reportedReferences?: ReadonlySet<string>;
}

type Section = 'Parameters' | 'Rules' | 'Resources' | 'Outputs';
type CountedSection = 'Parameters' | 'Resources' | 'Outputs';

function mergeSection<T>(
  section: Section,
  fragments: readonly Fragment[],
  pick: (f: Fragment) => Readonly<Record<string, T>> | undefined,
  errors: BuildError[],
): { entries: Map<string, T>; sources: Map<string, string> } {
  // Maps, not objects: an ID such as "toString" must not meet Object.prototype.
  const entries = new Map<string, T>();
  const sources = new Map<string, string>();
  // The canonical text of a first definition, worked out once however often its ID comes again.
  const canonical = new Map<string, string>();
  for (const fragment of fragments) {
    for (const [id, value] of Object.entries(pick(fragment) ?? {})) {
      const earlier = entries.get(id);
      if (earlier === undefined) {
        entries.set(id, value);
        sources.set(id, fragment.source);
        // Compared only when an ID comes again (shared roles, links, integrations): most IDs come once.
      } else if (earlier !== value && (canonical.get(id) ?? canonical.set(id, canonicalJson(earlier)).get(id)) !== canonicalJson(value)) {
        errors.push({
          path: pathTo(section, id),
          message: `defined differently by ${sources.get(id)} and by ${fragment.source}`,
        });
      }
    }
  }
  return { entries, sources };
}

/** The entries as an object, sorted by key or in insertion order. */
function toObject<T>(entries: Map<string, T>, sort: boolean): Record<string, T> {
  const out: Record<string, T> = {};
  for (const id of sort ? [...entries.keys()].sort() : entries.keys()) out[id] = entries.get(id)!;
  return out;
}

/**
 * Fragments to one template, or every error found: equal definitions of an ID merge, different ones are an error
 * naming both sources; references must resolve; CloudFormation's counting limits hold. Resources and outputs come
 * out sorted by logical ID.
 */
export function mergeFragments(fragments: readonly Fragment[], options: CombineOptions = {}): Either<BuildError[], Built> {
  const errors: BuildError[] = [];
  const parameters = mergeSection<Parameter>('Parameters', fragments, (f) => f.parameters, errors);
  const resources = mergeSection<Resource>('Resources', fragments, (f) => f.resources, errors);
  const outputs = mergeSection<Output>('Outputs', fragments, (f) => f.outputs, errors);
  // Rules: equal ones merge (every fragment that pins the Region asks for the same rule), different ones conflict.
  const rules = mergeSection<Rule>('Rules', fragments, (f) => f.rules, errors);

  for (const id of parameters.entries.keys()) {
    // Named where the user wrote it (the fragment's source, `parameters` for a spec), with the resource it meets.
    if (resources.entries.has(id)) {
      errors.push({
        path: pathTo(parameters.sources.get(id) ?? 'Parameters', id),
        message: `is also the logical ID of the ${resources.entries.get(id)!.Type} built for ${resources.sources.get(id)}; rename the parameter`,
      });
    }
  }

  const reported = new Set<string>();
  const expected = new Set<string>();
  const defined = () => [...resources.entries.keys(), ...parameters.entries.keys()];
  const known = (name: string) =>
    resources.entries.has(name) || parameters.entries.has(name) || PSEUDO_PARAMETERS.has(name) || (options.externalIds?.has(name) ?? false);
  const checkReferences = (section: Section, entries: Map<string, unknown>, sources: Map<string, string>) => {
    for (const [id, entry] of entries) {
      const refs = collectReferences(entry);
      const dependsOn = (entry as { DependsOn?: string[] }).DependsOn ?? [];
      for (const target of dependsOn) refs.push({ target, via: `DependsOn ${target}` });
      for (const r of refs) {
        if (known(r.target)) continue;
        if (options.unknownReferences === 'collect') {
          expected.add(r.target);
          continue;
        }
        // One mistake in a spec shows up in several resources (an integration and its permission), and in several
        // forms (`!Ref X` in a permission, `${X}` in a WebSocket integration's URI): report each missing name once,
        // where it first appears (a route, before the permissions fragment, which names no place in the spec).
        if (reported.has(r.target) || options.reportedReferences?.has(r.target)) continue;
        reported.add(r.target);
        const guess = closest(r.target, defined());
        errors.push({
          path: `${sources.get(id)} (${pathTo(section, id)})`,
          message: `${r.via} refers to ${r.target}, which is neither a resource, a parameter nor a pseudo parameter of the template${guess ? ` (did you mean ${guess}?)` : ''}`,
        });
      }
    }
  };
  checkReferences('Resources', resources.entries, resources.sources);
  checkReferences('Outputs', outputs.entries, outputs.sources);
  checkReferences('Rules', rules.entries, rules.sources);
  errors.push(...dependencyCycles(resources.entries, resources.sources));

  if (options.checkCounts !== false) {
    errors.push(
      ...countProblems({ Parameters: parameters.entries.size, Resources: resources.entries.size, Outputs: outputs.entries.size }),
    );
  }

  if (errors.length > 0) return left(errors);
  const template: Template = {
    AWSTemplateFormatVersion: '2010-09-09',
    ...(options.description !== undefined && { Description: options.description }),
    ...(parameters.entries.size > 0 && { Parameters: toObject(parameters.entries, false) }),
    ...(rules.entries.size > 0 && { Rules: toObject(rules.entries, true) }),
    Resources: toObject(resources.entries, true),
    ...(outputs.entries.size > 0 && { Outputs: toObject(outputs.entries, true) }),
  };
  // A shared integration built for several routes raises its warnings once.
  const warnings: Warning[] = [...new Map(fragments.flatMap((f) => f.warnings ?? []).map((w) => [`${w.path}\u0000${w.message}`, w])).values()];
  const notices = fragments.flatMap((f) => f.notices ?? []);
  return right({ template, warnings, notices, ...(expected.size > 0 && { expected: [...expected].sort() }) });
}

/** Checks the size of the emitted body: an error past 1 MB, a warning past what CloudFormation takes inline. */
export function checkBodySize(text: string): { error?: BuildError; warning?: Warning } {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > TEMPLATE_LIMITS.bodyBytes) {
    return { error: { path: '', message: `the template is ${bytes} bytes; CloudFormation accepts at most ${TEMPLATE_LIMITS.bodyBytes} (1 MB, from S3)` } };
  }
  if (bytes > TEMPLATE_LIMITS.inlineBodyBytes) {
    return {
      warning: {
        path: '',
        message: `the template is ${bytes} bytes, more than the ${TEMPLATE_LIMITS.inlineBodyBytes} CloudFormation takes inline: deploy it from S3 (aws cloudformation deploy --s3-bucket, or sam deploy)`,
      },
    };
  }
  return {};
}

/** CloudFormation's counting limits, checked on the number of entries per section. */
export function countProblems(counts: Readonly<Record<CountedSection, number>>): BuildError[] {
  const limits: Array<[CountedSection, string, number]> = [
    ['Resources', 'resources', TEMPLATE_LIMITS.resources],
    ['Parameters', 'parameters', TEMPLATE_LIMITS.parameters],
    ['Outputs', 'outputs', TEMPLATE_LIMITS.outputs],
  ];
  return limits
    .filter(([section, , limit]) => counts[section] > limit)
    .map(([section, what, limit]) => ({ path: '', message: `the template has ${counts[section]} ${what}; CloudFormation allows at most ${limit}` }));
}
