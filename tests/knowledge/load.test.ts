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

describe('knowledge loader: a folder that cannot be polluted silently', () => {
  const copied = (body: string) => problemsOf({ 'a.md': article('id: a\ntitle: T', body) });

  it('refuses HTML pasted into a body, naming the file, the line and the tag, and pointing to npm run add', async () => {
    const message = await copied('First paragraph.\n\n<div><p>The minister&rsquo;s reply.</p></div>');
    expect(message).toContain('a.md');
    expect(message).toContain('line 8');
    expect(message).toContain('HTML markup `<div>`');
    expect(message).toContain('npm run add');
  });

  it('refuses a script tag and HTML entities', async () => {
    expect(await copied('Text.\n\n<script>alert(1)</script>')).toContain('`<script>`');
    expect(await copied('The minister&rsquo;s reply came late.')).toContain('an HTML entity `&rsquo;`');
    expect(await copied('Prices rose 5&#37; in May.')).toContain('`&#37;`');
  });

  it('refuses Markdown copied from a site: images, links, quotes, bold, "Advertisement"', async () => {
    expect(await copied('![Police outside the embassy](https://example.org/p.jpg)\n\nText.')).toContain('a Markdown image');
    expect(await copied('See [the report](https://example.org/r) for more.')).toContain('a Markdown link');
    expect(await copied('Text one.\n\nAdvertisement\n\nText two.')).toContain('page text that is not the article ("Advertisement")');
    expect(await copied('> A quoted line.')).toContain('quote marker');
    expect(await copied('It was **very** late.')).toContain('Markdown bold');
  });

  it('accepts list items written as lines of text, as articles and encyclopedia sections have them', async () => {
    await writeFile(path.join(dir, 'list.md'), article('id: list\ntitle: T', 'Scenes:\n* Cannoli\n* Clemenza\n\n- first point\n\n1. Kyiv'));
    const kb = await loadKnowledgeBase(dir);
    expect(kb.sentences.map((s) => s.text).join(' ')).toContain('* Cannoli');
  });

  it('still accepts headlines, captions and ordinary punctuation', async () => {
    await writeFile(
      path.join(dir, 'ok.md'),
      article('id: ok\ntitle: T', '# A headline\n\n*A caption (Reuters Photo)*\n\nProfits rose 5% & costs fell; 3 < 4 and "quotes" - dashes - stay.'),
    );
    const kb = await loadKnowledgeBase(dir);
    expect(kb.documents).toHaveLength(1);
  });

  it('names each file that is not an article, and suggests npm run add for .txt and .html', async () => {
    await writeFile(path.join(dir, 'ok.md'), article('id: ok\ntitle: T'));
    await writeFile(path.join(dir, 'story.txt'), 'Some text.');
    await writeFile(path.join(dir, 'page.html'), '<p>Some text.</p>');
    await writeFile(path.join(dir, 'old.markdown'), article('id: old\ntitle: T'));
    await writeFile(path.join(dir, 'photo.jpg'), 'x');
    const kb = await loadKnowledgeBase(dir);
    const warnings = Object.fromEntries((kb.warnings ?? []).map((w) => [w.file, w.problem]));
    expect(warnings['story.txt']).toContain('npm run add -- "story.txt"');
    expect(warnings['page.html']).toContain('npm run add');
    expect(warnings['old.markdown']).toContain('must end in .md');
    expect(warnings['photo.jpg']).toContain('is not an article');
    expect(Object.keys(warnings)).not.toContain('lexicon.yaml');
  });

  it('ignores a README.md in any case, with a note, instead of refusing the base', async () => {
    await writeFile(path.join(dir, 'ok.md'), article('id: ok\ntitle: T'));
    await writeFile(path.join(dir, 'ReadMe.md'), '# How to add articles\n\nCopy them here.\n');
    const kb = await loadKnowledgeBase(dir);
    expect(kb.documents.map((d) => d.meta.id)).toEqual(['ok']);
    expect(kb.warnings).toContainEqual({ file: 'ReadMe.md', problem: expect.stringContaining('README') });
  });
});

describe('knowledge loader: front matter messages say what is wrong', () => {
  const fieldProblem = (front: string) => problemsOf({ 'a.md': article(front) });

  it('says a number or a list is the wrong type instead of "is required"', async () => {
    const title = await fieldProblem('id: a\ntitle: 1984');
    expect(title).toContain('field "title": must be text, but YAML read a number: put the value in quotes');
    expect(title).not.toContain('is required');
    expect(await fieldProblem('id: 12345\ntitle: T')).toContain('field "id": must be text, but YAML read a number');
    expect(await fieldProblem('id: a\ntitle: T\nauthor: [A, B]')).toContain('field "author": must be one line of text, not a list');
    expect(await fieldProblem('id: a\ntitle:')).toContain('field "title": is empty');
  });

  it('says a bare year is not a date instead of "Invalid input"', async () => {
    const message = await fieldProblem('id: a\ntitle: T\npublished: 2024');
    expect(message).toContain('field "published": must be a date written YYYY-MM-DD; YAML read a number');
    expect(message).not.toContain('Invalid input');
  });

  it('gives YAML errors a line and a hint at the fix', async () => {
    const colon = await fieldProblem('id: a\ntitle: Iran: the talks');
    expect(colon).toContain('line 3');
    expect(colon).toContain('must be in quotes, e.g. title: "Iran: the talks"');
    const unclosed = await problemsOf({ 'b.md': '---\nid: b\ntitle: T\n\nThe text of the article.\n' });
    expect(unclosed).toContain('b.md: front matter is not closed: add a line with only "---"');
  });
});

describe('knowledge loader: hostile folders', () => {
  it('refuses a file over the limit from its size alone (a 3 GB file, sparse, is never read)', async () => {
    const { open } = await import('node:fs/promises');
    await writeFile(path.join(dir, 'ok.md'), article('id: ok\ntitle: T'));
    const handle = await open(path.join(dir, 'huge.md'), 'w');
    await handle.truncate(3 * 1024 ** 3);
    await handle.close();
    const message = await problemsOf({});
    expect(message).toContain(`huge.md: is ${3 * 1024 ** 3} bytes; the limit is ${MAX_FILE_BYTES}`);
  });

  it('reads no more of a large file than the limit: memory stays flat for a 1.5 GB file', async () => {
    const { open } = await import('node:fs/promises');
    const handle = await open(path.join(dir, 'big.md'), 'w');
    await handle.truncate(1.5 * 1024 ** 3);
    await handle.close();
    const before = process.memoryUsage().arrayBuffers;
    const message = await problemsOf({});
    const grown = process.memoryUsage().arrayBuffers - before;
    expect(message).toContain('the limit is');
    expect(grown).toBeLessThan(64 * 1024 ** 2);
  });

  it('names a folder nested deeper than the path limit, relative to the knowledge folder, and still reports the other files', async () => {
    const { mkdir, rename } = await import('node:fs/promises');
    // Built with short names, then renamed deepest first, so no call needs a path over the limit.
    const depth = 20;
    let short = dir;
    for (let i = 0; i < depth; i++) await mkdir((short = path.join(short, 'd')));
    for (let i = depth; i >= 1; i--) {
      const parent = path.join(dir, ...Array<string>(i - 1).fill('d'));
      await rename(path.join(parent, 'd'), path.join(parent, 'n'.repeat(250)));
    }
    await writeFile(path.join(dir, 'bad.md'), article('title: no id'));
    try {
      const message = await problemsOf({});
      expect(message).toContain('is nested too deep');
      expect(message).toContain('bad.md: field "id"');
      expect(message).not.toContain(dir);
    } finally {
      // Short names again, shallowest first, so the folder can be removed.
      for (let i = 1; i <= depth; i++) {
        const parent = path.join(dir, ...Array<string>(i - 1).fill('d'));
        await rename(path.join(parent, 'n'.repeat(250)), path.join(parent, 'd')).catch(() => undefined);
      }
    }
  });

  it('reads a file whose name is not UTF-8, with a warning, and loads the rest', async () => {
    await writeFile(path.join(dir, 'ok.md'), article('id: ok\ntitle: T'));
    await writeFile(Buffer.concat([Buffer.from(path.join(dir, 'caf')), Buffer.from([0xe9]), Buffer.from('.md')]), article('id: cafe\ntitle: Café'));
    const kb = await loadKnowledgeBase(dir);
    expect(kb.documents.map((d) => d.meta.id).sort()).toEqual(['cafe', 'ok']);
    expect(kb.warnings).toContainEqual({ file: 'caf\uFFFD.md', problem: expect.stringContaining('not valid UTF-8') });
  });

  it('warns about a symbolic link instead of skipping it silently', async () => {
    const { symlink } = await import('node:fs/promises');
    await writeFile(path.join(dir, 'ok.md'), article('id: ok\ntitle: T'));
    await symlink(path.join(dir, 'ok.md'), path.join(dir, 'linked.md'));
    const kb = await loadKnowledgeBase(dir);
    expect(kb.documents.map((d) => d.meta.id)).toEqual(['ok']);
    expect(kb.warnings).toContainEqual({ file: 'linked.md', problem: expect.stringContaining('symbolic link') });
  });

  it('shows a newline in a file name as \\n, relative to the knowledge folder', async () => {
    await writeFile(path.join(dir, 'two\nlines.md'), article('title: no id'));
    const message = await problemsOf({});
    expect(message).toContain('two\\nlines.md: field "id"');
    expect(message).not.toContain(dir);
  });
});
