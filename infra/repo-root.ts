import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The checkout's root: the nearest directory above this file that holds package.json. The code runs from its sources
 * (tsx) and from a compiled build (`npm run build`, dist/ or a test's build directory inside the checkout); either way
 * the migrations, the seed plan and .tools are found where the repository keeps them, not next to the compiled file.
 */
function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) {
      throw new Error(`ไม่พบ package.json เหนือ ${from} / no package.json above ${from}: the code must run inside its checkout`);
    }
  }
}

export const REPO_ROOT = findRepoRoot(__dirname);
