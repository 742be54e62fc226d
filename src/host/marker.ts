/**
 * What merge put into a host, kept in the host itself so that the next merge of the same spec can replace it.
 *
 * One entry in the template's Metadata (CloudFormation keeps Metadata as written and cfn-lint accepts any key there),
 * rather than a mark on each resource: merge also adds parameters and outputs, which take no Metadata, and routes
 * inside an OpenAPI body, which are not resources at all. Every place is a JSON Pointer:
 *
 * ```yaml
 * Metadata:
 *   apigw-cfn:
 *     merged:                      # by spec, named after its API: what that spec's last merge added
 *       books:
 *         - /Resources/IntegrationLambdaBooksFunction5023C73F
 *         - /Resources/BooksApi/Properties/DefinitionBody/paths/~1books~1{id}/get
 *     created:                     # mappings merge made to hold them; taken out again once they are empty
 *       - /Resources/BooksApi/Properties/DefinitionBody
 * ```
 */
import { BuildError, buildError } from '../errors';
import { describeValue, isPlainObject } from '../value';
import { Pointer, parsePointer, pointerText } from './edit';
import { HostTemplate } from './read';
import { referencedId } from './apis';

export const MARKER_KEY = 'apigw-cfn';
export const MARKER_POINTER: Pointer = ['Metadata', MARKER_KEY];

export interface Marker {
  /** Generation name -> the places that generation added (or shares with another). */
  readonly merged: ReadonlyMap<string, readonly Pointer[]>;
  readonly created: readonly Pointer[];
}

export const EMPTY_MARKER: Marker = { merged: new Map(), created: [] };

/** The name a spec's generation goes by: its new API's name, or `existing <API>` for routes on an existing API. */
export function generationName(api: { readonly name: unknown; readonly logicalName?: string } | { readonly existing: unknown }): string {
  // A new API by what names its logical IDs: renaming it (logicalName kept) replaces the same generation.
  if ('name' in api) return api.logicalName ?? (api.name as string);
  return `existing ${referencedId(api.existing) ?? describeValue(api.existing)}`;
}

function pointerList(value: unknown): Pointer[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const pointers = value.map((v) => (typeof v === 'string' ? parsePointer(v) : undefined));
  return pointers.every((p) => p !== undefined) ? (pointers as Pointer[]) : undefined;
}

/** The marker of a host, or an error when something other than merge wrote that Metadata entry. */
export function readMarker(host: HostTemplate, source: string): Marker | BuildError {
  const metadata = host.Metadata;
  const value = isPlainObject(metadata) ? metadata[MARKER_KEY] : undefined;
  if (value === undefined) return EMPTY_MARKER;
  const bad = buildError(
    '',
    `${source}: Metadata.${MARKER_KEY} records what apigw-cfn merged into the template, and it has been changed by hand (expected merged: {NAME: [JSON pointers]} and created: [JSON pointers]); restore it, or merge into the template as it was before any merge`,
  );
  if (!isPlainObject(value) || Object.keys(value).some((k) => k !== 'merged' && k !== 'created')) return bad;
  const merged = new Map<string, readonly Pointer[]>();
  if (value.merged !== undefined) {
    if (!isPlainObject(value.merged)) return bad;
    for (const [name, list] of Object.entries(value.merged)) {
      const pointers = pointerList(list);
      if (pointers === undefined) return bad;
      merged.set(name, pointers);
    }
  }
  const created = value.created === undefined ? [] : pointerList(value.created);
  if (created === undefined) return bad;
  return { merged, created };
}

/** The marker as template data (generations in name order, so the text does not depend on merge order). */
export function markerValue(marker: Marker): Record<string, unknown> {
  const merged: Record<string, string[]> = {};
  for (const name of [...marker.merged.keys()].sort()) merged[name] = marker.merged.get(name)!.map(pointerText);
  // Made mappings in text order (a mapping before what it holds), however many merges made them.
  const created = [...new Set(marker.created.map(pointerText))].sort();
  return { merged, ...(created.length > 0 && { created }) };
}
