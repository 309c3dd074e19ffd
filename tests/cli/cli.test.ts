import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one of the project's entry points the way npm scripts do (node + tsx). */
function run(script: string, args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', script, ...args],
      { env: { ...process.env, DISCORD_TOKEN: '', LOG_LEVEL: 'silent', ...options.env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(options.input ?? '');
  });
}

let badDir: string;
beforeAll(async () => {
  badDir = await mkdtemp(path.join(tmpdir(), 'factdesk-bad-'));
  await cp('knowledge', badDir, { recursive: true });
  await writeFile(path.join(badDir, 'broken.md'), '---\nid: broken\npublished: yesterday\n---\n\nText.\n');
});
afterAll(async () => {
  await rm(badDir, { recursive: true, force: true });
});

describe('ask command', () => {
  it('prints the contract JSON with --json', async () => {
    const { code, stdout } = await run('src/cli/ask.ts', ['--json', 'Why did Albania cut diplomatic ties with Iran?']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(['question', 'abstained', 'answers']);
    expect(out.question).toBe('Why did Albania cut diplomatic ties with Iran?');
    expect(out.abstained).toBe(false);
    expect(out.answers.length).toBeGreaterThan(0);
    expect(out.answers.length).toBeLessThanOrEqual(5);
    for (const a of out.answers) {
      expect(typeof a.id).toBe('string');
      expect(typeof a.text).toBe('string');
      expect(typeof a.score).toBe('number');
      expect(Number.isInteger(a.paragraph)).toBe(true);
      expect(Number.isInteger(a.sentence)).toBe(true);
      expect(a.source).toMatchObject({ id: 'iran-embassy-tirana', title: expect.any(String) });
    }
  });

  it('prints text with the citation', async () => {
    const { code, stdout } = await run('src/cli/ask.ts', ['When did the cyberattack happen?']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/— Diplomats leave Iranian Embassy in Albania after expulsion · Sept\. 8, 2022 · ¶ \d+/);
  });

  it('refuses an empty question with a clear message', async () => {
    const { code, stderr } = await run('src/cli/ask.ts', ['   ']);
    expect(code).toBe(2);
    expect(stderr).toContain('Please ask a question');
  });

  it('never crashes on absurd questions', async () => {
    for (const q of ['x'.repeat(6000), '🔥💥 <@123456789012345678> @everyone', '.*+?^${}()|[]\\']) {
      const { code, stdout } = await run('src/cli/ask.ts', ['--json', q]);
      expect(code).toBe(0);
      const out = JSON.parse(stdout);
      expect(out.question.length).toBeLessThanOrEqual(500);
    }
  });

  it('exits non-zero naming the file and field of a malformed knowledge file', async () => {
    const { code, stderr, stdout } = await run('src/cli/ask.ts', ['anything'], { env: { KNOWLEDGE_DIR: badDir } });
    expect(code).toBe(1);
    expect(stderr).toContain('broken.md');
    expect(stderr).toContain('field "title"');
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(stdout).toBe('');
  });

  it('names a bad environment variable', async () => {
    const { code, stderr } = await run('src/cli/ask.ts', ['hi'], { env: { LOG_LEVEL: 'loud' } });
    expect(code).toBe(1);
    expect(stderr).toContain('LOG_LEVEL');
  });
});

describe('ask command, one article', () => {
  it('answers from the article named with --source, and only from it', async () => {
    const { code, stdout } = await run('src/cli/ask.ts', ['--json', '--source', 'storm-leona', 'how many homes lost power'], { env: { KNOWLEDGE_DIR: 'tests/fixtures/articles' } });
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.abstained).toBe(false);
    for (const a of out.answers) expect(a.source.id).toBe('storm-leona');
  });

  it('names the article ids it knows when --source names none of them', async () => {
    const { code, stderr } = await run('src/cli/ask.ts', ['--source', 'nope', 'what happened']);
    expect(code).toBe(2);
    expect(stderr).toContain('There is no article "nope"');
    expect(stderr).toContain('iran-embassy-tirana');
  });
});

describe('eval command', () => {
  it('measures per-article questions over the full ranking of each article, and answer triggering', async () => {
    const file = path.join(badDir, 'per-article.jsonl');
    await writeFile(
      file,
      [
        { id: 'p1', question: 'how many homes lost power', expect: ['cutting power to more than 200,000 homes'], source: 'storm-leona' },
        { id: 'p2', question: 'who won the mayoral election', expect: ['Ines Carvalho won the Westmere mayoral election'], source: 'election-westmere' },
        { id: 'p3', question: 'who won the mayoral election', expect: [], source: 'heater-recall' },
      ]
        .map((q) => JSON.stringify(q))
        .join('\n'),
    );
    const { code, stdout } = await run('src/cli/eval.ts', [file], { env: { KNOWLEDGE_DIR: 'tests/fixtures/articles' } });
    expect(code).toBe(0);
    for (const label of ['per-article MAP', 'per-article MRR', 'per-article P@1', 'triggering P/R/F1', '"strong match"', '"good match"', '"partial match"']) {
      expect(stdout).toContain(label);
    }
    expect(stdout).toMatch(/per-article MAP\s+\d\.\d{3} \(2 questions, full ranking\)/);
  });

  it('refuses a question about an article that is not in the knowledge folder', async () => {
    const file = path.join(badDir, 'unknown-source.jsonl');
    await writeFile(file, '{"id":"u1","question":"q","expect":[],"source":"nowhere"}\n');
    const { code, stderr } = await run('src/cli/eval.ts', [file]);
    expect(code).toBe(2);
    expect(stderr).toContain('"nowhere"');
  });

  it('prints the metrics table', async () => {
    const { code, stdout } = await run('src/cli/eval.ts', ['tests/fixtures/questions.dev.jsonl']);
    expect(code).toBe(0);
    for (const label of ['top-1', 'hit@3', 'MRR@3', 'off-topic abstained', 'false abstains']) expect(stdout).toContain(label);
  });

  it('prints the contract JSON with --json', async () => {
    const { code, stdout } = await run('src/cli/eval.ts', ['tests/fixtures/questions.dev.jsonl', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.metrics).toMatchObject({ top1: expect.any(Number), hitAt3: expect.any(Number), mrrAt3: expect.any(Number) });
    expect(out.results).toHaveLength(40);
    for (const r of out.results) {
      expect(Object.keys(r)).toEqual(['id', 'question', 'abstained', 'answers']);
      expect(r.answers.length).toBeLessThanOrEqual(5);
    }
  });

  it('names the line of a malformed question file', async () => {
    const file = path.join(badDir, 'q.jsonl');
    await writeFile(file, '{"id":"a","question":"q","expect":[]}\n{"id":"b","question":3,"expect":[]}\n');
    const { code, stderr } = await run('src/cli/eval.ts', [file]);
    expect(code).toBe(2);
    expect(stderr).toContain('q.jsonl:2');
    expect(stderr).toContain('question');
  });
});

describe('npm start without a token', () => {
  it('says it runs locally and answers piped questions line by line', async () => {
    const { code, stdout } = await run('src/main.ts', [], {
      input: 'Why did Albania cut diplomatic ties with Iran?\n/sources\n/timeline\nWhat is the capital of France?\n',
    });
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/running locally .*DISCORD_TOKEN/);
    expect(stdout).toMatch(/— Diplomats leave Iranian Embassy in Albania after expulsion · Sept\. 8, 2022 · ¶ \d+/);
    expect(stdout).toContain('1 article:');
    // The timeline resolves "On July 15" against the article's date.
    expect(stdout).toMatch(/July 15, 2022 {2}\(July 15\)\n {3}On July 15, a cyberattack/);
    expect(stdout).toContain("The sources don't cover that.");
  });

  it('exits non-zero on a malformed knowledge file', async () => {
    const { code, stderr } = await run('src/main.ts', [], { env: { KNOWLEDGE_DIR: badDir }, input: 'hi\n' });
    expect(code).toBe(1);
    expect(stderr).toContain('broken.md');
  });
});
