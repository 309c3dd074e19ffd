import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm run add` the way the npm script does (node + tsx). */
function add(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/add.ts', ...args],
      { env: { ...process.env, DISCORD_TOKEN: '', LOG_LEVEL: 'silent', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const PAGE = 'tests/fixtures/pages/jsonld-newsarticle.html';
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'factdesk-add-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run add', () => {
  it('prints the contract JSON with --json: file, id, title, publisher, author, published, url, paragraphs, sentences', async () => {
    const { code, stdout } = await add([PAGE, '--json'], { KNOWLEDGE_DIR: dir });
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(['file', 'id', 'title', 'publisher', 'author', 'published', 'url', 'paragraphs', 'sentences']);
    expect(out).toMatchObject({ file: path.join(dir, `${out.id}.md`), title: 'Harbour tunnel opens after six years of delays', paragraphs: 9, sentences: 14 });
  });

  it('refuses the same article again with a message and exit 1, and writes nothing', async () => {
    const { code, stdout, stderr } = await add([PAGE, '--url', 'https://www.harbordaily.example/news/2024/03/14/harbour-tunnel-opens'], { KNOWLEDGE_DIR: dir });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('Not imported: this article is already imported');
    expect(stderr).not.toContain('    at ');
    expect(await readdir(dir)).toHaveLength(1);
  });

  it('prints the file and a summary without --json, and takes --id', async () => {
    const { code, stdout } = await add(['tests/fixtures/pages/amp.html', '--id', 'rental-ruling'], { KNOWLEDGE_DIR: dir });
    expect(code).toBe(0);
    expect(stdout).toContain(`Added ${path.join(dir, 'rental-ruling.md')}`);
    expect(stdout).toContain('publisher: Metro Tribune');
    expect(stdout).toContain('published: 2023-05-12');
    expect(stdout).toMatch(/5 paragraphs, \d+ sentences/);
  });

  it('refuses a loopback address from the command line (no way to allow it there)', async () => {
    const { code, stderr } = await add(['http://127.0.0.1:9/story'], { KNOWLEDGE_DIR: dir });
    expect(code).toBe(1);
    expect(stderr).toContain('127.0.0.1 is a loopback (this machine) address');
  });

  it('says how to call it on a bad invocation (exit 2)', async () => {
    const none = await add([], { KNOWLEDGE_DIR: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: npm run add -- <url | file.html | file.txt>');
    const unknown = await add([PAGE, '--allow-private'], { KNOWLEDGE_DIR: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown option --allow-private');
  });
});

describe('files the loader does not read', () => {
  it('are named on standard error by npm run ask, with npm run add suggested for a .txt, and the question is still answered', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'factdesk-skipped-'));
    try {
      const { cp, writeFile } = await import('node:fs/promises');
      await cp('knowledge', folder, { recursive: true });
      await writeFile(path.join(folder, 'story.txt'), 'A story pasted as text.');
      const child = await new Promise<Run>((resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', 'src/cli/ask.ts', 'Why did Albania cut diplomatic ties with Iran?'],
          { env: { ...process.env, DISCORD_TOKEN: '', LOG_LEVEL: '', KNOWLEDGE_DIR: folder, DATA_DIR: path.join(folder, '.data') }, timeout: 60_000 },
          (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }),
        );
      });
      expect(child.code).toBe(0);
      expect(child.stderr).toContain('story.txt is not read');
      expect(child.stderr).toContain('npm run add');
      expect(child.stdout).toContain('Albania cut diplomatic relations with Iran');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
