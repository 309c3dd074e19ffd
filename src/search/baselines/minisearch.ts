import MiniSearch from 'minisearch';
import type { KnowledgeBase } from '../../knowledge/types.ts';
import { sourceOf, type Answer } from '../engine.ts';

/**
 * A plain MiniSearch BM25 over the same sentences, for comparison. It has no notion of
 * abstaining: it answers whenever any term matches.
 */
export class MiniSearchBaseline {
  private readonly search: MiniSearch<{ id: number; text: string }>;

  constructor(
    private readonly kb: KnowledgeBase,
    private readonly options: { fuzzy?: number; prefix?: boolean } = { fuzzy: 0.2, prefix: true },
  ) {
    this.search = new MiniSearch({ fields: ['text'], storeFields: [] });
    this.search.addAll(kb.sentences.map((s, id) => ({ id, text: s.text })));
  }

  private hits(question: string, source?: string) {
    const hits = this.search.search(question, { fuzzy: this.options.fuzzy ?? false, prefix: this.options.prefix ?? false });
    return source === undefined ? hits : hits.filter((h) => this.kb.sentences[h.id as number]!.docId === source);
  }

  /** Every sentence of one article, best first (those without any matching word last, in reading order). */
  rankArticle(question: string, source: string): string[] {
    const hits = this.hits(question, source).map((h) => h.id as number);
    const seen = new Set(hits);
    const rest = this.kb.sentences.flatMap((s, id) => (s.docId === source && !seen.has(id) ? [id] : []));
    return [...hits, ...rest].map((id) => this.kb.sentences[id]!.text);
  }

  ask(question: string, limit = 5, source?: string): Answer {
    const hits = this.hits(question, source);
    const top = hits[0]?.score ?? 1;
    const sources = new Map(this.kb.documents.map((d) => [d.meta.id, d.meta]));
    return {
      question,
      abstained: hits.length === 0,
      answers: hits.slice(0, limit).map((h) => {
        const s = this.kb.sentences[h.id as number]!;
        return {
          id: s.id,
          text: s.text,
          score: h.score / top,
          source: sourceOf(sources.get(s.docId)!),
          paragraph: s.paragraph,
          sentence: s.sentence,
          kind: s.kind,
          confidence: 'partial' as const,
          matched: h.terms,
          highlights: [],
          explain: { coverage: 0, proximity: 0, phrase: 0, answerType: 0, firstMention: 0, neighbours: 0, kind: 1, terms: [] },
        };
      }),
    };
  }
}
