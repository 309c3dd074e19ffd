import type { Feature } from './features.ts';
import type { AnswerType } from './language/stopwords.ts';
import type { Relation } from './language/wordnet.ts';

/**
 * Every ranking weight and threshold of the engine, in one place: what each does and how
 * it was chosen. Two kinds:
 *
 * - **Set by hand** (this file): the first stage's weights, which decide which sentences
 *   are candidates at all and in what order they are found. They were set on the seed's
 *   development questions and checked on the held-out sets; each was kept only when it
 *   helped there without costing elsewhere. Change one, then run `npm run eval` on every
 *   set (README, "Answer quality") and `npm run train` (the second stage learns on top).
 * - **Learned** (`ranker-model.ts`, written by `npm run train` from
 *   `scripts/train-ranker.ts`): the second stage's feature weights, the confidence
 *   calibration, the abstention threshold and the confidence-word levels, fitted on the
 *   development sets with cross-validation. Never edited by hand.
 */

// ---------------------------------------------------------------- question analysis

/**
 * How much a match through a related form counts next to the literal word (1). Ordered
 * by how often the relation keeps the meaning: a compound or a typo fix almost always,
 * a synonym usually, a broader or narrower term only sometimes.
 */
export const EXPANSION_WEIGHTS: Record<Relation | 'lexicon' | 'compound' | 'fuzzy' | 'scattered' | 'partial' | 'part' | 'broaderNoun' | 'titled', number> = {
  /** "cyber attack" for "cyberattack". */
  compound: 0.95,
  /** An equivalent from `knowledge/lexicon.yaml`. */
  lexicon: 0.85,
  /** A typo fixed against the sources' vocabulary (one edit; see TWO_EDITS_FACTOR). */
  fuzzy: 0.85,
  /** A phrase's words present but apart ("staff from the embassy" for "embassy staff"). */
  scattered: 0.8,
  /** One word of a multi-word term. */
  partial: 0.45,
  /** The word as part of a compound ("night" in "overnight"). */
  part: 0.6,
  /** "Ambler" for "the governor", where the sources write "Governor Ruth Ambler". */
  titled: 0.75,
  /** "Albanian" for "Albania": the same thing as adjective and noun. */
  pertainym: 0.9,
  synonym: 0.75,
  /** "expel" → "expulsion". */
  derived: 0.7,
  /** "sue" → "lawsuit": a synonym of a derived form. */
  derivedSynonym: 0.5,
  /** "die" → "kill", "kill" → "die": cause, effect or entailment of a verb. */
  cause: 0.55,
  /** "Did Iran admit it?" is answered by "Iran denied it". */
  antonym: 0.5,
  narrower: 0.3,
  /** A verb's broader term is vague ("joke" → "communicate")… */
  broader: 0.25,
  /** …a noun's is close ("proof" → "evidence"). */
  broaderNoun: 0.4,
};
/** A typo two edits from the word it was corrected to ("emabssy") counts this much of a one-edit one. */
export const TWO_EDITS_FACTOR = 0.85;
/** Related words reached through a rarer sense of the word count this much less. */
export const RARER_SENSE_FACTOR = 0.6;
/** At most this many WordNet relatives per word, the closest first (bounds cost and noise). */
export const MAX_WORDNET_FORMS = 40;
/**
 * Words in a prepositional adjunct ("inside the embassy", "after the Iranians left") set
 * the scene rather than name what is asked about, so they count a little less.
 */
export const ADJUNCT_FACTOR = 0.75;
/** Unknown words may be paraphrase filler, so they weigh less than the rarest known word. */
export const UNKNOWN_FACTOR = 0.75;
/** …but a name the sources never mention ("London") is a strong sign they don't cover the question. */
export const UNKNOWN_NAME_FACTOR = 1.5;
/** "What happened", "what did they say": these general verbs count this much of their rarity. */
export const LIGHT_FACTOR = 0.3;
/** The noun the question asks about ("the *population* of Albania") counts this much more. */
export const FOCUS_FACTOR = 1.5;

// ---------------------------------------------------------------- first stage: scoring

/** How much each signal adds to a sentence's coverage of the question (`score.ts`). */
export const WEIGHTS = {
  proximity: 0.08,
  phrase: 0.06,
  answerType: 0.2,
  firstMention: 0.04,
  /** A sentence next to one that covers the question gets this share of that coverage. */
  neighbours: 0.08,
  /** Headlines and captions are quotable but rank below body text. */
  leadKind: 0.85,
};
/** A match this close (form weight)… */
export const ANCHOR_WEIGHT = 0.7;
/** …on a term worth this share of the question anchors an answer: loose relatives alone never do. */
export const ANCHOR_SHARE = 0.15;
/** Words a phrase may have between its parts: "cut diplomatic relations" still says "cut relations". */
export const PHRASE_GAP = 2;
/** Which sentence features answer which kind of question, and how well. */
export const TYPE_FEATURES: Partial<Record<AnswerType, Array<[Feature, number]>>> = {
  date: [
    ['date', 1],
    ['duration', 0.6],
  ],
  duration: [
    ['duration', 1],
    ['number', 0.5],
    ['date', 0.3],
  ],
  number: [
    ['number', 1],
    ['duration', 0.8],
  ],
  person: [['person', 1]],
  place: [
    ['place', 1],
    ['person', 0.3],
  ],
  reason: [['reason', 1]],
  statement: [['statement', 1]],
};
/** "How many cars": a number that does not stand just before a question word earns this share of the bonus. */
export const NUMBER_ELSEWHERE = 0.6;

// ---------------------------------------------------------------- first stage: candidates

/**
 * A sentence covering less than this share of the question on its own words is never an
 * answer (`MIN_COVERAGE` overrides it). Low, since the second stage decides: it only keeps
 * sentences that share next to nothing with the question out of the candidates.
 */
export const DEFAULT_MIN_COVERAGE = 0.3;
/** Candidates must also cover this share of what the best candidate covers (lower finds 0.6 % more right sentences at 1.4× the time). */
export const CANDIDATE_SHARE = 0.5;
/**
 * How many first-stage candidates the second stage looks at. The right sentence is among
 * the first 20 for about 90 % of the SelQA questions asked of the whole folder (30: 90.3 %,
 * 15: 89.7 %); more adds time, not answers.
 */
export const RERANK_POOL = 20;
/**
 * The second stage also looks at the best other sentences (up to WIDEN_SENTENCES, any that
 * share a word with the question) of the articles of its first WIDEN_ARTICLES candidates,
 * below the first stage's floor: the answer often says it in other words.
 */
export const WIDEN_ARTICLES = 2;
export const WIDEN_SENTENCES = 10;

// ---------------------------------------------------------------- second stage: features

/** A literal match counts as exact from this form weight up (compounds included). */
export const EXACT_WEIGHT = 0.95;
/** Forms at least this close (synonyms and closer) decide how rare a term is within an article. */
export const CLOSE_FORM = 0.7;
/** A name the question is about, matched only where the sentence uses it as a modifier ("U.S. lawmakers"), counts this much. */
export const MODIFIER_FACTOR = 0.6;
/** Sentences this short (in words) are headings, credits or fragments more often than answers. */
export const SHORT_SENTENCE = 4;
/** BM25's length normalisation (the usual values): long sentences cover more of any question by chance. */
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;
/** Questions with this many terms or more count as long. */
export const LONG_QUESTION_TERMS = 10;
/**
 * Word vectors: a sentence word closer to a question term than this cosine starts to count
 * as standing for it (unrelated words sit around 0.1-0.35 in GloVe; "revenue" and "sales"
 * are at 0.78). Above it, the model weighs how much.
 */
export const SEMANTIC_FLOOR = 0.4;
/** A typo correction or split compound at least this close also stands for its term in the vectors. */
export const SEMANTIC_FORM = 0.8;
