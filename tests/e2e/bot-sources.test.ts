/**
 * `/sources list`, `add` and `remove` end to end: the real discord.js client against
 * FakeDiscord, on a copy of the bundled knowledge with reloadable knowledge, importing
 * pages from a page server on 127.0.0.1 (let through for this test only).
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/load/load.ts';
import { commands } from '../../src/discord/commands/index.ts';
import { registerCommands } from '../../src/discord/registration.ts';
import { createLogger } from '../../src/logger.ts';
import { LiveKnowledge } from '../../src/load/live.ts';
import { startPageServer, type PageServer } from '../import/page-server.ts';
import { DEFAULT_MEMBER_PERMISSIONS, snowflake, type Json } from '../../testkit/fake-discord/index.ts';
import { BotHarness } from './harness.ts';
import { plain } from '../render/markdown.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MANAGE_GUILD = 1n << 5n;
const MODERATOR = { id: snowflake(), username: 'mod' };
const MEMBER = { id: snowflake(), username: 'member' };
const TUNNEL_QUESTION = 'How much will lorries pay to use the harbour tunnel?';

let dir: string;
let knowledgeDir: string;
let live: LiveKnowledge;
let pages: PageServer;
let h: BotHarness;
const knowledgeLog: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'factdesk-sources-'));
  knowledgeDir = path.join(dir, 'knowledge');
  cpSync(path.join(ROOT, 'knowledge'), knowledgeDir, { recursive: true });
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void knowledgeLog.push(line) } });
  live = await LiveKnowledge.open({ dir: knowledgeDir, load: (d) => loadKnowledge(d, { wordnet: false }), logger });
  pages = await startPageServer();
  h = await BotHarness.start({ knowledge: live, importFetch: { allowPrivateAddressesForTests: ['127.0.0.1'] } });
});

afterAll(async () => {
  await h?.stop();
  await pages?.close();
  live?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function sources(subcommand: string, options: Record<string, string | boolean>, user = MODERATOR, permissions = DEFAULT_MEMBER_PERMISSIONS | MANAGE_GUILD): Json {
  return h.fake.slashCommand({ name: 'sources', subcommand, options, user, permissions });
}

const logged = (event: string) => h.logs().filter((l) => l.event === event);

describe('/sources subcommands', () => {
  it('registers list, add and remove under /sources, which everyone sees', async () => {
    await registerCommands({ token: h.fake.token, clientId: h.fake.applicationId, apiUrl: h.fake.apiBase, commands });
    const registered = h.fake.commands().find((c) => c.name === 'sources')!;
    expect(registered.default_member_permissions ?? null).toBeNull();
    expect(registered.options.map((o: Json) => [o.name, o.type])).toEqual([
      ['list', 1],
      ['add', 1],
      ['remove', 1],
    ]);
  });

  it('refuses add and remove to a member without Manage Server and in direct messages, privately, and changes nothing', async () => {
    const version = live.current.version;
    for (const [sub, options] of [
      ['add', { url: `${pages.base}/pages/jsonld-newsarticle.html` }],
      ['remove', { article: 'iran-embassy-tirana' }],
    ] as const) {
      const reply = await h.send(sources(sub, options, MEMBER, DEFAULT_MEMBER_PERMISSIONS));
      expect(reply.handled.outcome).toBe('forbidden');
      expect(reply.ephemeral).toBe(true);
      expect(reply.data.content).toContain('Manage Server');
    }
    const dm = await h.send(h.fake.slashCommand({ name: 'sources', subcommand: 'add', options: { url: `${pages.base}/pages/amp.html` }, guildId: null, user: MODERATOR }));
    expect(dm.handled.outcome).toBe('forbidden');
    expect(dm.ephemeral).toBe(true);
    expect(readdirSync(knowledgeDir).sort()).toEqual(['iran-embassy-tirana.md', 'lexicon.yaml']);
    expect(live.current.version).toBe(version);
  });

  it('adds an article from its URL: says what was added, privately, reloads at once and logs who did it', async () => {
    const before = await h.ask({ question: TUNNEL_QUESTION });
    expect(before.handled.outcome).toBe('abstained');
    const reply = await h.send(sources('add', { url: `${pages.base}/pages/jsonld-newsarticle.html` }));
    expect(reply.handled.outcome).toBe('added');
    expect(reply.callback.callbackType).toBe(5); // deferred: fetching can take seconds
    expect(reply.ephemeral).toBe(true);
    const content: string = reply.data.content;
    expect(content).toContain('**Added** “Harbour tunnel opens after six years of delays”');
    expect(content).toContain('Harbor Daily');
    expect(content).toContain('14 sentences');
    expect(content).toContain('Reloaded');
    expect(reply.data.allowed_mentions).toEqual({ parse: [] });

    const after = await h.ask({ question: TUNNEL_QUESTION });
    expect(after.handled.outcome).toBe('answered');
    expect(after.data.embeds.map((e: Json) => plain(e.description))).toContain('Lorries will pay £9 each way.');
    expect(logged('source-add').at(-1)).toMatchObject({ outcome: 'added', by: MODERATOR.id, file: 'harbour-tunnel-opens-after-six-years.md' });
    const reload = knowledgeLog
      .map((l) => JSON.parse(l))
      .filter((l) => l.event === 'knowledge-reload')
      .at(-1);
    expect(reload).toMatchObject({ trigger: 'sources', by: MODERATOR.id, outcome: 'reloaded', added: ['harbour-tunnel-opens-after-six-years'] });
  });

  it('says exactly why a page is not added: the same article again, a paywall stub, a private address, a file path', async () => {
    const cases: Array<[string, string]> = [
      [`${pages.base}/r/1`, 'already imported: harbour-tunnel-opens-after-six-years.md has its URL'],
      [`${pages.base}/pages/paywall-stub.html`, 'behind a paywall'],
      [`${pages.base}/to-private`, '10.20.30.40 is a private-network address'],
      ['/etc/passwd', 'is not a web address'],
      ['knowledge/iran-embassy-tirana.md', 'is not a web address'],
    ];
    for (const [url, reason] of cases) {
      const reply = await h.send(sources('add', { url }));
      expect(reply.handled.outcome, url).toBe('refused');
      expect(reply.ephemeral).toBe(true);
      expect(reply.data.content, url).toContain('**Not added.**');
      expect(reply.data.content, url).toContain(reason);
    }
    expect(readdirSync(knowledgeDir).filter((f) => f.endsWith('.md'))).toHaveLength(2);
  });

  it('suggests articles to remove by title, with the id as the value', async () => {
    const reply = await h.send(h.fake.autocomplete({ name: 'sources', subcommand: 'remove', options: { article: 'harbour' }, focused: 'article', user: MODERATOR }));
    expect(reply.callback.callbackType).toBe(8);
    expect(reply.callback.data.choices).toEqual([
      { name: 'Harbour tunnel opens after six years of delays (harbour-tunnel-opens-after-six-years)', value: 'harbour-tunnel-opens-after-six-years' },
    ]);
  });

  it('removes an article: keeps the file aside, reloads at once, and the article is no longer answered from', async () => {
    const reply = await h.send(sources('remove', { article: 'harbour-tunnel-opens-after-six-years' }));
    expect(reply.handled.outcome).toBe('removed');
    expect(reply.ephemeral).toBe(true);
    expect(reply.data.content).toContain('**Removed** “Harbour tunnel opens after six years of delays”');
    expect(reply.data.content).toContain('.removed');
    expect(existsSync(path.join(knowledgeDir, 'harbour-tunnel-opens-after-six-years.md'))).toBe(false);
    expect(readdirSync(path.join(knowledgeDir, '.removed'))).toHaveLength(1);
    expect((await h.ask({ question: TUNNEL_QUESTION })).handled.outcome).toBe('abstained');
    expect(logged('source-remove').at(-1)).toMatchObject({ by: MODERATOR.id, id: 'harbour-tunnel-opens-after-six-years' });
  });

  it('does not remove the last article, or one that does not exist', async () => {
    const last = await h.send(sources('remove', { article: 'iran-embassy-tirana' }));
    expect(last.handled.outcome).toBe('last-article');
    expect(last.data.content).toContain('only article');
    const unknown = await h.send(sources('remove', { article: 'no-such-article' }));
    expect(unknown.handled.outcome).toBe('not-found');
    expect(existsSync(path.join(knowledgeDir, 'iran-embassy-tirana.md'))).toBe(true);
  });

  it('/sources list still lists the articles, for everyone', async () => {
    const reply = await h.send(sources('list', {}, MEMBER, DEFAULT_MEMBER_PERMISSIONS));
    expect(reply.handled.outcome).toBe('shown');
    expect(reply.data.embeds[0].title).toBe('Sources (1 article)');
  });
});
