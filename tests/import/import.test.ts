import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/load/load.ts';
import { importArticle, type ImportRequest } from '../../src/import/import-article.ts';
import { loadKnowledgeBase } from '../../src/knowledge/load.ts';
import { PAGES, startPageServer, type PageServer } from './page-server.ts';

let server: PageServer;
let dir: string;
beforeAll(async () => {
  server = await startPageServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'factdesk-import-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const LOCAL = { allowPrivateAddressesForTests: ['127.0.0.1'] };

function add(source: string, extra: Partial<ImportRequest> = {}) {
  return importArticle({ source, knowledgeDir: dir, fetch: LOCAL, ...extra });
}

async function refusal(source: string, extra: Partial<ImportRequest> = {}): Promise<string> {
  const error = await add(source, extra).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `${source} was imported`).toBeInstanceOf(Error);
  return (error as Error).message;
}

/** The imported article as the loader reads it. */
async function loaded(id: string) {
  const kb = await loadKnowledgeBase(dir);
  const doc = kb.documents.find((d) => d.meta.id === id)!;
  expect(doc, id).toBeDefined();
  const paragraphs = (kind: string) => [...new Map(doc.sentences.filter((s) => s.kind === kind).map((s) => [s.paragraph, ''])).keys()];
  const body = paragraphs('body').map((p) =>
    doc.sentences
      .filter((s) => s.kind === 'body' && s.paragraph === p)
      .map((s) => s.text)
      .join(' '),
  );
  const lead = doc.sentences.filter((s) => s.kind !== 'body').map((s) => `${s.kind}: ${s.text}`);
  return { meta: doc.meta, body, lead, text: doc.body };
}

describe('importing an article from the web', () => {
  it('reads a JSON-LD NewsArticle: headline, publisher, authors, the page’s own date, canonical URL, captions, list items; nothing else', async () => {
    const { summary } = await add(`${server.base}/pages/jsonld-newsarticle.html`);
    expect(summary).toEqual({
      file: path.join(dir, 'harbour-tunnel-opens-after-six-years.md'),
      id: 'harbour-tunnel-opens-after-six-years',
      title: 'Harbour tunnel opens after six years of delays',
      publisher: 'Harbor Daily',
      author: 'Jane Doe and Omar Haddad',
      // 21:30 at UTC-4 is the 15th in UTC; the page's own day is the 14th.
      published: '2024-03-14',
      url: 'https://www.harbordaily.example/news/2024/03/14/harbour-tunnel-opens',
      paragraphs: 9,
      sentences: 14,
    });
    const article = await loaded(summary.id);
    expect(article.lead).toEqual([
      'headline: Harbour tunnel opens after six years of delays',
      'caption: The first cars enter the harbour tunnel on Thursday evening. (Harbor Daily / Lee Park)',
    ]);
    expect(article.body).toEqual([
      'The harbour tunnel opened to traffic on Thursday evening, six years after its first planned opening date and £400 million over its original budget.',
      'Transport Secretary Alan Brooks said the tunnel would cut the journey between the two halves of the city from 40 minutes to eight. “This is the day the city stops being two towns,” he told reporters at the northern entrance.',
      'Engineers found soft clay under the harbour bed in 2019, which forced a redesign of the middle section and added three years to the work. A flood in the southern shaft in 2021 added another.',
      'The tunnel has two lanes in each direction and a separate bore for emergency vehicles. Tolls will be charged from April:',
      'Cars will pay £2.50 each way.',
      'Lorries will pay £9 each way.',
      'Buses and bicycles will cross free of charge.',
      'Residents of the waterfront, who lived beside the building site for six years, will get a year of free crossings, the city council said on Wednesday.',
      'Opposition councillor Ruth Ames called the overspend “a warning for every large project the city plans” and asked for an independent review of the contracts.',
    ]);
    for (const furniture of [
      'Share on',
      'Copy link',
      'Advertisement',
      'Related',
      'Bridge closed',
      'newsletter',
      'Injected by a script',
      'Just drove',
      'Vehicle',
      'rights reserved',
      'Sport',
    ]) {
      expect(article.text, furniture).not.toContain(furniture);
    }
  });

  it('reads a page with OpenGraph only, leaving out a profile URL as author and tracking parameters from the URL', async () => {
    const { summary } = await add(`${server.base}/pages/opengraph-only.html`);
    expect(summary).toMatchObject({
      title: 'Storm Leona leaves 40,000 homes without power',
      publisher: 'Coastline Post',
      author: 'Priya Nair',
      published: '2021-10-27',
      url: 'https://coastlinepost.example/storms/leona-power-cuts',
      paragraphs: 5,
    });
    const article = await loaded(summary.id);
    expect(article.text).not.toContain('Read more');
    expect(article.text).not.toContain('Be the first to comment');
    expect(article.body[0]).toBe(
      'About 40,000 homes along the coast were without power on Wednesday morning after Storm Leona brought down lines across three counties overnight.',
    );
  });

  it('reads an AMP page: JSON-LD inside a @graph, its canonical URL, its caption, and no AMP ad', async () => {
    const { summary } = await add(`${server.base}/pages/amp.html`);
    expect(summary).toMatchObject({
      title: "Court strikes down city's short-term rental ban",
      publisher: 'Metro Tribune',
      author: 'Daniel Okafor',
      published: '2023-05-12',
      url: 'https://metrotribune.example/local/court-strikes-down-rental-ban',
      paragraphs: 5,
    });
    const article = await loaded(summary.id);
    expect(article.lead).toContain('caption: The county courthouse, where the ruling was handed down on Friday.');
    expect(article.text).not.toContain('Advertisement');
    expect(article.text).not.toContain('Home');
  });

  it('takes the author from a byline in the text, and leaves the byline and the dateline out of the paragraphs', async () => {
    const { summary } = await add(`${server.base}/pages/byline-in-text.html`);
    expect(summary).toMatchObject({ title: 'Heater recall widened after fires', author: 'Maria Lopez and Tom Reed', published: '2023-01-19', paragraphs: 4 });
    expect(summary.publisher).toBeUndefined();
    const article = await loaded(summary.id);
    expect(article.text).not.toContain('By Maria');
    expect(article.text).not.toContain('Thursday, January 19, 2023');
    expect(article.text).not.toContain('VALLEY COURIER');
  });

  it('reads a live blog’s entries in page order without their timestamps', async () => {
    const { summary } = await add(`${server.base}/pages/live-blog.html`);
    expect(summary).toMatchObject({ title: 'Westmere election: live results as counting goes on', publisher: 'Westmere Gazette', published: '2024-03-03' });
    const article = await loaded(summary.id);
    expect(article.text).not.toMatch(/\d\d:\d\d GMT/);
    expect(article.text).not.toContain('Share');
    const at = (text: string) => article.body.findIndex((p) => p.includes(text));
    expect(at('conceded shortly before midnight')).toBeGreaterThanOrEqual(0);
    expect(at('conceded shortly before midnight')).toBeLessThan(at('Turnout reached 61 per cent'));
    expect(at('Turnout reached 61 per cent')).toBeLessThan(at('Counting has begun'));
  });

  it('reads a wire-service page whose paragraphs are divs, leaving out its promo and toolbar', async () => {
    const { summary } = await add(`${server.base}/pages/div-paragraphs.html`);
    expect(summary).toMatchObject({
      title: 'Grain exports resume through northern port after two-week halt',
      publisher: 'Wire Service',
      author: 'Ana Petrova and Luis Moreno',
      published: '2023-07-04',
      url: 'https://wire.example/world/grain-exports-resume-2023-07-04/',
      paragraphs: 5,
    });
    const article = await loaded(summary.id);
    expect(article.body[0]).toBe(
      'KESTREL BAY, July 4 (Wire Service) - Ships loaded with grain left the northern port of Kestrel Bay on Tuesday for the first time in two weeks, after dock workers ended a strike over pay.',
    );
    for (const furniture of ['Sign up here', 'Share', 'Save', 'Read Next', 'Trust Principles', 'Search']) expect(article.text, furniture).not.toContain(furniture);
  });

  it('follows redirects and keeps the canonical URL the page states, not the redirected one', async () => {
    const { summary } = await add(`${server.base}/r/1`);
    expect(summary.url).toBe('https://www.harbordaily.example/news/2024/03/14/harbour-tunnel-opens');
  });

  it('reads a page in windows-1252 and one mislabelled as ISO-8859-1 to the same text', async () => {
    const a = await add(`${server.base}/latin1`, { id: 'retraites-a' });
    const b = await add(`${server.base}/mislabelled`, { id: 'retraites-b' });
    const [first, second] = [await loaded(a.summary.id), await loaded(b.summary.id)];
    expect(first.body).toEqual(second.body);
    expect(first.body[0]).toContain('après trois semaines de débats souvent tendus à l’Assemblée nationale.');
    expect(first.meta).toMatchObject({ author: 'François Lévesque', language: 'fr', title: 'Les députés adoptent la réforme des retraites' });
  });

  it('refuses a paywall stub, saying how to import the whole article', async () => {
    const message = await refusal(`${server.base}/pages/paywall-stub.html`);
    expect(message).toContain('behind a paywall');
    expect(message).toContain('save the page');
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses an index page, whether or not its metadata says so', async () => {
    expect(await refusal(`${server.base}/pages/index-page.html`)).toContain('a list of articles');
    expect(await refusal(`${server.base}/index-plain`)).toContain('a list of articles');
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes an article followed by teasers of other stories for the article, without the teasers', async () => {
    const { summary } = await add(`${server.base}/pages/related-teasers.html`);
    expect(summary).toMatchObject({ title: 'Library reopens after flood repairs', author: 'Chen Wei', paragraphs: 4 });
    const article = await loaded(summary.id);
    for (const teaser of ['Bus timetable', 'cycle lanes', 'More from']) expect(article.text, teaser).not.toContain(teaser);
  });

  it('refuses a redirect to a private address and writes nothing', async () => {
    expect(await refusal(`${server.base}/to-private`)).toContain('private-network address');
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('importing into the knowledge folder', () => {
  it('refuses a page whose canonical URL is already imported, naming the file; --force replaces that file', async () => {
    const first = await add(`${server.base}/pages/jsonld-newsarticle.html`);
    // Same article, reached another way (a redirect and a tracking parameter).
    const message = await refusal(`${server.base}/r/1`);
    expect(message).toContain('already imported: harbour-tunnel-opens-after-six-years.md has its URL');
    expect(message).toContain('--force');
    const again = await add(`${server.base}/r/1`, { force: true });
    expect(again.replaced).toBe('harbour-tunnel-opens-after-six-years.md');
    expect(again.summary.file).toBe(first.summary.file);
    expect((await readdir(dir)).sort()).toEqual(['.removed', 'harbour-tunnel-opens-after-six-years.md']);
    // The replaced version is kept aside, not lost.
    expect(await readdir(path.join(dir, '.removed'))).toEqual([expect.stringMatching(/-harbour-tunnel-opens-after-six-years\.md$/)]);
  });

  it('makes the id from the headline, unique in the folder', async () => {
    const a = await add(path.join(PAGES, 'amp.html'));
    const b = await add(path.join(PAGES, 'amp.html'), { url: 'https://other.example/same-headline' });
    expect(a.summary.id).toBe('court-strikes-down-citys-short-term');
    expect(b.summary.id).toBe('court-strikes-down-citys-short-term-2');
    expect(await refusal(path.join(PAGES, 'opengraph-only.html'), { id: 'court-strikes-down-citys-short-term' })).toContain(
      'already used by court-strikes-down-citys-short-term.md',
    );
    expect(await refusal(path.join(PAGES, 'opengraph-only.html'), { id: 'no spaces' })).toContain('must be 1-40 letters');
  });

  it('imports a saved page with the canonical URL given, and a saved text', async () => {
    const page = await add(path.join(PAGES, 'byline-in-text.html'), { url: 'https://valleycourier.example/heater-recall' });
    expect(page.summary.url).toBe('https://valleycourier.example/heater-recall');
    const text = await add(path.join(PAGES, 'plain-article.txt'));
    expect(text.summary).toMatchObject({ title: 'Ferry fares to rise by a tenth in April', paragraphs: 4 });
    expect(text.summary.url).toBeUndefined();
  });

  it('refuses a Markdown file, a missing file and something that is neither file nor web address', async () => {
    const md = path.join(dir, 'x.md');
    await writeFile(md, '# x');
    expect(await refusal(md)).toContain('already Markdown');
    expect(await refusal(path.join(dir, 'nope.html'))).toContain('there is no file');
    expect(await refusal('www.example.org/story')).toContain('start a web address with https://');
  });

  it('writes a file the bot answers from', async () => {
    const { summary } = await add(`${server.base}/pages/jsonld-newsarticle.html`);
    const written = await readFile(summary.file, 'utf8');
    expect(written).toMatch(/^---\nid: harbour-tunnel-opens-after-six-years\ntitle: Harbour tunnel opens after six years of delays\n/);
    const { engine } = await loadKnowledge(dir, { wordnet: false });
    const answer = engine.ask('How much will lorries pay to use the tunnel?');
    expect(answer.abstained).toBe(false);
    expect(answer.answers[0]!.text).toBe('Lorries will pay £9 each way.');
    expect(answer.answers[0]!.source.publisher).toBe('Harbor Daily');
  });
});
