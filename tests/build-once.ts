/**
 * Vitest global setup: compiles src/ to dist/ (`npm run build`) when dist/ is missing or
 * older than a source file, so the tests of the compiled entry points (`npm run bot`, the
 * systemd unit's `node dist/bot.js`) run what the sources say.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function newest(dir: string, ext: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(ext)) continue;
    latest = Math.max(latest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

export default function setup(): void {
  const entry = path.join(ROOT, 'dist', 'bot.js');
  const sources = Math.max(newest(path.join(ROOT, 'src'), '.ts'), statSync(path.join(ROOT, 'tsconfig.build.json')).mtimeMs);
  if (existsSync(entry) && newest(path.join(ROOT, 'dist'), '.js') >= sources) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'copy-indexing-sources.mjs')], { cwd: ROOT, stdio: 'inherit' });
}
