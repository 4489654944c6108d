import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RENDERER_DIST = path.join(PROJECT_DIR, 'dist', 'renderer');
/** Screenshots for people to look at; under test-results/, which is not committed. */
export const SCREENSHOT_DIR = path.join(PROJECT_DIR, 'test-results', 'screenshots');
