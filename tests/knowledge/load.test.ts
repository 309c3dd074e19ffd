import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KnowledgeBaseError, loadKnowledgeBase, MAX_FILE_BYTES } from '../../src/knowledge/load.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'factdesk-kb-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const article = (front: string, body = 'Some text. More text.') => `---\n${front}\n---\n\n${body}\n`;

async function problemsOf(files: Record<string, string | Buffer>): Promise<string> {
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  const error = await loadKnowledgeBase(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KnowledgeBaseError);
  return (error as Error).message;
}

describe('knowledge loader', () => {
  it('loads the bundled seed article with its attribution', async () => {
    const kb = await loadKnowledgeBase('knowledge');
    const seed = kb.documents.find((d) => d.meta.id === 'iran-embassy-tirana')!;
    expect(seed.meta).toMatchObject({
      title: 'Diplomats leave Iranian Embassy in Albania after expulsion',
      published: '2022-09-08',
      photoCredit: 'Reuters Photo',
    });
    expect(seed.meta.publisher).toBeUndefined();
    const body = seed.sentences.filter((s) => s.kind === 'body');
    expect(new Set(body.map((s) => s.paragraph)).size).toBe(13);
    expect(seed.sentences.filter((s) => s.kind === 'headline')).toHaveLength(1);
    expect(seed.sentences.filter((s) => s.kind === 'caption')[0]!.text).toContain('(Reuters Photo)');
    expect(kb.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the file and the field when a required field is missing', async () => {
    const message = await problemsOf({ 'a.md': article('title: A title') });
    expect(message).toContain('a.md');
    expect(message).toContain('field "id"');
    expect(message).toContain('is required');
  });

  it('rejects a date that is not YYYY-MM-DD', async () => {
    const message = await problemsOf({ 'a.md': article('id: a\ntitle: T\npublished: 8 Sept 2022') });
    expect(message).toMatch(/a\.md: field "published": must be a date written YYYY-MM-DD/);
  });

  it('rejects impossible dates, quoted or not', async () => {
    for (const date of ['"2022-02-30"', '2022-02-30', '2022-13-45']) {
      const message = await problemsOf({ 'a.md': article(`id: a\ntitle: T\npublished: ${date}`) });
      expect(message, date).toContain('field "published"');
    }
  });

  it('rejects a url that is not http(s)', async () => {
    const message = await problemsOf({ 'a.md': article('id: a\ntitle: T\nurl: javascript:alert(1)') });
    expect(message).toContain('field "url": must be an http(s) URL');
  });

  it('rejects unknown front-matter fields so typos are caught', async () => {
    const message = await problemsOf({ 'a.md': article('id: a\ntitle: T\npublsher: X') });
    expect(message).toContain('field "publsher": unknown front-matter field');
  });

  it('rejects duplicate ids, naming both files', async () => {
    const message = await problemsOf({ 'a.md': article('id: same\ntitle: A'), 'b.md': article('id: same\ntitle: B') });
    expect(message).toContain('b.md: field "id": id "same" is already used by');
    expect(message).toContain('a.md');
  });

  it('rejects an empty body', async () => {
    const message = await problemsOf({ 'a.md': article('id: a\ntitle: T', '   ') });
    expect(message).toContain('has no text after its front matter');
  });

  it('rejects files over 1 MB', async () => {
    const message = await problemsOf({ 'a.md': article('id: a\ntitle: T', 'Word. '.repeat(MAX_FILE_BYTES / 5)) });
    expect(message).toContain('the limit is');
  });

  it('rejects invalid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from(article('id: a\ntitle: T')), Buffer.from([0xff, 0xfe, 0x41])]);
    const message = await problemsOf({ 'a.md': bytes });
    expect(message).toContain('a.md: is not valid UTF-8');
  });

  it('rejects a file without front matter and malformed YAML', async () => {
    const message = await problemsOf({ 'a.md': 'Just text.', 'b.md': article('id: [unclosed\ntitle: T') });
    expect(message).toContain('a.md: must start with YAML front matter');
    expect(message).toContain('b.md: front matter is not valid YAML');
  });

  it('reports every bad file at once', async () => {
    const message = await problemsOf({ 'a.md': article('title: A'), 'b.md': article('id: b') });
    expect(message).toContain('2 problems');
  });

  it('reads articles in subfolders and ignores other files', async () => {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(path.join(dir, 'more'));
    await writeFile(path.join(dir, 'more', 'x.md'), article('id: x\ntitle: X'));
    await writeFile(path.join(dir, 'notes.txt'), 'not an article');
    const kb = await loadKnowledgeBase(dir);
    expect(kb.documents.map((d) => d.meta.id)).toEqual(['x']);
  });

  it('says so when the directory is missing or has no articles', async () => {
    await expect(loadKnowledgeBase(path.join(dir, 'nope'))).rejects.toThrow(/does not exist/);
    await expect(loadKnowledgeBase(dir)).rejects.toThrow(/contains no \.md articles/);
  });
});
