import * as path from 'node:path';

/** The repository root (tests run from dist/test/). */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(ROOT, 'fixtures');
export const updateGolden = process.env.UPDATE_GOLDEN === '1';
