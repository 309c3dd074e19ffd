import type { KnowledgeBase, Sentence, SentenceKind, SourceMeta } from '../knowledge/types.ts';
import { analyseQuestion, type AnalysedQuestion } from './analyse.ts';
import { VocabularyMatcher } from './fuzzy.ts';
import { STOPWORDS } from './language/stopwords.ts';
import { clipAtWord, tokenize } from './language/text.ts';
import { NameIndex } from './names.ts';
import { RoleIndex } from './roles.ts';
import { WordNet } from './language/wordnet.ts';
import { sharedWordVectors, type WordVectors } from './language/word-vectors.ts';
import type { Lexicon } from './lexicon.ts';
import { compileTerms, type CompiledTerm, type Explanation, type ScoredSentence } from './score.ts';
import { rankRange, topRanked, type RankedSentence } from './top-ranked.ts';
import { ArticleContext, rerank, type RerankedSentence } from './rerank.ts';
import { RANKER } from './ranker-model.ts';
import { CANDIDATE_SHARE, DEFAULT_MIN_COVERAGE, RERANK_POOL, WIDEN_ARTICLES, WIDEN_SENTENCES } from './tuning.ts';

export { DEFAULT_MIN_COVERAGE };
import { SentenceIndex } from './sentence-index.ts';

/** Questions longer than this are clipped: nobody asks in more words, and it bounds cost. */
export const MAX_QUESTION_CHARS = 500;

export interface EngineOptions {
  /**
   * A sentence that covers less than this share of the question's weighted terms on its
   * own words (0–1) is never an answer. Lower lets more sentences through to the second
   * stage; it does not by itself make the engine answer more.
   */
  minCoverage?: number;
  /**
   * The engine abstains when the estimated chance that its best answer is right is
   * below this (0–1). Default: the thresholds fitted with the ranking model, one for
   * questions asked of every article and one for questions asked of one article.
   */
  minConfidence?: number;
  /** Domain lexicon of equivalent words and phrases (from `knowledge/lexicon.yaml`). */
  lexicon?: Lexicon;
  /** Related words from WordNet; `false` turns them off (for measurements). */
  wordnet?: WordNet | false;
  /** Word vectors for closeness in meaning; `false` turns them off (for measurements). */
  vectors?: WordVectors | false;
  /** Typo correction against the sources' vocabulary; `false` turns it off. */
  fuzzy?: boolean;
}

const WARM_UP_QUESTIONS = 24;
const WARM_UP_WORDS = 300;
/** A word with its second letter dropped: a typo for the warm-up to correct. */
const misspell = (w: string) => w.slice(0, 1) + w.slice(2);
/** Question shapes for `warmUp`, one per answer type and a typing prefix. */
const WARM_UP_TEMPLATES: Array<(a: string, b: string, c: string) => string> = [
  (a, b, c) => `What did they say about the ${a} and ${b} ${c}?`,
  (a, b) => `When did the ${a} ${b}?`,
  (a, b) => `How many ${a} were ${b}?`,
  (a, b, c) => `Why did ${a} ${b} ${c}?`,
  (a, b) => `Who ${a} the ${b}?`,
  (a) => `what is ${a}`,
  (a, b) => `where is the ${a} ${b}`,
  (a, b) => `${a} ${b.slice(0, 2)}`,
];

export interface AnswerSource {
  id: string;
  title: string;
  publisher?: string;
  published?: string;
  url?: string;
}

export interface RankedAnswer {
  id: string;
  text: string;
  /** Relevance in [0, 1]. */
  score: number;
  source: AnswerSource;
  paragraph: number;
  sentence: number;
  kind: SentenceKind;
  /** How sure the engine is that this sentence answers the question, as members are told. */
  confidence: ConfidenceLevel;
  /** The sources' words that matched the question, for highlighting. */
  matched: string[];
  /** Character ranges of those words in `text`. */
  highlights: Array<[number, number]>;
  explain: Explanation & { terms: Array<{ term: string; form: string; weight: number }> };
}

/** strong: right about nine times in ten on the development sets; good: seven in ten. */
export type ConfidenceLevel = 'strong' | 'good' | 'partial';

export interface Answer {
  question: string;
  abstained: boolean;
  answers: RankedAnswer[];
  /** The question as analysed, with `debug`. */
  analysis?: { answerType?: string; terms: Array<{ text: string; importance: number; forms: string[] }> };
}

export interface AskOptions {
  /** How many answers at most (default 5). */
  limit?: number;
  /** Skip this many of the ranked answers (for "More"). */
  offset?: number;
  /** Score every candidate instead of stopping once the answers are settled (for checks). */
  exhaustive?: boolean;
  /** Include the question's analysis (terms, forms, weights) in the answer. */
  debug?: boolean;
  /** Answer from this article only (its id). */
  source?: string;
}

export function sourceOf(meta: SourceMeta): AnswerSource {
  const s: AnswerSource = { id: meta.id, title: meta.title };
  if (meta.publisher) s.publisher = meta.publisher;
  if (meta.published) s.published = meta.published;
  if (meta.url) s.url = meta.url;
  return s;
}

/**
 * The answer engine: one object per knowledge base. It finds the sentences that answer
 * a question, or abstains when the sources do not cover it. Deterministic for a given
 * knowledge base and options.
 */
export class AnswerEngine {
  readonly minCoverage: number;
  readonly minConfidence: { folder: number; article: number };
  private readonly articles: ArticleContext;
  private readonly vocabulary?: VocabularyMatcher;
  private readonly wordnet?: WordNet;
  /** Multi-word names of the sources ("Free Iran World Summit"). */
  readonly names: NameIndex;
  /** The names the sources give titles ("Governor Ruth Ambler"). */
  private readonly roles: RoleIndex;

  constructor(
    readonly index: SentenceIndex,
    private readonly options: EngineOptions = {},
  ) {
    this.minCoverage = options.minCoverage ?? DEFAULT_MIN_COVERAGE;
    this.minConfidence = options.minConfidence === undefined ? RANKER.thresholds.abstain : { folder: options.minConfidence, article: options.minConfidence };
    // The lexicon's words too: "washnigton" is Washington, which the lexicon reads as the United States.
    const lexiconWords = (options.lexicon?.groups ?? []).flatMap((g) => g.map((e) => e.text.toLowerCase())).filter((w) => /^\p{L}+$/u.test(w));
    if (options.fuzzy !== false) this.vocabulary = new VocabularyMatcher(new Set([...index.surfaceToTerm.keys(), ...lexiconWords]));
    if (options.wordnet !== false) this.wordnet = options.wordnet ?? sharedWordNet();
    this.articles = new ArticleContext(index, this.wordnet, options.vectors === false ? undefined : (options.vectors ?? sharedWordVectors()));
    // Built here rather than on a member's question, so nobody waits for them.
    this.roles = new RoleIndex(index.sentences.map((s) => s.text));
    this.names = new NameIndex([...index.sentences.map((s) => s.text), ...[...index.sources.values()].map((s) => s.title)]);
    index.affixTables();
  }

  static fromKnowledge(kb: KnowledgeBase, options: EngineOptions = {}): AnswerEngine {
    return new AnswerEngine(SentenceIndex.build(kb), options);
  }

  /** The question's analysis; the only place a question is clipped (`AnalysedQuestion.text` is the clipped question). */
  analyse(question: string): AnalysedQuestion {
    return analyseQuestion(clipQuestion(question), {
      index: this.index,
      lexicon: this.options.lexicon,
      wordnet: this.wordnet,
      vocabulary: this.vocabulary,
      names: this.names,
      roles: this.roles,
    });
  }

  /**
   * The first stage: the sentences that cover the question best on their own words, best
   * first, enough of them to fill the second stage's pool and `need` answers (all of them
   * with `exhaustive`). With `source`, every sentence of that article.
   */
  rank(
    question: string,
    need = 5,
    { exhaustive = false, source }: { exhaustive?: boolean; source?: string } = {},
  ): { analysis: AnalysedQuestion; terms: CompiledTerm[]; ranked: RankedSentence[] } {
    const analysis = this.analyse(question);
    const terms = compileTerms(analysis, this.index);
    if (source !== undefined) {
      const d = this.articles.byId.get(source);
      const ranked = d === undefined ? [] : rankRange(this.index, terms, analysis.answerType, this.articles.start[d]!, this.articles.end[d]!);
      return { analysis, terms, ranked };
    }
    const ranked = topRanked(this.index, terms, analysis.answerType, {
      count: exhaustive ? Infinity : Math.max(need, RERANK_POOL),
      minCoverage: this.minCoverage,
      followerFloor: this.minCoverage,
      followerShare: CANDIDATE_SHARE,
    });
    return { analysis, terms, ranked };
  }

  /**
   * Both stages: the first stage's pool of answerable candidates (anchored, covering enough
   * of the question), reranked in their articles, best first, each with its confidence.
   */
  rerank(question: string, need = 5, options: { exhaustive?: boolean; source?: string } = {}): { analysis: AnalysedQuestion; list: RerankedSentence[] } {
    const { analysis, terms, ranked } = this.rank(question, need, options);
    const best = ranked.find((s) => s.anchored);
    const floor = best ? Math.max(this.minCoverage, best.coverage * CANDIDATE_SHARE) : Infinity;
    const pool: RankedSentence[] = [];
    for (const s of ranked) {
      if (s.anchored && s.coverage >= floor) pool.push(s);
      if (pool.length >= Math.max(need, RERANK_POOL)) break;
    }
    if (options.source === undefined) this.widen(pool, terms, analysis);
    return { analysis, list: rerank(this.articles, analysis, terms, analysis.answerType, pool, options.source !== undefined) };
  }

  /**
   * Adds to the pool the best other sentences of the articles its leading candidates come
   * from: the sentence that answers often shares few words with the question ("based in
   * Ohio" for "where is Kestrel headquartered") and would never pass the first stage's
   * floor, but it stands in the article the question is about, where the second stage's
   * closeness in meaning can find it.
   */
  private widen(pool: RankedSentence[], terms: CompiledTerm[], analysis: AnalysedQuestion): void {
    const docs: number[] = [];
    for (const s of pool) {
      const d = this.index.docOf[s.index]!;
      if (d >= 0 && !docs.includes(d)) docs.push(d);
      if (docs.length >= WIDEN_ARTICLES) break;
    }
    const inPool = new Set(pool.map((s) => s.index));
    for (const d of docs) {
      let added = 0;
      for (const s of rankRange(this.index, terms, analysis.answerType, this.articles.start[d]!, this.articles.end[d]!)) {
        if (added >= WIDEN_SENTENCES || s.score <= 0) break;
        if (inPool.has(s.index)) continue;
        pool.push(s);
        added++;
      }
    }
  }

  /** Every sentence of one article, best first by the second stage, whether it would be shown or not (for evaluation). */
  rankArticle(question: string, source: string): Sentence[] {
    const { analysis, terms, ranked } = this.rank(question, 0, { source });
    const list = rerank(this.articles, analysis, terms, analysis.answerType, ranked, true);
    return list.map((s) => this.index.sentences[s.first.index]!);
  }

  ask(question: string, options: AskOptions = {}): Answer {
    const limit = options.limit ?? 5;
    const offset = options.offset ?? 0;
    const { analysis, list } = this.rerank(question, offset + limit, { exhaustive: options.exhaustive, source: options.source });
    // The question is clipped once, where it is analysed; the answer echoes it as analysed.
    const clipped = analysis.text;
    const best = list[0];
    const abstained = !best || best.confidence < (options.source === undefined ? this.minConfidence.folder : this.minConfidence.article);
    const kept = abstained ? [] : list.filter((s, k) => k === 0 || s.confidence >= RANKER.thresholds.follower);
    return {
      question: clipped,
      abstained,
      answers: kept.slice(offset, offset + limit).map((s) => this.toAnswer(s.scored, s.confidence)),
      ...(options.debug
        ? {
            analysis: {
              answerType: analysis.answerType,
              terms: analysis.terms.map((t) => ({
                text: t.text,
                importance: round(t.importance),
                forms: t.forms.map((f) => `${f.label}${f.weight < 1 ? `~${round(f.weight)}` : ''}`),
              })),
            },
          }
        : {}),
    };
  }

  /**
   * Gets the engine ready for members' questions: asks a few questions made from the
   * sources' own words, so that the JavaScript engine has compiled the ranking's hot paths
   * (on a large index the first questions are otherwise several times slower than later
   * ones), then analyses the sources' most frequent words, plain and misspelt, so their
   * WordNet relatives are cached and typo correction is compiled too. Long-running entry
   * points call it once after loading; it stops after `budgetMs`. Answers are unchanged.
   */
  warmUp(budgetMs = 600): { questions: number; words: number; ms: number } {
    const started = performance.now();
    const over = () => performance.now() - started > budgetMs;
    const sentences = this.index.sentences;
    let questions = 0;
    for (let k = 0; k < WARM_UP_QUESTIONS && sentences.length > 0 && !over(); k++) {
      // Sentences spread over the whole index, each giving the words of one question.
      const text = sentences[Math.floor(((k + 0.5) * sentences.length) / WARM_UP_QUESTIONS)]!.text;
      const words = tokenize(text)
        .map((t) => t.norm)
        .filter((w) => /^\p{L}{4,}$/u.test(w));
      if (words.length < 2) continue;
      const template = WARM_UP_TEMPLATES[k % WARM_UP_TEMPLATES.length]!;
      // Every third question has a typo, so typo correction warms up too.
      this.ask(template(k % 3 === 2 ? misspell(words[0]!) : words[0]!, words[1]!, words.at(-1)!));
      questions++;
    }
    let words = 0;
    // Small sources answer fast anyway: one word per four sentences, up to WARM_UP_WORDS.
    for (const word of this.frequentWords(Math.min(WARM_UP_WORDS, Math.floor(sentences.length / 4)))) {
      if (over()) break;
      this.analyse(`what about ${words % 4 === 3 ? misspell(word) : word}`);
      words++;
    }
    return { questions, words, ms: performance.now() - started };
  }

  /** The sources' most frequent words (four letters or more, not stopwords), most frequent first. */
  private frequentWords(limit: number): string[] {
    const counted: Array<[string, number]> = [];
    for (const [word, id] of this.index.surfaceToTerm) if (/^\p{L}{4,}$/u.test(word) && !STOPWORDS.has(word)) counted.push([word, this.index.df(id)]);
    return counted
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, limit)
      .map(([word]) => word);
  }

  /** The sentence with `before` and `after` neighbours from the same document. */
  context(sentenceId: string, before = 1, after = 1): Sentence[] {
    const i = this.index.indexOf(sentenceId);
    if (i === undefined) return [];
    const me = this.index.sentences[i]!;
    return this.index.sentences.slice(Math.max(0, i - before), i + after + 1).filter((s) => s.docId === me.docId);
  }

  sentence(sentenceId: string): Sentence | undefined {
    const i = this.index.indexOf(sentenceId);
    return i === undefined ? undefined : this.index.sentences[i];
  }

  /** Every article with its sentence count, in knowledge-base order. */
  sources(): Array<AnswerSource & { author?: string; sentences: number }> {
    const counts = new Map<string, number>();
    for (const s of this.index.sentences) counts.set(s.docId, (counts.get(s.docId) ?? 0) + 1);
    return [...this.index.sources.values()].map((meta) => ({
      ...sourceOf(meta),
      ...(meta.author ? { author: meta.author } : {}),
      sentences: counts.get(meta.id) ?? 0,
    }));
  }

  toAnswer(s: ScoredSentence, confidence: number): RankedAnswer {
    const sentence = this.index.sentences[s.index]!;
    const meta = this.index.sources.get(sentence.docId)!;
    const highlights = highlightRanges(sentence.text, new Set(s.matches.flatMap((m) => m.positions)));
    return {
      id: sentence.id,
      text: sentence.text,
      score: round(Math.min(1, Math.max(0, confidence))),
      source: sourceOf(meta),
      paragraph: sentence.paragraph,
      sentence: sentence.sentence,
      kind: sentence.kind,
      confidence: confidenceLevel(confidence),
      matched: [...new Set(highlights.map(([a, b]) => sentence.text.slice(a, b)))],
      highlights,
      explain: {
        ...mapValues(s.explain, round),
        terms: s.matches.map((m) => ({ term: m.term, form: m.form, weight: round(m.weight) })),
      },
    };
  }
}

function highlightRanges(text: string, positions: Set<number>): Array<[number, number]> {
  return tokenize(text)
    .map((t, i) => [i, t] as const)
    .filter(([i]) => positions.has(i))
    .map(([, t]) => [t.start, t.end]);
}

export function confidenceLevel(p: number): ConfidenceLevel {
  return p >= RANKER.thresholds.strong ? 'strong' : p >= RANKER.thresholds.good ? 'good' : 'partial';
}

export function clipQuestion(question: string): string {
  const trimmed = question.trim();
  return trimmed.length <= MAX_QUESTION_CHARS ? trimmed : clipAtWord(trimmed, MAX_QUESTION_CHARS);
}

let wordnet: WordNet | undefined;
function sharedWordNet(): WordNet {
  return (wordnet ??= new WordNet());
}

const round = (n: number) => Math.round(n * 1000) / 1000;
function mapValues<T extends object>(o: T, f: (v: number) => number): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v as number)])) as T;
}
