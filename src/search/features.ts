import type { AnswerType } from './language/stopwords.ts';
import type { Token } from './language/text.ts';

/**
 * What kinds of answer a sentence contains, found with light surface cues. Each feature
 * records the token positions that carry it, so a question's own words ("When did the
 * July attack…") are not mistaken for the answer.
 */
export type Feature = Exclude<AnswerType, 'manner' | 'thing'> | 'definition';

const MONTHS = 'january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec';
const DAYS = 'monday tuesday wednesday thursday friday saturday sunday';
const TIME_WORDS =
  'yesterday today tonight tomorrow overnight morning afternoon evening night noon midnight dawn week weekend month year decade century ago earlier later recently';
const NUMBER_WORDS =
  'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands million millions billion billions dozen dozens half few several couple';
const UNITS = 'second seconds minute minutes hour hours day days week weeks month months year years decade decades';
const ROLES =
  'minister president premier chancellor king queen leader spokesman spokeswoman spokesperson official officials government ministry police authorities diplomat diplomats ambassador envoy lawmakers army military agency court judge prosecutor company group party';
const REASON_WORDS = 'because due over amid reason reasons blamed blame blames response retaliation caused cause causes led result why accused accuses';
const STATEMENT_WORDS =
  'say said says saying told tell stated statement statements called calling call described describing denied deny denies condemned condemn condemns vowed vow warned warn claimed claim insisted according blamed blame accused welcomed criticized criticised urged announced added argued rejected dismissed supported praised responded replied demanded threatened promised pledged';
const PLACE_PREPOSITIONS = 'in at near from to into inside outside across west east north south of';

const set = (s: string) => new Set(s.split(' '));
const MONTH_SET = set(MONTHS);
const DAY_SET = set(DAYS);
const TIME_SET = set(TIME_WORDS);
const NUMBER_SET = set(NUMBER_WORDS);
const UNIT_SET = set(UNITS);
const ROLE_SET = set(ROLES);
const REASON_SET = set(REASON_WORDS);
const PLACE_PREP_SET = set(PLACE_PREPOSITIONS);
const STATEMENT_SET = set(STATEMENT_WORDS);

const isNumber = (t: Token) => /^\d/.test(t.norm) || NUMBER_SET.has(t.norm);
const isYear = (t: Token) => /^(1[5-9]|20)\d\d(s)?$/.test(t.norm);
const isCapitalised = (t: Token) => /^\p{Lu}/u.test(t.raw);

/** Feature → token positions that express it. */
export type FeatureMap = Partial<Record<Feature, number[]>>;

export function detectFeatures(tokens: Token[]): FeatureMap {
  const map: FeatureMap = {};
  const mark = (f: Feature, i: number) => (map[f] ??= []).push(i);
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if (MONTH_SET.has(t.norm) && (t.norm !== 'may' || (next && /^\d/.test(next.norm)) || isCapitalised(t))) mark('date', i);
    if (DAY_SET.has(t.norm) || TIME_SET.has(t.norm) || isYear(t)) mark('date', i);
    if (isNumber(t) && !isYear(t)) mark('number', i);
    if (isNumber(t) && next && UNIT_SET.has(next.norm)) {
      mark('duration', i);
      mark('duration', i + 1);
    }
    if (t.norm === 'overnight' || (t.norm === 'since' && next && isYear(next))) mark('duration', i);
    if (ROLE_SET.has(t.norm)) mark('person', i);
    // A capitalised word inside the sentence is a name (the first word is capitalised anyway).
    if (i > 0 && isCapitalised(t) && !MONTH_SET.has(t.norm) && !DAY_SET.has(t.norm)) {
      mark('person', i);
      if (prev && (PLACE_PREP_SET.has(prev.norm) || (prev.raw === 'of' && tokens[i - 2] && PLACE_PREP_SET.has(tokens[i - 2]!.norm)))) mark('place', i);
    }
    if (STATEMENT_SET.has(t.norm)) mark('statement', i);
    if (REASON_SET.has(t.norm) || (t.norm === 'to' && prev && /^(order|response)$/.test(prev.norm))) mark('reason', i);
  });
  return map;
}

/**
 * Token positions where a sentence defines something: "X, or Y," / "Name, a …" /
 * "Name (…)" / "Y is a …". Used for "What is Y?" questions.
 */
export function definitionPositions(text: string, tokens: Token[]): number[] {
  const positions: number[] = [];
  tokens.forEach((t, i) => {
    const after = text.slice(t.end, t.end + 12);
    const before = text.slice(Math.max(0, t.start - 6), t.start);
    // An appositive ("Canberra, the capital …", "NATO (the North …") follows a name; after a
    // common word a comma and "the" mostly start the next clause ("catch fire, the agency said").
    const name = i > 0 && /^\p{Lu}/u.test(t.raw);
    if ((name && (/^,\s+(a|an|the)\s/i.test(after) || /^\s*\(/.test(after))) || /^\s+(is|are|was|were)\s+(a|an|the)\s/i.test(after)) positions.push(i);
    if (/,\s+or\s+$/i.test(before)) positions.push(i);
  });
  return positions;
}
