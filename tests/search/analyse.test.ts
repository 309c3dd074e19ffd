import { describe, expect, it } from 'vitest';
import { assembleKnowledgeBase, parseKnowledgeFile } from '../../src/knowledge/load.ts';
import { analyseQuestion } from '../../src/search/analyse.ts';
import { VocabularyMatcher } from '../../src/search/fuzzy.ts';
import { fold, stem, tokenize } from '../../src/search/language/text.ts';
import { WordNet } from '../../src/search/language/wordnet.ts';
import { parseLexicon } from '../../src/search/lexicon.ts';
import { SentenceIndex } from '../../src/search/sentence-index.ts';

const doc = parseKnowledgeFile(
  'a.md',
  Buffer.from(
    '---\nid: a\ntitle: T\n---\n\nThe cyberattack hit Albania in July. Prime Minister Edi Rama blamed Iran. ' +
      'The Albanian government expelled the diplomats. The summit was canceled over threats. Iran denied the claims.\n',
  ),
);
const index = SentenceIndex.build(assembleKnowledgeBase([doc]));
const wordnet = new WordNet();
const vocabulary = new VocabularyMatcher(index.surfaceToTerm.keys());
const lexicon = parseLexicon('lexicon.yaml', 'equivalents:\n  - [cyberattack, hack]\n  - [prime minister, pm]\n');
const analyse = (q: string) => analyseQuestion(q, { index, wordnet, vocabulary, lexicon });
const formsOf = (q: string, term: string) =>
  analyse(q)
    .terms.find((t) => t.text.toLowerCase() === term)
    ?.forms.map((f) => f.label) ?? [];

describe('text folding', () => {
  it('folds case, accents, zalgo and curly quotes', () => {
    expect(fold('Ÿes, “Café” ’s')).toBe('yes, "cafe" \'s');
    expect(fold('Z̸̢̛̤a̵l̵g̴o̶')).toBe('zalgo');
  });

  it('keeps numbers and initialisms whole and splits hyphenated words', () => {
    expect(tokenize('Some 3,000 U.S. cyber-attacks in 3.5 days').map((t) => t.norm)).toEqual(['some', '3,000', 'u.s.', 'cyber', 'attacks', 'in', '3.5', 'days']);
  });

  it('stems inflections, spelling variants and irregular forms to one stem', () => {
    expect(stem('expelled')).toBe(stem('expel'));
    expect(stem('cancelled')).toBe(stem('canceled'));
    expect(stem('flew')).toBe(stem('fly'));
    expect(stem('3,000')).toBe('3000');
  });
});

describe('question analysis', () => {
  it('turns the question word into an answer type and drops stopwords', () => {
    const q = analyse('When did the cyberattack happen?');
    expect(q.answerType).toBe('date');
    expect(q.terms.map((t) => t.text)).toEqual(['cyberattack', 'happen']);
  });

  it.each([
    ['How many diplomats left?', 'number'],
    ['How long were they given?', 'duration'],
    ['Who blamed Iran?', 'person'],
    ['Where was the summit?', 'place'],
    ['Why was the summit canceled?', 'reason'],
    ['In what year did it start?', 'date'],
    ['Which country was hit?', 'place'],
  ])('%s → %s', (question, type) => {
    expect(analyse(question).answerType).toBe(type);
  });

  it.each([
    ['What was the vote count?', ['vote']],
    ['what % did the diplomats get', ['diplomats']],
    ['What percent of the diplomats left?', ['diplomats', 'left']],
    ['What is the total number of diplomats?', ['diplomats']],
    ["What's the death toll of the cyberattack?", ['death', 'toll', 'cyberattack']],
  ])('"%s" asks for a number, and keeps only words the sources could hold', (question, terms) => {
    const q = analyse(question);
    expect(q.answerType).toBe('number');
    expect(q.terms.map((t) => t.text.toLowerCase())).toEqual(terms);
  });

  it('does not take "a number of" for a quantity', () => {
    expect(analyse('What are a number of reasons for the cyberattack?').answerType).toBe('thing');
  });

  it('reads a misspelt question word', () => {
    expect(analyse('wen did it start').answerType).toBe('date');
  });

  it('corrects a typo to a word of the sources', () => {
    expect(formsOf('why was albnia hit', 'albnia')).toContain('albania');
  });

  it('does not "correct" a real word the sources lack', () => {
    const president = analyse('who is the president').terms.find((t) => t.text === 'president')!;
    expect(president.forms).toEqual([]);
  });

  it('joins a compound the sources write as one word', () => {
    const q = analyse('when was the cyber attack');
    expect(q.terms.map((t) => t.text)).toContain('cyber attack');
    expect(q.terms.find((t) => t.text === 'cyber attack')!.forms.map((f) => f.label)).toContain('cyberattack');
  });

  it('expands with the lexicon, at less weight than the literal word', () => {
    const hack = analyse('who did the hack').terms.find((t) => t.text === 'hack')!;
    const form = hack.forms.find((f) => f.label === 'cyberattack')!;
    expect(form.via).toBe('lexicon');
    expect(form.weight).toBeLessThan(1);
  });

  it('expands a lexicon abbreviation to its phrase', () => {
    expect(formsOf('what did the PM say', 'pm')).toContain('prime minister');
  });

  it('finds related words through WordNet (derivations, antonyms, adjectives of places)', () => {
    expect(formsOf('why the expulsion', 'expulsion')).toContain('expel');
    expect(formsOf('what did the albania government do', 'albania')).toContain('albanian');
    expect(formsOf('did iran admit it', 'admit')).toContain('deny');
  });

  it('weighs general verbs and unknown words less than rare known words', () => {
    const q = analyse('what happened to the diplomats');
    const happened = q.terms.find((t) => t.text === 'happened')!;
    const diplomats = q.terms.find((t) => t.text === 'diplomats')!;
    expect(happened.importance).toBeLessThan(diplomats.importance);
  });

  it('keeps acronyms even when they spell a stopword', () => {
    expect(analyse('what did the US say').terms.map((t) => t.text)).toContain('US');
    expect(analyse('tell us more').terms.map((t) => t.text)).not.toContain('us');
  });
});

describe('question focus', () => {
  it('weighs the head noun of "what is the N of …" more, known or not', () => {
    const q = analyse('what is the population of albania');
    const population = q.terms.find((t) => t.text === 'population')!;
    const plain = analyse('population albania').terms.find((t) => t.text === 'population')!;
    expect(population.importance).toBeGreaterThan(plain.importance);
  });

  it('weighs the counted noun of "how many N" more', () => {
    const counted = analyse('how many diplomats were expelled').terms.find((t) => t.text === 'diplomats')!;
    const plain = analyse('diplomats were expelled').terms.find((t) => t.text === 'diplomats')!;
    expect(counted.importance).toBeGreaterThan(plain.importance);
  });
});
