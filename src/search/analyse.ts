import type { VocabularyMatcher } from './fuzzy.ts';
import { CHAT_FILLER, CHAT_LEAD_INS, LIGHT_WORDS, QUESTION_WORDS, STOPWORDS, type AnswerType } from './language/stopwords.ts';
import { irregularBase } from './language/irregular.ts';
import { editDistance, stem, tokenize, type Token } from './language/text.ts';
import type { Pos, WordNet } from './language/wordnet.ts';
import {
  ADJUNCT_FACTOR,
  EXPANSION_WEIGHTS,
  FOCUS_FACTOR,
  LIGHT_FACTOR,
  MAX_WORDNET_FORMS,
  RARER_SENSE_FACTOR,
  TWO_EDITS_FACTOR,
  UNKNOWN_FACTOR,
  UNKNOWN_NAME_FACTOR,
} from './tuning.ts';
import { stemPhrase, type Lexicon } from './lexicon.ts';
import type { NameIndex } from './names.ts';
import type { RoleIndex } from './roles.ts';
import type { SentenceIndex } from './sentence-index.ts';

/** One way a question term can appear in a sentence; a phrase when it has several stems. */
export interface Form {
  stems: string[];
  /** How much a match through this form counts, 0–1 (the literal word counts 1). */
  weight: number;
  via: 'word' | 'compound' | 'fuzzy' | 'lexicon' | 'wordnet';
  /** The word as found (for explanations). */
  label: string;
  /** For phrases: false lets the words match anywhere in the sentence, not only close together. */
  adjacent?: boolean;
  /** For phrases: how many other words may stand between two of its words (default 2). */
  gap?: number;
}

/** One concept of the question, with every form it may take in the sources. */
export interface QueryTerm {
  text: string;
  /** How much this term matters: its rarity, less for general verbs and unknown words. */
  importance: number;
  forms: Form[];
  /** The stems of the words as asked (even when the sources lack them): matched against titles. */
  literal: string[];
}

export interface AnalysedQuestion {
  text: string;
  answerType?: AnswerType;
  terms: QueryTerm[];
}

/** What analysis may consult; each part is optional so the method can be measured without it. */
export interface AnalysisResources {
  index: SentenceIndex;
  names?: NameIndex;
  roles?: RoleIndex;
  lexicon?: Lexicon;
  wordnet?: WordNet;
  vocabulary?: VocabularyMatcher;
}

/** Prepositions that open a scene-setting adjunct (see ADJUNCT_FACTOR). */
const ADJUNCT_PREPOSITIONS = new Set(['in', 'inside', 'at', 'on', 'near', 'outside', 'within', 'during', 'after', 'before', 'from', 'into', 'across', 'around']);

/** Words right after a question word that name the answer type rather than a topic. */
const TYPE_NOUNS: ReadonlyMap<string, AnswerType> = new Map(
  Object.entries({
    time: 'date',
    date: 'date',
    day: 'date',
    year: 'date',
    month: 'date',
    week: 'date',
    country: 'place',
    countries: 'place',
    city: 'place',
    place: 'place',
    town: 'place',
    region: 'place',
    reason: 'reason',
    reasons: 'reason',
    person: 'person',
    people: 'person',
    man: 'person',
    woman: 'person',
    official: 'person',
  } satisfies Record<string, AnswerType>),
);

/**
 * Nouns anywhere in a "what" question that ask for a quantity ("what was the vote count",
 * "what's the death toll"). The first group only names the kind of answer and is dropped
 * like a question word (sentences give the number, not the word "count"); the second is
 * also what the sources call it ("the death toll rose to 12") and stays a term.
 */
const QUANTITY_NOUNS: ReadonlyMap<string, boolean> = new Map([
  ['count', true],
  ['number', true],
  ['total', true],
  ['amount', true],
  ['percentage', true],
  ['percent', true],
  ['tally', true],
  ['toll', false],
  ['population', false],
  ['score', false],
  ['margin', false],
  ['age', false],
  ['attendance', false],
  ['turnout', false],
]);

const MEASURES = new Set([
  'fast',
  'far',
  'old',
  'big',
  'large',
  'tall',
  'high',
  'deep',
  'strong',
  'heavy',
  'wide',
  'small',
  'hot',
  'cold',
  'expensive',
  'severe',
  'bad',
  'serious',
]);
const REACTION_WORDS = new Set(['react', 'reacted', 'reaction', 'respond', 'responded', 'response', 'reply', 'replied', 'say', 'said', 'says', 'comment', 'commented']);

function isAcronym(t: Token): boolean {
  return /^\p{Lu}[\p{Lu}.]+$/u.test(t.raw) && t.raw.replace(/\./g, '').length >= 2;
}

/** Splits off the question word, working out what kind of answer is wanted. */
function findAnswerType(tokens: Token[], index: SentenceIndex): { type?: AnswerType; consumed: Set<number> } {
  const consumed = new Set<number>();
  let qi = tokens.findIndex((t) => QUESTION_WORDS.has(t.norm));
  // A misspelt question word at the start ("wen", "wher") when it is not a real word here.
  if (qi < 0 && tokens[0] && tokens[0].norm.length >= 3 && !index.surfaceToTerm.has(tokens[0].norm)) {
    const guess = [...QUESTION_WORDS.keys()].find((w) => editDistance(tokens[0]!.norm, w, 1) <= 1);
    if (guess) {
      qi = 0;
      tokens[0] = { ...tokens[0], norm: guess };
    }
  }
  if (qi < 0) return { consumed };
  const qword = tokens[qi]!.norm;
  consumed.add(qi);
  let type = QUESTION_WORDS.get(qword);
  const next = tokens[qi + 1];
  if (qword === 'how' && next) {
    if (next.norm === 'many' || next.norm === 'much') type = 'number';
    else if (next.norm === 'long') type = 'duration';
    else if (next.norm === 'often') type = 'number';
    // "how fast / far / old / big …" asks for a measurement.
    else if (MEASURES.has(next.norm)) type = 'number';
    if (type !== 'manner') consumed.add(qi + 1);
  }
  const typeNoun = next && TYPE_NOUNS.get(next.norm);
  if ((qword === 'what' || qword === 'which') && typeNoun) {
    type = typeNoun;
    consumed.add(qi + 1);
  }
  if ((qword === 'what' || qword === 'which') && type === 'thing') {
    // "the number of films", "what percent", "the vote count": a quantity; "a number of reasons" is not.
    const k = tokens.findIndex((t, i) => i > qi && QUANTITY_NOUNS.has(t.norm) && !(tokens[i - 1]?.norm === 'a' && tokens[i + 1]?.norm === 'of'));
    if (k >= 0) {
      type = 'number';
      // "the total number of …": every word of the run only names the kind of answer.
      for (let i = k; QUANTITY_NOUNS.get(tokens[i]?.norm ?? '') === true; i++) consumed.add(i);
    }
  }
  if (qword === 'when' && tokens[qi - 1]?.norm === 'since') consumed.add(qi - 1);
  // "How did Iran react?", "What did the US say?": the answer is what someone said or did
  // in response, whatever words the sources use for it.
  if (type === 'manner' || type === 'thing') {
    const said = tokens.findIndex((t, i) => i > qi && REACTION_WORDS.has(t.norm));
    if (said >= 0) {
      type = 'statement';
      consumed.add(said);
    }
  }
  return { type, consumed };
}

function expansionForms(word: string, own: string, r: AnalysisResources, seen: Set<string>, pos?: Pos): Form[] {
  const forms: Form[] = [];
  const ownKnown = r.index.termId(own) !== undefined;
  const ownIdf = r.index.idf(r.index.termId(own));
  const add = (stems: string[], rawWeight: number, via: Form['via'], label: string, gap?: number) => {
    const key = stems.join(' ');
    // Reaching a rare word through a common one ("die" → "go") is weak evidence.
    const idf = Math.max(...stems.filter((s) => !STOPWORD_STEMS.has(s)).map((s) => r.index.idf(r.index.termId(s))), 0);
    const rarity = ownKnown ? Math.min(1, Math.sqrt(idf / ownIdf)) : 1;
    // "end" → "go": a general verb says almost nothing as a stand-in.
    const light = via === 'wordnet' && stems.every((s) => LIGHT_STEMS.has(s) || STOPWORD_STEMS.has(s));
    const weight = rawWeight * rarity * (light ? LIGHT_FACTOR : 1);
    // "before" for "earlier" would match half the sentences: stopwords are no evidence.
    if (!stems.length || seen.has(key) || stems.every((s) => STOPWORD_STEMS.has(s))) return;
    if (!stems.every((s) => r.index.termId(s) !== undefined)) return;
    seen.add(key);
    forms.push({ stems, weight, via, label, ...(gap !== undefined ? { gap } : {}) });
  };
  const titled = (key: string) => {
    for (const name of r.roles?.namesFor(key) ?? []) add([name], EXPANSION_WEIGHTS.titled, 'word', name);
  };
  titled(own);
  if (r.lexicon) {
    for (const group of r.lexicon.groups) {
      if (!group.some((e) => e.stems.length === 1 && e.stems[0] === own)) continue;
      for (const e of group) {
        add(e.stems, EXPANSION_WEIGHTS.lexicon, 'lexicon', e.text);
        titled(e.stems.join(' '));
      }
    }
  }
  if (r.wordnet && /^\p{L}[\p{L} ]{2,}$/u.test(word)) {
    // "Russia" is a country, but a question about Russia is not about any country.
    const name = r.wordnet.isNamedEntity(word);
    const weighted = r.wordnet
      .related(word, 3, pos)
      .filter((rel) => !(name && (rel.relation === 'broader' || rel.relation === 'narrower')))
      .map((rel) => {
        // A noun's direct broader term is close ("proof" → "evidence"); a verb's is vague ("joke" → "communicate").
        const base = rel.relation === 'broader' && rel.pos === 'noun' ? EXPANSION_WEIGHTS.broaderNoun : EXPANSION_WEIGHTS[rel.relation];
        // A meaning that is rare for the asked word, or for the synonym ("pass" for "die"), is weak evidence.
        return { word: rel.word, weight: base * (rel.sense > 0 ? RARER_SENSE_FACTOR : 1) * (rel.ownSense > 1 ? RARER_SENSE_FACTOR : 1) };
      })
      // The closest relatives first, so the cap drops the loosest ones (stable among equals).
      .sort((a, b) => b.weight - a.weight)
      .slice(0, MAX_WORDNET_FORMS);
    // WordNet's multi-word entries are fixed expressions: side by side or not at all.
    for (const rel of weighted) add(stemPhrase(rel.word), rel.weight, 'wordnet', rel.word, 0);
  }
  return forms;
}

/**
 * Turns a question into weighted terms: question word → answer type; stopwords out;
 * each remaining word with its literal stem, fixes for typos and split or joined
 * compounds, and related words from the lexicon and WordNet at lower weight.
 */
export function analyseQuestion(question: string, r: AnalysisResources): AnalysedQuestion {
  const { index } = r;
  // "what % did she get": the sign is a word here, though the sources' "54%" is only a number.
  const tokens = normaliseChat(tokenize(withoutLeadIns(question).replace(/%/g, ' percent '))).filter((t) => !CHAT_FILLER.has(t.norm));
  const { type, consumed } = findAnswerType(tokens, index);
  const terms: QueryTerm[] = [];
  const adjuncts = adjunctTokens(tokens, consumed);
  for (const name of namesIn(tokens, consumed, r)) {
    const term = makeTerm(name.text, name.forms, r, name.stems, true);
    if (adjuncts.has(tokens[name.at]!)) term.importance *= ADJUNCT_FACTOR;
    terms.push(term);
  }
  for (const phrasal of phrasalVerbs(tokens, consumed, r)) {
    const term = makeTerm(phrasal.text, phrasal.forms, r, phrasal.stems, false);
    // "going on", "took them in": a general verb whose sense the sources don't word closely.
    if (phrasal.light && !phrasal.forms.some((f) => f.weight >= 0.7 && f.via !== 'word')) term.importance *= LIGHT_FACTOR;
    if (adjuncts.has(tokens[phrasal.at]!)) term.importance *= ADJUNCT_FACTOR;
    terms.push(term);
  }
  const content: Token[] = tokens.filter((t, i) => !consumed.has(i) && (isAcronym(t) || !STOPWORDS.has(t.norm)) && !QUESTION_WORDS.has(t.norm));
  const takenPhrases = new Set<number>();

  // Lexicon phrases written out in the question ("prime minister") become one term.
  if (r.lexicon) {
    const stems = content.map((t) => stem(t.norm));
    for (let i = 0; i < content.length; i++) {
      for (const group of r.lexicon.groups) {
        const entry = group.find((e) => e.stems.length > 1 && e.stems.every((s, k) => stems[i + k] === s));
        if (!entry || entry.stems.some((_, k) => takenPhrases.has(i + k))) continue;
        entry.stems.forEach((_, k) => takenPhrases.add(i + k));
        const forms: Form[] = [
          { stems: entry.stems, weight: 1, via: 'word', label: entry.text },
          { stems: entry.stems, weight: EXPANSION_WEIGHTS.scattered, via: 'word', label: entry.text, adjacent: false },
          // One word of the phrase alone still says something ("cut" of "cut ties").
          ...entry.stems
            .filter((s) => !STOPWORDS.has(s) && index.termId(s) !== undefined)
            .map((s): Form => ({ stems: [s], weight: EXPANSION_WEIGHTS.partial, via: 'word', label: s })),
        ];
        const seen = new Set<string>([entry.stems.join(' ')]);
        for (const alt of group) {
          const key = alt.stems.join(' ');
          // "the prime minister" is "Rama" where the sources title him so.
          for (const name of r.roles?.namesFor(key) ?? []) {
            if (seen.has(name) || index.termId(name) === undefined) continue;
            seen.add(name);
            forms.push({ stems: [name], weight: EXPANSION_WEIGHTS.titled, via: 'word', label: name });
          }
          if (seen.has(key) || !alt.stems.every((s) => index.termId(s) !== undefined)) continue;
          seen.add(key);
          forms.push({ stems: alt.stems, weight: EXPANSION_WEIGHTS.lexicon, via: 'lexicon', label: alt.text });
        }
        const words = content.slice(i, i + entry.stems.length);
        const joined = words.map((t) => t.norm).join('');
        if (index.surfaceToTerm.has(joined)) {
          forms.push({ stems: [stem(joined)], weight: EXPANSION_WEIGHTS.compound, via: 'compound', label: joined });
        }
        const known = entry.stems.every((s) => index.termId(s) !== undefined);
        const term = makeTerm(words.map((t) => t.raw).join(' '), forms, r, entry.stems, known);
        if (adjuncts.has(words[0]!)) term.importance *= ADJUNCT_FACTOR;
        terms.push(term);
      }
    }
  }

  for (let i = 0; i < content.length; i++) {
    if (takenPhrases.has(i)) continue;
    const t = content[i]!;
    const next = content[i + 1];
    // "cyber attack" written apart when the sources join it.
    if (next && !takenPhrases.has(i + 1) && next.start - t.end <= 1) {
      let joined = t.norm + next.norm;
      // Also when misspelt: "cyber atack" → "cyberattack".
      if (!index.surfaceToTerm.has(joined) && joined.length >= 8 && !index.surfaceToTerm.has(next.norm)) {
        const hit = r.vocabulary?.match(joined, 1)[0];
        if (hit && editDistance(joined, hit.word, 1) <= 1) joined = hit.word;
      }
      if (index.surfaceToTerm.has(joined)) {
        const s = stem(joined);
        const seen = new Set([s]);
        const forms: Form[] = [{ stems: [s], weight: EXPANSION_WEIGHTS.compound, via: 'compound', label: joined }];
        forms.push(...expansionForms(joined, s, r, seen));
        terms.push(makeTerm(`${t.raw} ${next.raw}`, forms, r, [s], true));
        i++;
        continue;
      }
    }
    const own = stem(t.norm);
    const known = index.termId(own) !== undefined;
    const seen = new Set([own]);
    const forms: Form[] = known ? [{ stems: [own], weight: 1, via: 'word', label: t.norm }] : [];
    if (!known && /^\p{L}+$/u.test(t.norm)) {
      // "cyberattack" written together when the sources split it.
      for (let k = 3; k <= t.norm.length - 3; k++) {
        const a = t.norm.slice(0, k);
        const b = t.norm.slice(k);
        if (index.surfaceToTerm.has(a) && index.surfaceToTerm.has(b) && !STOPWORDS.has(a) && !STOPWORDS.has(b)) {
          forms.push({ stems: [stem(a), stem(b)], weight: EXPANSION_WEIGHTS.compound, via: 'compound', label: `${a} ${b}` });
        }
      }
      // Dropped g: "makin", "goin".
      if (forms.length === 0 && /in$/.test(t.norm) && r.wordnet && !r.wordnet.isWord(t.norm) && r.wordnet.isWord(`${t.norm}g`)) {
        const full = `${t.norm}g`;
        const s = stem(full);
        if (index.termId(s) !== undefined) forms.push({ stems: [s], weight: 1, via: 'word', label: full });
        forms.push(...expansionForms(full, s, r, seen));
        const term = makeTerm(t.raw, forms, r, [s], index.termId(s) !== undefined);
        if (LIGHT_WORDS.has(full)) term.importance *= LIGHT_FACTOR;
        terms.push(term);
        continue;
      }
      // "night" inside "overnight", "fire" inside "ceasefire": a compound of the sources
      // that ends or starts with the word, the rest being a word of its own.
      if (forms.length === 0 && t.norm.length >= 4) {
        for (const hit of compoundsContaining(t.norm, r)) {
          forms.push({ stems: [stem(hit)], weight: EXPANSION_WEIGHTS.part, via: 'compound', label: hit });
        }
      }
      // A misspelt everyday word ("hapen", "wat") is that word, not an unknown topic.
      const everyday = forms.length === 0 ? everydayWord(t.norm, r) : undefined;
      if (everyday !== undefined) {
        if (STOPWORDS.has(everyday)) continue;
        const term = makeTerm(t.raw, [], r, [stem(t.norm)], false);
        term.importance *= LIGHT_FACTOR / UNKNOWN_FACTOR;
        terms.push(term);
        continue;
      }
      // Only non-words are typos: a real word the sources lack ("president") is just absent.
      if (forms.length === 0 && r.vocabulary && !r.wordnet?.isWord(t.norm)) {
        for (const hit of r.vocabulary.match(t.norm)) {
          const s = stem(hit.word);
          if (seen.has(s)) continue;
          seen.add(s);
          // A slip of one key is as good as the word; two slips a little less.
          const weight = EXPANSION_WEIGHTS.fuzzy * (editDistance(t.norm, hit.word, 1) <= 1 ? 1 : TWO_EDITS_FACTOR);
          forms.push({ stems: [s], weight, via: 'fuzzy', label: hit.word });
        }
      }
    }
    // Related words for the word as written, and for a corrected typo.
    forms.push(...expansionForms(t.norm, own, r, seen, isVerbSlot(tokens, tokens.indexOf(t)) ? 'verb' : undefined));
    for (const f of forms.filter((f) => f.via === 'fuzzy')) forms.push(...expansionForms(f.label, f.stems[0]!, r, seen));
    const term = makeTerm(t.raw, forms, r, [own], known);
    // A place or person the sources never mention ("London") names what the question is
    // about, and is a strong sign they don't cover it.
    if (!known && forms.length === 0 && r.wordnet?.isNamedEntity(t.norm)) term.importance *= UNKNOWN_NAME_FACTOR / UNKNOWN_FACTOR;
    // A preposition that opens an adjunct ("inside the embassy") says where, not what.
    if (LIGHT_WORDS.has(t.norm) || ADJUNCT_PREPOSITIONS.has(t.norm)) term.importance *= LIGHT_FACTOR;
    if (adjuncts.has(t)) term.importance *= ADJUNCT_FACTOR;
    terms.push(term);
  }
  // The word the question asks about ("the *population* of Albania") must be in the
  // answer: it counts more, whether the sources have it or not.
  const focus = focusToken(tokens);
  const focusTerm = focus && terms.find((t) => t.text.split(' ').includes(focus.raw));
  if (focusTerm) focusTerm.importance *= FOCUS_FACTOR;
  return { text: question, answerType: type, terms };
}

const STOPWORD_STEMS = new Set([...STOPWORDS].map((w) => stem(w)));
const LIGHT_STEMS = new Set([...LIGHT_WORDS].map((w) => stem(w)));

/** The question without the chat lead-ins around it (analysis needs no offsets into it). */
function withoutLeadIns(question: string): string {
  let text = question;
  for (const pattern of CHAT_LEAD_INS) text = text.replace(pattern, ' ');
  return text;
}

/** Chat shorthand members type, read as the words they stand for. */
const CHAT_WORDS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    ppl: 'people',
    u: 'you',
    ur: 'your',
    r: 'are',
    y: 'why',
    bc: 'because',
    cuz: 'because',
    coz: 'because',
    cos: 'because',
    govt: 'government',
    gov: 'government',
    abt: 'about',
    wat: 'what',
    wut: 'what',
    wht: 'what',
    whos: 'who',
    whats: 'what',
    wheres: 'where',
    whens: 'when',
    hows: 'how',
    pls: 'please',
    plz: 'please',
    tho: 'though',
    thru: 'through',
    smth: 'something',
    sth: 'something',
    gonna: 'will',
    wanna: 'want',
    gotta: 'must',
    dunno: 'know',
    idk: 'know',
    info: 'information',
    pic: 'picture',
    pics: 'pictures',
    msg: 'message',
    yr: 'year',
    yrs: 'years',
    hrs: 'hours',
    mins: 'minutes',
  }),
);

function normaliseChat(tokens: Token[]): Token[] {
  return tokens.map((t, i) => {
    const word = CHAT_WORDS.get(t.norm);
    if (word) return { ...t, norm: word };
    // "the us" is the country, not the pronoun.
    if (t.norm === 'us' && tokens[i - 1]?.norm === 'the') return { ...t, raw: 'US' };
    return t;
  });
}

/**
 * Multi-word names of the sources written in the question, in any case ("free iran world
 * summit"): one term each, so a name counts once rather than once per word. A sentence
 * that has only some of its words, or refers to it by its last word's synonyms ("the
 * meeting" for the summit), still counts partly. Their tokens are marked consumed.
 */
function namesIn(tokens: Token[], consumed: Set<number>, r: AnalysisResources) {
  const found: Array<{ at: number; text: string; stems: string[]; forms: Form[] }> = [];
  const stems = tokens.map((t) => stem(t.norm));
  for (let i = 0; i < tokens.length; i++) {
    if (consumed.has(i)) continue;
    const name = r.names?.startingWith(stems[i]!).find((n) => n.every((s, k) => stems[i + k] === s && !consumed.has(i + k)));
    if (!name) continue;
    const words = tokens.slice(i, i + name.length);
    const meaningful = name.filter((s) => !STOPWORD_STEMS.has(s));
    const forms: Form[] = [
      { stems: name, weight: 1, via: 'word', label: words.map((t) => t.norm).join(' ') },
      { stems: meaningful, weight: EXPANSION_WEIGHTS.scattered, via: 'word', label: meaningful.join(' '), adjacent: false },
      ...meaningful.map((s, k): Form => ({ stems: [s], weight: EXPANSION_WEIGHTS.partial, via: 'word', label: words[k]?.norm ?? s })),
    ];
    const head = words[words.length - 1]!;
    const seen = new Set(forms.map((f) => f.stems.join(' ')));
    for (const f of expansionForms(head.norm, stem(head.norm), r, seen)) forms.push({ ...f, weight: f.weight * EXPANSION_WEIGHTS.partial });
    for (let k = 0; k < name.length; k++) consumed.add(i + k);
    found.push({ at: i, text: words.map((t) => t.raw).join(' '), stems: name, forms });
    i += name.length - 1;
  }
  return found;
}

const OBJECT_PRONOUNS = new Set(['it', 'them', 'him', 'her', 'us', 'me', 'this', 'that']);
const PARTICLES = new Set(['out', 'off', 'up', 'down', 'away', 'back', 'over', 'in', 'on']);

/**
 * Phrasal verbs WordNet knows ("called off" → call off → cancel; "thrown out" → throw
 * out → expel), as one term each. Their tokens are marked consumed.
 */
function phrasalVerbs(tokens: Token[], consumed: Set<number>, r: AnalysisResources) {
  const found: Array<{ at: number; text: string; stems: string[]; forms: Form[]; light: boolean }> = [];
  if (!r.wordnet) return found;
  for (let i = 0; i + 1 < tokens.length; i++) {
    const verb = tokens[i]!;
    // The particle may follow an object pronoun: "took them in", "called it off".
    const gap = OBJECT_PRONOUNS.has(tokens[i + 1]!.norm) && tokens[i + 2] && PARTICLES.has(tokens[i + 2]!.norm) ? 1 : 0;
    const p = i + 1 + gap;
    const particle = tokens[p]!;
    if (consumed.has(i) || consumed.has(p) || !PARTICLES.has(particle.norm) || STOPWORDS.has(verb.norm)) continue;
    const bases = new Set([
      irregularBase(verb.norm) ?? verb.norm,
      ...r.wordnet
        .lemmas(verb.norm)
        .filter((l) => l.pos === 'verb')
        .map((l) => l.lemma),
    ]);
    const base = [...bases].find((b) => r.wordnet!.lemmas(`${b} ${particle.norm}`).some((l) => l.pos === 'verb'));
    if (!base) continue;
    const phrase = `${base} ${particle.norm}`;
    const own = [stem(verb.norm), particle.norm];
    const seen = new Set([own.join(' ')]);
    const forms: Form[] = [];
    if (own.every((s) => r.index.termId(s) !== undefined)) forms.push({ stems: own, weight: 1, via: 'word', label: phrase });
    forms.push(...expansionForms(phrase, own.join(' '), r, seen));
    for (let k = i; k <= p; k++) consumed.add(k);
    found.push({ at: i, text: `${verb.raw} ${particle.raw}`, stems: own, forms, light: LIGHT_WORDS.has(verb.norm) || LIGHT_WORDS.has(base) });
    i = p;
  }
  return found;
}

const COPULAS = new Set(['is', 'was', 'are', 'were']);
const AUXILIARIES = new Set(['is', 'was', 'are', 'were', 'did', 'does', 'do', 'have', 'has', 'had', 'will', 'would', 'can', 'could']);
const NP_ENDS = new Set(['of', 'in', 'to', 'for', 'on', 'at', 'from', 'with', 'by', 'that', 'who', 'which']);
const DETERMINERS = new Set(['the', 'a', 'an', 'this', 'that', 'its', 'their', 'his', 'her']);

/**
 * The head noun the question asks about, from two common shapes: "what/who is the N
 * (of …)" and "how many/much N …". The head is the last word of the noun phrase, before
 * a preposition, a verb or the end ("the Iranian *ambassador* to Albania").
 */
function focusToken(tokens: Token[]): Token | undefined {
  const q = tokens.findIndex((t) => QUESTION_WORDS.has(t.norm));
  if (q < 0) return undefined;
  let start = -1;
  const qword = tokens[q]!.norm;
  if ((qword === 'what' || qword === 'who' || qword === 'which') && COPULAS.has(tokens[q + 1]?.norm ?? '')) start = q + 2;
  else if (qword === 'how' && (tokens[q + 1]?.norm === 'many' || tokens[q + 1]?.norm === 'much')) start = q + 2;
  if (start < 0) return undefined;
  while (start < tokens.length && DETERMINERS.has(tokens[start]!.norm)) start++;
  let head: Token | undefined;
  for (let i = start; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (NP_ENDS.has(t.norm) || AUXILIARIES.has(t.norm)) break;
    if (!STOPWORDS.has(t.norm)) head = t;
  }
  return head;
}

const VERB_AUXILIARIES = new Set(['did', 'does', 'do', 'didnt', "didn't", 'will', 'would', 'can', 'could', 'should', 'to', 'gonna', 'must', 'might']);
const NOUN_MARKERS = new Set(['the', 'a', 'an', 'this', 'that', 'its', 'their', 'his', 'her', 'of', 'my', 'your', 'our']);

/**
 * Whether the word at `i` is where the question's verb stands: right after an auxiliary
 * ("did die", "to leave"), or last in a question asked with one ("how did the victims
 * die", "when will the board vote") unless a determiner makes it a noun ("the vote").
 */
function isVerbSlot(tokens: Token[], i: number): boolean {
  if (i <= 0) return false;
  if (VERB_AUXILIARIES.has(tokens[i - 1]!.norm)) return true;
  return i === tokens.length - 1 && !NOUN_MARKERS.has(tokens[i - 1]!.norm) && tokens.slice(0, i - 1).some((t) => VERB_AUXILIARIES.has(t.norm));
}

/** Content tokens that follow a scene-setting preposition, up to the end of the question. */
function adjunctTokens(tokens: Token[], consumed: Set<number>): Set<Token> {
  const out = new Set<Token>();
  let inside = false;
  tokens.forEach((t, i) => {
    if (consumed.has(i)) return;
    if (ADJUNCT_PREPOSITIONS.has(t.norm)) inside = true;
    else if (inside) out.add(t);
  });
  return out;
}

/** Words of the sources made of `word` and another word ("overnight" for "night"). */
function compoundsContaining(word: string, r: AnalysisResources): string[] {
  const hits: string[] = [];
  for (const candidate of r.index.surfacesWithAffix(word, 2)) {
    if (hits.length >= 3) break;
    const rest = candidate.startsWith(word) ? candidate.slice(word.length) : candidate.slice(0, -word.length);
    if (STOPWORDS.has(rest) || r.index.surfaceToTerm.has(rest) || r.wordnet?.isWord(rest)) hits.push(candidate);
  }
  return hits;
}

const EVERYDAY = [...STOPWORDS, ...LIGHT_WORDS].filter((w) => w.length >= 3 && /^[a-z]+$/.test(w));

/** The everyday word a non-word is a one-letter slip of, if any. */
function everydayWord(word: string, r: AnalysisResources): string | undefined {
  if (word.length < 3 || !r.wordnet || r.wordnet.isWord(word)) return undefined;
  return EVERYDAY.find((w) => Math.abs(w.length - word.length) <= 1 && editDistance(word, w, 1) <= 1);
}

/** `known`: the literal stems occur in the sources, so the term's rarity is theirs. */
function makeTerm(text: string, forms: Form[], r: AnalysisResources, literal: string[], known: boolean): QueryTerm {
  const own = known ? literal : undefined;
  const { index } = r;
  const idfOf = (stems: string[]) => {
    const meaningful = stems.filter((s) => !STOPWORD_STEMS.has(s));
    return Math.max(...(meaningful.length ? meaningful : stems).map((s) => index.idf(index.termId(s))));
  };
  let importance: number;
  if (own) importance = idfOf(own);
  else if (forms.length) importance = Math.max(...forms.map((f) => idfOf(f.stems)));
  else importance = index.idf(undefined) * UNKNOWN_FACTOR;
  return { text, importance, forms, literal };
}
