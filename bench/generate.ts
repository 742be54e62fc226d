/**
 * Generated specs for the benchmark: an HTTP API with `routes` Lambda routes, written as YAML text with short-form
 * tags, the way a user would write it, so that parsing is part of what the benchmark measures.
 *
 * The shape, all from a seeded generator (the same `routes` always gives the same text):
 * - resources of eight routes each: `GET|POST /books`, `GET|PUT|PATCH|DELETE /books/{bookId}`,
 *   `GET /books/{bookId}/{proxy+}` and `ANY /books/{bookId}/files/{proxy+}`, one variable per level of the path
 *   as API Gateway requires (routes/routeTree.ts); every third resource is nested (`/stores/{storeId}/books`);
 * - one Lambda function per resource, drawn from about routes / 40 functions (6 to 200), so some functions serve
 *   fewer than 20 distinct paths (one permission each) and others more (collapsed into one API-wide permission);
 * - functions written as a literal ARN, an `!Sub` ARN or a `!Ref` to a parameter, in turn;
 * - per function, sometimes a timeout, sometimes payload format 1.0; one resource in twenty overrides the timeout
 *   (each such mix is a distinct integration; the 10,000-route spec stays under the 300 integrations of an API);
 * - a `$default` route, and an operationName on some routes.
 */

const NOUNS = [
  'books', 'authors', 'orders', 'customers', 'invoices', 'payments', 'shipments', 'reviews', 'carts', 'coupons',
  'warehouses', 'suppliers', 'categories', 'tags', 'users', 'sessions', 'reports', 'webhooks', 'files', 'events',
];

/** mulberry32: a small seeded generator, so the benchmark input never changes between runs or machines. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedSpec {
  /** The spec as YAML text. */
  readonly text: string;
  /** How many routes it declares (the `$default` route included). */
  readonly routes: number;
  /** How many distinct Lambda functions its routes invoke. */
  readonly functions: number;
}

/** The YAML text of a spec with exactly `routes` routes (at least 1). */
export function generateSpec(routes: number): GeneratedSpec {
  if (!Number.isInteger(routes) || routes < 1) throw new Error(`generateSpec: expected a whole number of routes >= 1, got ${routes}`);
  const random = seeded(0x5eed + routes);
  // About 40 routes per function, at most 200 functions: an HTTP API holds at most 300 integrations (not adjustable),
  // and each function's own settings plus the occasional per-resource override stay under that.
  const functionCount = Math.min(200, Math.max(6, Math.round(routes / 40)));
  const TIMEOUTS = ['500ms', '10s', '29.5s', '15000'];
  const settings = Array.from({ length: functionCount }, () => ({
    ...(random() < 0.3 && { timeout: TIMEOUTS[Math.floor(random() * TIMEOUTS.length)] }),
    ...(random() < 0.15 && { payload10: true }),
  }));
  const functionValue = (k: number): string => {
    switch (k % 3) {
      case 0:
        return `arn:aws:lambda:us-east-1:123456789012:function:service-${k}`;
      case 1:
        return '!Sub arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:service-' + k + '-${Stage}';
      default:
        return `!Ref Service${k}FunctionArn`;
    }
  };

  const used = new Set<number>();
  const lines: string[] = [];
  const route = (key: string, fn: number, options: { timeout?: string; payload10?: boolean; operationName?: string }) => {
    used.add(fn);
    lines.push(`  ${key}:`);
    if (options.operationName !== undefined) lines.push(`    operationName: ${options.operationName}`);
    lines.push('    integration:', '      type: lambda', `      function: ${functionValue(fn)}`);
    if (options.payload10) lines.push('      payloadFormatVersion: "1.0"');
    if (options.timeout !== undefined) lines.push(`      timeout: ${options.timeout}`);
  };

  route('$default', 0, {});
  let written = 1;
  for (let r = 0; written < routes; r++) {
    const noun = NOUNS[r % NOUNS.length];
    const generation = Math.floor(r / NOUNS.length);
    const name = generation === 0 ? noun : `${noun}${generation}`;
    const singular = noun.replace(/s$/, '').replace(/ie$/, 'y');
    const base = r % 3 === 2 ? `/stores/{storeId}/${name}` : `/${name}`;
    const id = `{${singular}Id}`;
    const fn = Math.floor(random() * functionCount);
    // One resource in twenty overrides its function's timeout: a distinct integration for the same function.
    const options = random() < 0.05 ? { ...settings[fn], timeout: TIMEOUTS[Math.floor(random() * TIMEOUTS.length)] } : settings[fn];
    const Name = name[0].toUpperCase() + name.slice(1);
    const operations: Array<[string, string]> = [
      [`GET ${base}`, `List${Name}`],
      [`POST ${base}`, `Create${Name}`],
      [`GET ${base}/${id}`, `Get${Name}`],
      [`PUT ${base}/${id}`, `Replace${Name}`],
      [`PATCH ${base}/${id}`, `Update${Name}`],
      [`DELETE ${base}/${id}`, `Delete${Name}`],
      [`GET ${base}/${id}/{proxy+}`, `Browse${Name}`],
      [`ANY ${base}/${id}/files/{proxy+}`, `Files${Name}`],
    ];
    for (const [key, operationName] of operations) {
      if (written >= routes) break;
      route(key, fn, { ...options, ...(random() < 0.25 && { operationName }) });
      written++;
    }
  }
  // Parameters only for the functions used, so no parameter is left unreferenced.
  const functions = [...used].sort((a, b) => a - b);
  const head = [`# Generated by bench/generate.ts: ${routes} routes.`, `description: Benchmark API with ${routes} Lambda routes`, 'parameters:'];
  if (functions.some((k) => k % 3 === 1)) head.push('  Stage:', '    type: String', '    allowedValues: [dev, prod]', '    default: dev');
  for (const k of functions.filter((k) => k % 3 === 2)) {
    head.push(`  Service${k}FunctionArn:`, '    type: String', `    description: ARN of service function ${k}`);
  }
  if (head[head.length - 1] === 'parameters:') head.pop();
  head.push('api:', '  name: bench', '  description: Generated for the benchmark', 'routes:');
  return { text: `${[...head, ...lines].join('\n')}\n`, routes: written, functions: functions.length };
}
