import nlp from 'compromise';
import type { Sentence } from '../knowledge/types.ts';

/**
 * "Who said it": tells a sentence that reports something as the article's own account
 * from one that attributes its content to a speaker ("Rama said …", "the ministry
 * denied …", "according to state TV", quoted speech).
 *
 * compromise tags the words (parts of speech, names, organisations) and conjugates the
 * verbs of saying; the rules below find each such verb's subject in general English
 * sentence shapes: plain ("X said"), inverted ("…," said X), with an appositive
 * ("X, a spokesman for Y, said"), coordinated ("X supported … and vowed …"), in a
 * participle ("…, calling the action …"), passive with an agent ("was accused by X"),
 * and in relative clauses ("… that the government blames on Iran").
 */

export interface ClaimLabel {
  kind: 'claim';
  /** Who the content is attributed to, as written in the text, without a leading article. */
  speaker: string;
  /** The words that mark the attribution as written: "said", "denied", "according to", or "quotation". */
  cue: string;
  /** A further source named with "according to" when the speaker is someone else ("Iran condemned …, according to state TV"). */
  via?: string;
  /** Set when the sentence names its speaker only by a pronoun ("It said …"). */
  pronoun?: string;
  /**
   * The fuller name a speaker given as a bare common noun ("the ministry") refers back to,
   * when one of the last sentences named a speaker ending with that noun ("the Iranian
   * Foreign Ministry"). `speaker` stays as written.
   */
  refersTo?: string;
  /**
   * True when the sentence does not name its speaker and no earlier sentence made it clear;
   * `speaker` is then {@link UNNAMED_SPEAKER}.
   */
  unresolved?: true;
}

export type SentenceLabel = { kind: 'reporting' } | ClaimLabel;

/** The speaker shown when a claim's speaker is neither named nor recoverable from context. */
export const UNNAMED_SPEAKER = 'unnamed speaker';

export interface LabelOptions {
  /**
   * Earlier sentences of the same article, oldest first (the last two or three are
   * enough). They let "It said …", "He added …" and a bare quotation take the speaker
   * of the sentence before.
   */
  previous?: readonly string[];
}

/** How much the verb needs around it before it counts as attributing something. */
type Requirement =
  /** Always attributive ("said", "denied", "condemned"). */
  | 'always'
  /** Needs reported content: "that …", a quotation, a clause, "to" + verb, or to end the clause ("added 400 jobs" is not a claim). */
  | 'content'
  /** "call": "called for …", "called on …", or an object with a description ("called the move a mistake", "called it 'baseless'"). */
  | 'naming'
  /** "described X as Y". */
  | 'as'
  /** "rejected the criticism", "dismissed the claims": an object that is itself speech. */
  | 'speech-object';

// prettier-ignore
const CUE_VERBS: Record<string, Requirement> = {
  say: 'always', tell: 'always', deny: 'always', condemn: 'always', denounce: 'always',
  vow: 'always', pledge: 'always', promise: 'always', accuse: 'always', blame: 'always',
  warn: 'always', caution: 'always', insist: 'always', allege: 'always', assert: 'always',
  argue: 'always', contend: 'always', urge: 'always', criticize: 'always', criticise: 'always',
  dispute: 'always', stress: 'always', reiterate: 'always', testify: 'always', complain: 'always',
  comment: 'always', praise: 'always', estimate: 'always', predict: 'always', demand: 'always',
  acknowledge: 'always', admit: 'always', rebut: 'always', refute: 'always', retort: 'always',
  reply: 'always', lament: 'always', quip: 'always',
  add: 'content', announce: 'content', declare: 'content', note: 'content', report: 'content',
  confirm: 'content', write: 'content', explain: 'content', suggest: 'content', state: 'content',
  maintain: 'content', believe: 'content', think: 'content', fear: 'content', hope: 'content',
  suspect: 'content', concede: 'content', threaten: 'content', claim: 'content', conclude: 'content',
  emphasize: 'content', emphasise: 'content', expect: 'content', indicate: 'content',
  call: 'naming', brand: 'naming', label: 'naming', term: 'naming',
  describe: 'as', characterize: 'as', characterise: 'as', portray: 'as',
  reject: 'speech-object', dismiss: 'speech-object',
};

/** Verbs that may come before their subject: '"…," said Rama', '…, added the minister.' */
const INVERTIBLE = new Set(['say', 'add', 'tell', 'write', 'explain', 'note', 'warn', 'insist', 'argue', 'state', 'declare', 'continue', 'reply', 'quip']);

/** Objects that are themselves speech, for "rejected/dismissed …". */
// prettier-ignore
const SPEECH_NOUNS = new Set([
  'claim', 'claims', 'allegation', 'allegations', 'accusation', 'accusations', 'charge', 'charges',
  'criticism', 'criticisms', 'report', 'reports', 'suggestion', 'suggestions', 'statement', 'statements',
  'call', 'calls', 'demand', 'demands', 'idea', 'notion', 'assertion', 'assertions', 'finding', 'findings',
  'conclusion', 'conclusions', 'comment', 'comments', 'remarks', 'account', 'accounts', 'version', 'rumors',
  'rumours', 'speculation', 'characterization', 'characterisation', 'assessment', 'argument', 'arguments',
]);

/** Every inflected form of each cue verb, to its lemma; built with compromise's conjugator. */
const CUE_FORMS: Map<string, string> = (() => {
  const forms = new Map<string, string>();
  for (const lemma of Object.keys(CUE_VERBS)) {
    forms.set(lemma, lemma);
    for (const row of nlp(lemma).verbs().conjugate() as Array<Record<string, string>>) {
      for (const [tense, form] of Object.entries(row)) {
        if (tense === 'FutureTense' || !form || form.includes(' ')) continue;
        if (!forms.has(form)) forms.set(form, lemma);
      }
    }
  }
  return forms;
})();

/** Inflections that are verbs even where the tagger took them for nouns ("that the government blames on Iran"). */
const FINITE_FORM = /(?:s|ed|id|ld|ote)$/;

const PRONOUNS = new Set(['he', 'she', 'it', 'they', 'we', 'i', 'you']);
const POSSESSIVE_DETERMINERS = new Set(['its', 'his', 'her', 'their', 'our', 'my', 'your', 'whose']);
const RELATIVES = new Set(['which', 'who', 'that', 'whom']);
const COORDINATORS = new Set(['and', 'but', 'or', 'yet', 'then']);
const NEGATIONS = new Set(['not', "n't", 'never', 'neither', 'nor']);
/** Prepositions that keep a noun phrase together before a verb: "the head of the agency", "a spokesperson for the mayor". */
const ATTACHING = new Set(['of', 'for', 'at', 'in', 'from']);
const BE_FORMS = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', 'get', 'got', 'gets', 'getting']);
const LEADING_ARTICLE = /^(?:the|a|an)\s+/i;

interface Term {
  text: string;
  normal: string;
  pre: string;
  post: string;
  tags: Set<string>;
  start: number;
  end: number;
}

interface Span {
  start: number;
  end: number;
}

interface Speaker {
  text: string;
  pronoun?: string;
  person: boolean;
  organisation: boolean;
}

interface Candidate extends Speaker {
  cue: string;
}

interface Analysis {
  candidates: Candidate[];
  according?: string;
  bareQuote: boolean;
  mainSubject?: Speaker;
}

interface Resolved {
  label: SentenceLabel;
  /** The speaker (or, for reporting, the main subject) a pronoun in the next sentence may refer to. */
  referent?: Speaker;
}

/** Labels one sentence; pass earlier sentences of the article to resolve "It said …". */
export function labelSentence(text: string, options: LabelOptions = {}): SentenceLabel {
  const context: Resolved[] = [];
  for (const earlier of (options.previous ?? []).slice(-3)) context.push(resolve(analyse(earlier), context));
  return resolve(analyse(text), context).label;
}

/**
 * Labels the sentences of one or more articles, each with the earlier sentences of its own
 * article as context. Returns labels by sentence id.
 */
export function labelSentences(sentences: readonly Sentence[]): Map<string, SentenceLabel> {
  const labels = new Map<string, SentenceLabel>();
  const contexts = new Map<string, Resolved[]>();
  for (const sentence of sentences) {
    let context = contexts.get(sentence.docId);
    if (!context) contexts.set(sentence.docId, (context = []));
    // A headline or caption neither gives nor takes context: pronouns refer back within the body.
    const resolved = resolve(analyse(sentence.text), sentence.kind === 'body' ? context.slice(-3) : []);
    labels.set(sentence.id, resolved.label);
    if (sentence.kind === 'body') context.push(resolved);
  }
  return labels;
}

// ---------------------------------------------------------------------------------------
// Resolution: pick the speaker among the candidates, fall back on context for pronouns.

function resolve(analysis: Analysis, context: readonly Resolved[]): Resolved {
  const named = analysis.candidates.find((c) => !c.pronoun);
  if (named) {
    const label: ClaimLabel = { kind: 'claim', speaker: named.text, cue: named.cue };
    if (analysis.according && analysis.according.toLowerCase() !== named.text.toLowerCase()) label.via = analysis.according;
    const fuller = fullerMention(named, context);
    if (fuller) label.refersTo = fuller.text;
    // The next sentence's "it" or "the ministry" refers to the fuller name too.
    return { label, referent: fuller ?? named };
  }
  if (analysis.according) {
    const speaker: Speaker = { text: analysis.according, person: false, organisation: false };
    return { label: { kind: 'claim', speaker: speaker.text, cue: 'according to' }, referent: speaker };
  }
  const pronominal = analysis.candidates[0];
  if (pronominal) {
    const antecedent = findAntecedent(pronominal.pronoun, context, true);
    const label: ClaimLabel = { kind: 'claim', speaker: antecedent?.text ?? UNNAMED_SPEAKER, cue: pronominal.cue, pronoun: pronominal.pronoun! };
    if (!antecedent) label.unresolved = true;
    return { label, referent: antecedent };
  }
  if (analysis.bareQuote) {
    const antecedent = findAntecedent(undefined, context.slice(-2), false);
    const label: ClaimLabel = { kind: 'claim', speaker: antecedent?.text ?? UNNAMED_SPEAKER, cue: 'quotation' };
    if (!antecedent) label.unresolved = true;
    return { label, referent: antecedent };
  }
  return { label: { kind: 'reporting' }, referent: analysis.mainSubject };
}

/**
 * For a speaker written as a bare common noun ("ministry", from "the ministry"): the
 * nearest earlier speaker whose name ends with that noun and says more ("Iranian Foreign
 * Ministry"). Names and longer phrases are taken as they are.
 */
function fullerMention(speaker: Speaker, context: readonly Resolved[]): Speaker | undefined {
  const noun = speaker.text;
  if (!/^\p{Ll}+$/u.test(noun)) return undefined;
  for (let k = context.length - 1; k >= 0; k--) {
    const earlier = context[k]!.referent;
    if (!earlier || earlier.pronoun) continue;
    const words = earlier.text.split(/\s+/);
    if (words.length > 1 && words.at(-1)!.toLowerCase() === noun) return earlier;
  }
  return undefined;
}

/**
 * The nearest earlier speaker a pronoun can refer to: first the speakers of earlier
 * claims, then (when allowed) the subject of an earlier sentence. "he"/"she" skip
 * organisations and places; "it" skips people.
 */
function findAntecedent(pronoun: string | undefined, context: readonly Resolved[], subjects: boolean): Speaker | undefined {
  const fits = (s: Speaker | undefined): s is Speaker => {
    if (!s || s.pronoun) return false;
    if (pronoun === 'he' || pronoun === 'she') return !s.organisation;
    if (pronoun === 'it') return !s.person;
    return true;
  };
  for (let i = context.length - 1; i >= 0; i--) {
    const entry = context[i]!;
    if (entry.label.kind === 'claim' && !entry.label.unresolved) {
      if (fits(entry.referent)) return entry.referent;
      continue;
    }
    if (subjects && fits(entry.referent)) return entry.referent;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Analysis of one sentence.

function analyse(text: string): Analysis {
  const terms = tokens(text);
  const analysis: Analysis = { candidates: [], bareQuote: isBareQuote(text) };
  let main: Speaker | null | undefined;
  const mainSubject = (): Speaker | undefined => {
    if (main === undefined) main = findMainSubject(text, terms);
    return main ?? undefined;
  };
  for (let v = 0; v < terms.length; v++) {
    const lemma = cueLemma(terms, v);
    if (!lemma) continue;
    const candidate = attribution(text, terms, v, lemma, mainSubject);
    if (candidate) analysis.candidates.push(candidate);
  }
  analysis.according = accordingTo(text, terms);
  analysis.mainSubject = mainSubject();
  return analysis;
}

function tokens(text: string): Term[] {
  const json = nlp(text).json({ offset: true, terms: { offset: true } }) as Array<{
    terms: Array<{ text: string; normal: string; pre: string; post: string; tags: string[]; offset: { start: number; length: number } }>;
  }>;
  const terms: Term[] = [];
  for (const sentence of json) {
    for (const t of sentence.terms) {
      // Contractions leave an empty term for the implied word ("it's" → "it" + "is").
      if (!t.text) continue;
      terms.push({
        text: t.text,
        normal: t.normal.replace(/[’‘]/g, "'"),
        pre: t.pre,
        post: t.post,
        tags: new Set(t.tags),
        start: t.offset.start,
        end: t.offset.start + t.offset.length,
      });
    }
  }
  return terms;
}

/** The lemma of a verb of saying or stance at `v`, or undefined. */
function cueLemma(terms: readonly Term[], v: number): string | undefined {
  const t = terms[v]!;
  const lemma = CUE_FORMS.get(t.normal);
  if (!lemma) return undefined;
  if (t.tags.has('Verb')) return lemma;
  // The tagger sometimes reads "blames"/"says" as a plural noun; accept it between a plain
  // noun subject and something that cannot follow a noun-noun compound.
  if (!t.tags.has('Noun') || !FINITE_FORM.test(t.normal) || t.normal === lemma) return undefined;
  const before = terms[v - 1];
  const after = terms[v + 1];
  if (!before || boundaryAfter(before) || !isNominal(before) || before.tags.has('Possessive') || before.tags.has('Adjective')) return undefined;
  const commonNounAfter = !!after && after.tags.has('Noun') && !after.tags.has('ProperNoun') && !after.tags.has('Pronoun');
  if (after && (after.tags.has('Verb') || commonNounAfter)) return undefined;
  return lemma;
}

function attribution(text: string, terms: readonly Term[], v: number, lemma: string, mainSubject: () => Speaker | undefined): Candidate | undefined {
  const verb = terms[v]!;
  const cue = verb.text;
  // "declined to comment", "refused to say": the infinitive is not something said.
  const before = previousWord(terms, v);
  if (before && before.normal === 'to') return undefined;
  if (isNegated(terms, v)) return undefined;
  if (isPassive(terms, v)) {
    const agent = passiveAgent(text, terms, v);
    return agent ? { ...agent, cue } : undefined;
  }
  if (!meetsRequirement(terms, v, CUE_VERBS[lemma]!)) return undefined;
  if (verb.tags.has('Gerund')) {
    // "…, calling the action ill-considered" / "…, adding that …": the sentence's subject speaks.
    const subject = mainSubject();
    return subject ? { ...subject, cue } : undefined;
  }
  const subject = findSubject(text, terms, v, INVERTIBLE.has(lemma));
  if (subject === 'coordinated') {
    const main = mainSubject();
    return main ? { ...main, cue } : undefined;
  }
  return subject ? { ...subject, cue } : undefined;
}

// ---------------------------------------------------------------------------------------
// Does the verb carry reported content here?

function meetsRequirement(terms: readonly Term[], v: number, requirement: Requirement): boolean {
  if (requirement === 'always') return true;
  const verb = terms[v]!;
  const clauseEnd = boundaryAfter(verb) || v === terms.length - 1;
  const j = skipCircumstance(terms, v + 1);
  const next = terms[j];
  switch (requirement) {
    case 'content':
      if (clauseEnd) return true; // "…, he added."
      if (!next) return true;
      return startsContent(terms, j);
    case 'naming': {
      if (clauseEnd || !next) return false;
      if (next.normal === 'for' || next.normal === 'on' || next.normal === 'upon') return true;
      if (opensQuote(next)) return true;
      // Object, then a description of it: "called the decision a victory", "called it 'baseless'".
      let k = j;
      let sawNoun = false;
      while (k < terms.length) {
        const t = terms[k]!;
        if (isNominal(t) || isPronoun(t)) {
          sawNoun = true;
          k++;
          if (boundaryAfter(t) || opensQuote(terms[k])) break;
          continue;
        }
        if (!sawNoun && isObjectWord(t)) {
          k++;
          continue;
        }
        break;
      }
      const description = terms[k];
      if (!sawNoun || !description) return false;
      if (opensQuote(description)) return true;
      if (boundaryAfter(terms[k - 1]!)) return false;
      return description.tags.has('Adjective') || ['a', 'an', 'the'].includes(description.normal);
    }
    case 'as':
      for (let k = v + 1; k < terms.length; k++) {
        if (terms[k]!.normal === 'as') return true;
        if (/[;:]/.test(terms[k]!.post)) break;
      }
      return false;
    case 'speech-object':
      for (let k = v + 1; k < terms.length && k <= v + 5; k++) {
        const t = terms[k]!;
        if (SPEECH_NOUNS.has(t.normal) || t.normal === 'as') return true;
        if (boundaryAfter(t)) break;
      }
      return false;
  }
}

/** Skips adverbs and short time phrases between a verb and what it says: "said on Thursday that …". */
function skipCircumstance(terms: readonly Term[], j: number): number {
  while (j < terms.length) {
    const t = terms[j]!;
    if (t.tags.has('Adverb') && !boundaryBefore(t)) {
      j++;
      continue;
    }
    if (t.tags.has('Date') && !t.tags.has('Duration')) {
      j++;
      continue;
    }
    if ((t.normal === 'on' || t.normal === 'in') && terms[j + 1]?.tags.has('Date')) {
      j++;
      continue;
    }
    break;
  }
  return j;
}

/** "that …", a quotation, "to" + verb, or a clause with its own finite verb ("denied Tehran was behind …"). */
function startsContent(terms: readonly Term[], j: number): boolean {
  const first = terms[j]!;
  if (opensQuote(first) || /[:"“]/.test(terms[j - 1]?.post ?? '')) return true;
  if (first.normal === 'that' || first.normal === 'whether' || first.normal === 'how' || first.normal === 'why') return true;
  if (first.normal === 'to') return terms[j + 1]?.tags.has('Verb') === true && !terms[j + 1]!.tags.has('Gerund');
  let k = j;
  let words = 0;
  while (k < terms.length && words < 7) {
    const t = terms[k]!;
    if (isFiniteVerb(t)) return words > 0;
    if (!(isObjectWord(t) || (t.normal === 'of' && words > 0))) return false;
    if (t.tags.has('Value')) return false;
    if (boundaryAfter(t)) return false;
    k++;
    words++;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Finding the subject.

/** Adverbs, auxiliaries and negation that sit between a subject and its verb. */
function isVerbModifier(t: Term): boolean {
  return t.tags.has('Adverb') || t.tags.has('Auxiliary') || t.tags.has('Modal') || NEGATIONS.has(t.normal);
}

function findSubject(text: string, terms: readonly Term[], v: number, invertible: boolean): Speaker | 'coordinated' | undefined {
  let i = v - 1;
  while (i >= 0 && !boundaryAfter(terms[i]!) && isVerbModifier(terms[i]!)) i--;
  const forward = () => (invertible ? forwardSubject(text, terms, v) : undefined);
  if (i < 0) return forward();
  const t = terms[i]!;
  if (closesQuote(t)) return forward(); // '"…," said Rama'
  if (boundaryAfter(t)) return commaSubject(text, terms, i) ?? forward();
  if (COORDINATORS.has(t.normal)) return 'coordinated';
  if (RELATIVES.has(t.normal) && !t.tags.has('Pronoun')) {
    // "X, who said …" / "the company, which denied …"
    if (i === 0) return undefined;
    return boundaryAfter(terms[i - 1]!) ? commaSubject(text, terms, i - 1) : speakerOf(text, terms, collectBack(terms, i - 1));
  }
  return speakerOf(text, terms, collectBack(terms, i));
}

/**
 * The subject when a comma (or dash, parenthesis) comes right before the verb: either the
 * words before it are an aside ("X, a spokesman for Y, said", "X, writing for the
 * majority, said", "X, which brought the case, called …") and the subject comes before
 * the aside, or they are the name itself ("Its president, Daniel Reyes, said").
 */
function commaSubject(text: string, terms: readonly Term[], i: number): Speaker | undefined {
  let k = i;
  while (k > 0 && !boundaryAfter(terms[k - 1]!)) k--;
  const first = terms[k]!;
  const aside =
    first.tags.has('Determiner') ||
    POSSESSIVE_DETERMINERS.has(first.normal) ||
    RELATIVES.has(first.normal) ||
    first.tags.has('Gerund') ||
    first.tags.has('Adverb') ||
    first.tags.has('Value') ||
    first.tags.has('Preposition') ||
    first.tags.has('Conjunction') ||
    (first.tags.has('Verb') && first.tags.has('PastTense'));
  if (aside) {
    if (k === 0) return undefined;
    return speakerOf(text, terms, collectBack(terms, k - 1));
  }
  const span = collectBack(terms, i);
  if (!span || span.start !== k) return undefined;
  return speakerOf(text, terms, span);
}

/** The subject after an inverted verb: '"…," said Colin Hart, the head of …' / '…, said the ministry.' */
function forwardSubject(text: string, terms: readonly Term[], v: number): Speaker | undefined {
  let j = v + 1;
  const start = j;
  let sawNoun = false;
  while (j < terms.length) {
    const t = terms[j]!;
    if (isPronoun(t) && j === start) {
      sawNoun = true;
      j++;
      break;
    }
    if (t.tags.has('Date')) break;
    if (isNominal(t) || t.tags.has('Adjective') || (j === start && (t.tags.has('Determiner') || POSSESSIVE_DETERMINERS.has(t.normal)))) {
      if (isNominal(t)) sawNoun = true;
      j++;
      if (boundaryAfter(t)) break;
      continue;
    }
    if (ATTACHING.has(t.normal) && sawNoun && j + 1 < terms.length && !boundaryAfter(t)) {
      j++;
      continue;
    }
    break;
  }
  if (!sawNoun || j === start) return undefined;
  while (j > start && ATTACHING.has(terms[j - 1]!.normal)) j--;
  // The inverted subject closes the clause: "…, said the ministry." or "said X, the head of …".
  const last = terms[j - 1]!;
  if (j < terms.length && !boundaryAfter(last)) return undefined;
  return speakerOf(text, terms, { start, end: j - 1 });
}

/**
 * The noun phrase ending at term `e`, walking back over nouns, names, adjectives, numbers
 * and determiners, and over "of/for/at/in/from" between nouns ("a spokesperson for the
 * mayor"). Stops at punctuation, verbs, dates and clause words.
 */
function collectBack(terms: readonly Term[], e: number): Span | undefined {
  const head = terms[e];
  if (!head || !(isNominal(head) || isPronoun(head))) return undefined;
  if (isPronoun(head)) return { start: e, end: e };
  let start = e;
  let afterDeterminer = false;
  for (let j = e - 1; j >= 0; j--) {
    const t = terms[j]!;
    if (boundaryAfter(t) || boundaryBefore(terms[j + 1]!)) break;
    if (afterDeterminer) {
      // Only "of/for/…" can come before "the": "the head of the agency".
      if (ATTACHING.has(t.normal) && j > 0 && isNominal(terms[j - 1]!) && !boundaryAfter(terms[j - 1]!)) {
        afterDeterminer = false;
        continue;
      }
      break;
    }
    if (t.tags.has('Date') || isPronoun(t)) break;
    if (t.tags.has('Determiner') || POSSESSIVE_DETERMINERS.has(t.normal)) {
      if (RELATIVES.has(t.normal)) break;
      start = j;
      afterDeterminer = true;
      continue;
    }
    if (isNominal(t) || t.tags.has('Adjective') || t.tags.has('Value') || isTitleWord(terms, j)) {
      start = j;
      continue;
    }
    if (ATTACHING.has(t.normal) && j > 0 && isNominal(terms[j - 1]!) && !boundaryAfter(terms[j - 1]!)) continue;
    // Coordinated names or modifiers: "Iran and Albania said", "U.S. and British officials said".
    if (t.normal === 'and' && start === j + 1 && j > 0 && isNameOrModifier(terms[start]!) && isNameOrModifier(terms[j - 1]!) && !boundaryAfter(terms[j - 1]!)) {
      continue;
    }
    break;
  }
  return { start, end: e };
}

/** A capitalised word the tagger took for a verb, at the front of a name: "Judge Marcus Lee", "Storm Leona". */
function isTitleWord(terms: readonly Term[], j: number): boolean {
  const t = terms[j]!;
  const next = terms[j + 1];
  return /^\p{Lu}\p{Ll}+$/u.test(t.text) && !!next && next.tags.has('ProperNoun') && !t.tags.has('Pronoun');
}

function isNameOrModifier(t: Term): boolean {
  return !t.tags.has('Date') && (t.tags.has('ProperNoun') || t.tags.has('Acronym') || t.tags.has('Adjective') || (/^\p{Lu}/u.test(t.text) && isNominal(t)));
}

function findMainSubject(text: string, terms: readonly Term[]): Speaker | null {
  for (let v = 0; v < terms.length; v++) {
    const t = terms[v]!;
    if (!isFiniteVerb(t) || t.normal === 'according') continue;
    const subject = findSubject(text, terms, v, false);
    if (subject && subject !== 'coordinated') return subject;
    if (subject === 'coordinated') continue;
    // The first verb had no subject of its own (a relative clause, a quotation): keep looking.
  }
  return null;
}

function passiveAgent(text: string, terms: readonly Term[], v: number): Speaker | undefined {
  for (let j = v + 1; j < terms.length - 1 && j <= v + 8; j++) {
    const t = terms[j]!;
    if (t.normal === 'by') {
      const span = forwardNounPhrase(terms, j + 1);
      return span ? speakerOf(text, terms, span) : undefined;
    }
    if (boundaryAfter(t)) break;
  }
  return undefined;
}

function forwardNounPhrase(terms: readonly Term[], start: number): Span | undefined {
  let j = start;
  let end = -1;
  while (j < terms.length) {
    const t = terms[j]!;
    if (t.tags.has('Date')) break;
    if (isNominal(t) || t.tags.has('Adjective') || t.tags.has('Determiner') || POSSESSIVE_DETERMINERS.has(t.normal) || t.tags.has('Value')) {
      if (isNominal(t)) end = j;
      if (boundaryAfter(t)) break;
      j++;
      continue;
    }
    break;
  }
  return end >= start ? { start, end } : undefined;
}

// ---------------------------------------------------------------------------------------
// "according to …" and bare quotations.

/** Document words that stand between "according to" and the real source: "according to figures from the board". */
const DOCUMENT_PREFIX =
  /^(?:(?:the|a|an)\s+)?(?:[\p{L}-]+\s+){0,2}?(?:results|figures|data|statistics|estimates?|reports?|documents?|records?|statements?|tall(?:y|ies)|counts?|surveys?|polls?|filings?|projections?|analys[ie]s|numbers|tallies|accounts?|transcripts?)\s+(?:(?:released|published|issued|compiled|provided|prepared|posted)\s+)?(?:by|from|of)\s+/iu;

function accordingTo(text: string, terms: readonly Term[]): string | undefined {
  for (let i = 0; i + 2 < terms.length; i++) {
    if (terms[i]!.normal !== 'according' || terms[i + 1]!.normal !== 'to') continue;
    const start = i + 2;
    let end = start;
    while (end < terms.length - 1 && !boundaryAfter(terms[end]!) && !isFiniteVerb(terms[end + 1]!) && terms[end + 1]!.normal !== 'that') end++;
    let source = text.slice(terms[start]!.start, terms[end]!.end);
    source = source.replace(DOCUMENT_PREFIX, '');
    const cleaned = cleanSpeaker(source);
    if (cleaned) return cleaned;
  }
  return undefined;
}

/** A sentence that is all quotation: '"Our crews will be working through the night."' */
function isBareQuote(text: string): boolean {
  const t = text.trim();
  if (/^"[^"]+[.!?,]?"$/.test(t)) return true;
  return /^“[^“”]+”$/.test(t) || /^“[^“”]+[.!?]”$/.test(t);
}

// ---------------------------------------------------------------------------------------
// Small predicates.

function speakerOf(text: string, terms: readonly Term[], span: Span | undefined): Speaker | undefined {
  if (!span) return undefined;
  let { start } = span;
  while (start < span.end && ATTACHING.has(terms[start]!.normal)) start++;
  const words = terms.slice(start, span.end + 1);
  if (!words.some((t) => isNominal(t) || isPronoun(t))) return undefined;
  const head = terms[span.end]!;
  if (words.length === 1 && isPronoun(head)) {
    const pronoun = head.normal.replace(/'s$/, '');
    return { text: head.text, pronoun, person: pronoun === 'he' || pronoun === 'she', organisation: false };
  }
  const cleaned = cleanSpeaker(text.slice(terms[start]!.start, head.end));
  if (!cleaned) return undefined;
  return {
    text: cleaned,
    person: words.some((t) => t.tags.has('Person') || t.tags.has('Actor') || t.tags.has('Honorific')),
    organisation: words.some((t) => t.tags.has('Organization') || t.tags.has('Place')),
  };
}

/** Strips a leading article, quotation marks and trailing punctuation: "The United States" → "United States". */
export function cleanSpeaker(raw: string): string {
  let s = raw.replace(/\s+/g, ' ').trim();
  s = s
    .replace(/^["“”'‘([]+/, '')
    .replace(/["“”’)\],;:.!?]+$/, '')
    .trim();
  if (LEADING_ARTICLE.test(s) && s.split(' ').length > 1) s = s.replace(LEADING_ARTICLE, '');
  return s.trim();
}

function previousWord(terms: readonly Term[], v: number): Term | undefined {
  let i = v - 1;
  while (i >= 0 && terms[i]!.tags.has('Adverb')) i--;
  return i >= 0 ? terms[i] : undefined;
}

function isNegated(terms: readonly Term[], v: number): boolean {
  for (let i = v - 1; i >= 0 && i >= v - 3; i--) {
    const t = terms[i]!;
    if (NEGATIONS.has(t.normal) || /n't$/.test(t.normal)) return true;
    if (!isVerbModifier(t) || boundaryAfter(t)) break;
  }
  return false;
}

function isPassive(terms: readonly Term[], v: number): boolean {
  const verb = terms[v]!;
  if (verb.tags.has('Gerund')) return false;
  if (verb.tags.has('Passive')) return true;
  for (let i = v - 1; i >= 0; i--) {
    const t = terms[i]!;
    if (BE_FORMS.has(t.normal)) return verb.tags.has('PastTense') || verb.tags.has('Participle');
    if (!(t.tags.has('Adverb') || NEGATIONS.has(t.normal)) || boundaryAfter(t)) break;
  }
  return false;
}

function isPronoun(t: Term): boolean {
  return PRONOUNS.has(t.normal.replace(/'s$/, ''));
}

function isNominal(t: Term): boolean {
  if (t.tags.has('Date')) return false;
  if (isPronoun(t) || POSSESSIVE_DETERMINERS.has(t.normal)) return false;
  return t.tags.has('Noun') || t.tags.has('ProperNoun') || t.tags.has('Acronym');
}

/** Words an object noun phrase is made of. */
function isObjectWord(t: Term): boolean {
  return isNominal(t) || isPronoun(t) || t.tags.has('Adjective') || t.tags.has('Determiner') || POSSESSIVE_DETERMINERS.has(t.normal) || t.tags.has('Value');
}

function isFiniteVerb(t: Term): boolean {
  if (!t.tags.has('Verb')) return false;
  if (t.tags.has('Modal') || t.tags.has('Copula') || t.tags.has('Auxiliary')) return true;
  if (t.tags.has('Gerund') || t.tags.has('Infinitive')) return false;
  return t.tags.has('PastTense') || t.tags.has('PresentTense');
}

const QUOTE_OPEN = /["“«]/;
const QUOTE_CLOSE = /["”»]/;

function opensQuote(t: Term | undefined): boolean {
  return !!t && QUOTE_OPEN.test(t.pre);
}

function closesQuote(t: Term): boolean {
  return QUOTE_CLOSE.test(t.post);
}

/** Punctuation after a term that separates it from the next: comma, semicolon, colon, dash, bracket, quotation mark. */
function boundaryAfter(t: Term): boolean {
  return /[,;:()[\]"“”«»—–]|\s-\s/.test(t.post);
}

function boundaryBefore(t: Term): boolean {
  return /[()[\]"“”«»—–]/.test(t.pre);
}
