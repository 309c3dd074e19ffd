import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeBaseError, KnowledgeError, loadKnowledgeBase } from '../../src/knowledge/load.ts';
import type { KnowledgeBase } from '../../src/knowledge/types.ts';
import { labelSentences } from '../../src/annotate/claims.ts';
import { LiveKnowledge, describeProblems, isKnowledgeFile, type ReloadResult } from '../../src/load/live.ts';
import { annotate, compareKnowledge, snapshotOf } from '../../src/load/snapshot.ts';
import { buildTimeline } from '../../src/annotate/timeline.ts';
import { renderReload } from '../../src/render/moderation.ts';
import { AnswerEngine } from '../../src/search/engine.ts';

const ARTICLES = path.resolve(import.meta.dirname, '../fixtures/articles');
const SEED = path.resolve(import.meta.dirname, '../../knowledge');

let kb: KnowledgeBase;
let engine: AnswerEngine;

beforeAll(async () => {
  const [fixtures, seed] = await Promise.all([loadKnowledgeBase(ARTICLES), loadKnowledgeBase(SEED)]);
  kb = { documents: [...seed.documents, ...fixtures.documents], sentences: [...seed.sentences, ...fixtures.sentences], fingerprint: '' };
  engine = AnswerEngine.fromKnowledge(kb, { wordnet: false });
});

function article(id: string, text: string, extra = ''): string {
  return `---\nid: ${id}\ntitle: ${id} title\npublished: 2023-05-04\n${extra}---\n\n${text}\n`;
}

const temps: string[] = [];
const lives: LiveKnowledge[] = [];
afterEach(() => {
  for (const live of lives.splice(0)) live.close();
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'factdesk-knowledge-'));
  temps.push(dir);
  return dir;
}

/** Knowledge over `dir` with an engine built from the files (no WordNet: fast), counting loads. */
async function openLive(dir: string, debounceMs = 30): Promise<{ live: LiveKnowledge; loads: () => number }> {
  let loads = 0;
  const live = await LiveKnowledge.open({
    dir,
    debounceMs,
    retryMs: 50,
    load: async (d) => {
      loads++;
      const loaded = await loadKnowledgeBase(d);
      return { kb: loaded, engine: AnswerEngine.fromKnowledge(loaded, { wordnet: false }) };
    },
  });
  lives.push(live);
  return { live, loads: () => loads };
}

function nextReload(live: LiveKnowledge, predicate: (r: ReloadResult) => boolean = () => true): Promise<ReloadResult> {
  return new Promise((resolve) => {
    const off = live.onReload((result) => {
      if (!predicate(result)) return;
      off();
      resolve(result);
    });
  });
}

describe('knowledge snapshots', () => {
  it('hold the same labels and timeline as labelling and dating the whole base at once', async () => {
    const snapshot = await annotate(snapshotOf({ kb, engine }));
    expect(snapshot.labels).toEqual(labelSentences(kb.sentences));
    expect(snapshot.timeline).toEqual(buildTimeline(kb));
    expect(snapshot.labels.size).toBe(kb.sentences.length);
    expect(snapshot.engine).toBe(engine);
  });

  it('label and date once per knowledge base, however many snapshots are taken', () => {
    const a = snapshotOf({ kb, engine }, 1);
    const b = snapshotOf({ kb, engine }, 2);
    expect(b.labels).toBe(a.labels);
    expect(b.timeline).toBe(a.timeline);
  });

  it('tell which articles were added, changed and removed', () => {
    const changedDoc = { ...kb.documents[1]!, sentences: kb.documents[1]!.sentences.map((s, i) => (i === 2 ? { ...s, text: `${s.text} Updated.` } : s)) };
    const after: KnowledgeBase = {
      documents: [changedDoc, ...kb.documents.slice(2)],
      sentences: [changedDoc, ...kb.documents.slice(2)].flatMap((d) => d.sentences),
      fingerprint: '',
    };
    const added = {
      ...kb.documents[0]!,
      meta: { ...kb.documents[0]!.meta, id: 'brand-new' },
      sentences: kb.documents[0]!.sentences.map((s) => ({ ...s, docId: 'brand-new', id: s.id.replace(/^[^:]+/, 'brand-new') })),
    };
    after.documents.push(added);
    after.sentences.push(...added.sentences);
    const changes = compareKnowledge(kb, after);
    expect(changes).toEqual({ added: ['brand-new'], changed: [kb.documents[1]!.meta.id], removed: [kb.documents[0]!.meta.id] });
  });

  it('describe loader errors as file, field and problem', () => {
    const problems = describeProblems(
      new KnowledgeBaseError([new KnowledgeError('knowledge/a.md', 'must be an http(s) URL', 'url'), new KnowledgeError('knowledge/b.md', 'has no text after its front matter')]),
    );
    expect(problems).toEqual([
      { file: 'knowledge/a.md', field: 'url', problem: 'must be an http(s) URL' },
      { file: 'knowledge/b.md', problem: 'has no text after its front matter' },
    ]);
    expect(describeProblems(new KnowledgeError('knowledge/lexicon.yaml', 'is not valid YAML', 'equivalents'))[0]).toMatchObject({ field: 'equivalents' });
  });
});

describe('reloading', () => {
  it('swaps engine, labels and timeline together on a valid change; a reader keeps the snapshot it took', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.md'), article('alpha', 'The council approved the budget on Monday, the mayor said.'));
    const { live } = await openLive(dir);
    const held = live.current;
    expect(held.version).toBe(1);
    expect(held.engine.ask('what did the council approve?').abstained).toBe(false);

    writeFileSync(path.join(dir, 'b.md'), article('beta', 'The harbour tunnel opened to traffic on Tuesday.'));
    const result = await live.reload({ trigger: 'test' });
    expect(result.status).toBe('reloaded');
    if (result.status !== 'reloaded') return;
    expect(result.changes).toEqual({ added: ['beta'], changed: [], removed: [] });
    const now = live.current;
    expect(now.version).toBe(2);
    expect(now.engine).not.toBe(held.engine);
    expect(now.labels.has('beta:1.1')).toBe(true);
    expect(now.timeline.some((e) => e.sentenceId === 'beta:1.1' && e.date === '2023-05-02')).toBe(true);
    expect(now.engine.ask('when did the harbour tunnel open?').abstained).toBe(false);
    // The snapshot taken before is untouched: engine and labels of one version.
    expect(held.labels.has('beta:1.1')).toBe(false);
    expect(held.engine.ask('when did the harbour tunnel open?').abstained).toBe(true);
  });

  it('keeps the last good snapshot when a file is invalid, naming the file and field', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.md'), article('alpha', 'The council approved the budget on Monday.'));
    const { live } = await openLive(dir);
    const before = live.current;
    writeFileSync(path.join(dir, 'b.md'), article('beta', 'Text.', 'publsher: Typo News\n'));
    const result = await live.reload();
    expect(result.status).toBe('failed');
    if (result.status !== 'failed') return;
    expect(result.problems).toEqual([{ file: 'b.md', field: 'publsher', problem: expect.stringContaining('unknown front-matter field') }]);
    expect(result.kept).toBe(before);
    expect(live.current).toBe(before);
  });

  it('tells /reload which files were not loaded and which are broken, relative to the folder, one per line even when a name holds a newline', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.md'), article('alpha', 'The council approved the budget on Monday.'));
    const live = await LiveKnowledge.open({
      dir,
      load: async (d) => {
        const loaded = await loadKnowledgeBase(d);
        return { engine: AnswerEngine.fromKnowledge(loaded, { wordnet: false }), kb: loaded };
      },
    });
    lives.push(live);
    writeFileSync(path.join(dir, 'notes.txt'), 'Some notes.');
    const reloaded = await live.reload();
    const shown = renderReload(reloaded).content!;
    expect(shown).toContain('`notes.txt`: is not read');
    expect(shown).toContain('npm run add');
    writeFileSync(path.join(dir, 'two\nlines.md'), article('beta', 'Text.', 'publsher: Typo News\n'));
    const failed = renderReload(await live.reload()).content!;
    const line = failed.split('\n').find((l) => l.includes('lines.md'));
    expect(line).toContain('`two\\nlines.md` — field `publsher`');
    expect(failed).not.toContain(dir);
  });

  it('runs one reload at a time; requests made while one runs share the next one', async () => {
    let running = 0;
    let most = 0;
    let loads = 0;
    const gates: Array<() => void> = [];
    const live = await LiveKnowledge.open({
      dir: 'unused',
      load: async () => {
        loads++;
        running++;
        most = Math.max(most, running);
        if (loads > 1) await new Promise<void>((resolve) => gates.push(resolve));
        running--;
        return { kb, engine };
      },
    });
    const first = live.reload();
    const second = live.reload();
    expect(second).toBe(first); // not started yet: one reload reads the files for both
    while (gates.length === 0) await new Promise((resolve) => setImmediate(resolve));
    // The first is now reading; these wait for it and then share one more.
    const third = live.reload({ trigger: 'watch', files: ['a.md'] });
    const fourth = live.reload({ trigger: 'watch', files: ['b.md'] });
    expect(fourth).toBe(third);
    expect(third).not.toBe(first);
    gates.shift()!();
    await first;
    while (gates.length === 0) await new Promise((resolve) => setImmediate(resolve));
    gates.shift()!();
    const results = await Promise.all([first, third]);
    expect(loads).toBe(3); // the opening load, then two
    expect(most).toBe(1);
    expect(results.map((r) => r.status)).toEqual(['reloaded', 'reloaded']);
    expect(live.current.version).toBe(3);
  });
});

describe('watching the knowledge directory', () => {
  it('reloads when an article is added, saved in place, or replaced by rename-on-save', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.md');
    writeFileSync(file, article('alpha', 'The council approved the budget.'));
    const { live } = await openLive(dir);
    live.watch();

    // Each wait names what it waits for: a file event can start more than one reload, and the first one may not have read the change yet.
    let reloaded = nextReload(live, () => live.current.labels.has('beta:1.1'));
    writeFileSync(path.join(dir, 'b.md'), article('beta', 'The tunnel opened.'));
    expect((await reloaded).status).toBe('reloaded');
    expect(live.current.labels.has('beta:1.1')).toBe(true);

    reloaded = nextReload(live, () => live.current.engine.sentence('alpha:1.1')?.text === 'The council rejected the budget.');
    writeFileSync(file, article('alpha', 'The council rejected the budget.'));
    await reloaded;
    expect(live.current.engine.sentence('alpha:1.1')?.text).toBe('The council rejected the budget.');

    // An editor's save: write a temporary file, rename it over the article. Twice, since a
    // watcher that followed the old file (inode) misses the second.
    for (const text of ['The council delayed the budget.', 'The council passed the budget.']) {
      reloaded = nextReload(live, () => live.current.engine.sentence('alpha:1.1')?.text === text);
      const temp = path.join(dir, '.a.md.swp');
      writeFileSync(temp, article('alpha', text));
      renameSync(temp, file);
      await reloaded;
      expect(live.current.engine.sentence('alpha:1.1')?.text).toBe(text);
    }
  });

  it('picks up articles in a new subdirectory, and keeps the last good version when a save breaks a file', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.md'), article('alpha', 'The council approved the budget.'));
    const { live } = await openLive(dir);
    live.watch();

    let reloaded = nextReload(live, () => live.current.labels.has('gamma:1.1'));
    mkdirSync(path.join(dir, 'more'));
    writeFileSync(path.join(dir, 'more', 'c.md'), article('gamma', 'The ferry resumed service.'));
    await reloaded;

    const good = live.current;
    reloaded = nextReload(live, (r) => r.status === 'failed');
    writeFileSync(path.join(dir, 'more', 'c.md'), article('gamma', 'The ferry resumed service.', 'url: ferry.example.org\n'));
    const failed = await reloaded;
    expect(failed.status === 'failed' && failed.problems[0]).toMatchObject({ file: 'more/c.md', field: 'url' });
    expect(live.current).toBe(good);
  });

  it('counts articles, the lexicon and directories as knowledge; not editors’ swap, backup or hidden files', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'sub'));
    for (const f of ['a.md', 'A.MD', 'lexicon.yaml', 'sub']) expect(isKnowledgeFile(path.join(dir, f))).toBe(true);
    for (const f of ['.a.md.swp', 'a.md~', '.#a.md', 'notes.txt', 'a.md.tmp']) {
      writeFileSync(path.join(dir, f), 'x');
      expect(isKnowledgeFile(path.join(dir, f)), f).toBe(false);
    }
    expect(isKnowledgeFile(undefined)).toBe(true);
  });
});
