import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root, from src/server/shared (tests, tsx) and from dist/server/shared (built) alike. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const DENPASAR_DATA_DIR = path.join(PROJECT_ROOT, 'data', 'denpasar');
