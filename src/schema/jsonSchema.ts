/**
 * The JSON Schema of the spec, generated from the codecs (the one definition of what a user may write), for editors:
 * with `# yaml-language-server: $schema=...` at the top of a spec, an editor completes fields, shows what they are
 * for, and marks what the schema can see is wrong (an unknown field, a missing one, a value of the wrong kind).
 *
 * The schema says what JSON Schema can: shapes, field names, choices, patterns of names and keys. What only the
 * codecs can check (a literal ARN's form, a timeout's range, a name declared elsewhere in the spec) is left to
 * them; so every spec the codecs accept passes the schema, and `apigw-cfn build` has the last word.
 *
 * Codecs shared in many places (a Value) are written once under `definitions`; everything else inline.
 */
import { Codec, JsonSchema, SchemaOf, schemaInfo, withKeywords } from '../spec/codec';
import { Spec } from '../spec/spec';

/** Where the draft-07 meta-schema lives: editors (yaml-language-server) support draft-07 and older. */
export const JSON_SCHEMA_DRAFT = 'http://json-schema.org/draft-07/schema#';

/** The JSON Schema (draft-07) of a codec, with the definitions it uses. */
export function jsonSchemaOf(root: Codec<any, any>, header: JsonSchema = {}): JsonSchema {
  const definitions = new Map<string, JsonSchema>();
  const building = new Set<string>();

  const inline = (codec: Codec<any, any>): JsonSchema => {
    const own = typeof codec.schema === 'function' ? codec.schema(of) : codec.schema;
    const { doc } = schemaInfo(codec);
    return doc === undefined ? own : withKeywords(own, { description: doc });
  };

  const of: SchemaOf = (codec) => {
    const { definition } = schemaInfo(codec);
    if (definition === undefined) return inline(codec);
    if (!definitions.has(definition)) {
      if (building.has(definition)) throw new Error(`bug: the schema definition ${definition} refers to itself`);
      building.add(definition);
      definitions.set(definition, inline(codec));
      building.delete(definition);
    }
    return { $ref: `#/definitions/${definition}` };
  };

  const body = of(root);
  return {
    $schema: JSON_SCHEMA_DRAFT,
    ...header,
    ...body,
    ...(definitions.size > 0 && {
      definitions: Object.fromEntries([...definitions.keys()].sort().map((name) => [name, definitions.get(name)!])),
    }),
  };
}

/** The JSON Schema of a spec (either protocol), as `apigw-cfn schema` prints it. */
export function specJsonSchema(): JsonSchema {
  return jsonSchemaOf(Spec, {
    title: 'apigw-cfn spec',
    description:
      'An API Gateway v2 API (HTTP or WebSocket) for apigw-cfn to build into a CloudFormation template: api, routes, and optionally parameters, vpcLinks, authorizers and description.',
  });
}

/** The schema as text: two-space indented JSON with a final newline (what `schema/apigw-cfn.schema.json` holds). */
export function specJsonSchemaText(): string {
  return `${JSON.stringify(specJsonSchema(), null, 2)}\n`;
}
