import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { assembleKnowledgeBase, loadKnowledgeBase, parseKnowledgeFile } from '../../src/knowledge/load.ts';
import type { KnowledgeBase, Sentence } from '../../src/knowledge/types.ts';
import { cleanSpeaker, labelSentence, labelSentences, UNNAMED_SPEAKER, type SentenceLabel } from '../../src/annotate/claims.ts';

let kb: KnowledgeBase;
let labels: Map<string, SentenceLabel>;

beforeAll(async () => {
  const seed = await loadKnowledgeBase(fileURLToPath(new URL('../../knowledge', import.meta.url)));
  const fixtures = await loadKnowledgeBase(fileURLToPath(new URL('../fixtures/articles', import.meta.url)));
  kb = assembleKnowledgeBase([...seed.documents, ...fixtures.documents]);
  labels = labelSentences(kb.sentences);
});

/** The one sentence of `docId` that starts with `start`. */
function find(docId: string, start: string): Sentence {
  const matches = kb.sentences.filter((s) => s.docId === docId && s.text.startsWith(start));
  if (matches.length !== 1) throw new Error(`expected one sentence of ${docId} starting "${start}", found ${matches.length}`);
  return matches[0]!;
}

function labelOf(docId: string, start: string): SentenceLabel {
  return labels.get(find(docId, start).id)!;
}

function speakerOf(label: SentenceLabel): string | undefined {
  return label.kind === 'claim' ? label.speaker : undefined;
}

describe('who said it, in the articles', () => {
  it('has at least three articles besides the seed to test on', () => {
    const docs = kb.documents.map((d) => d.meta.id);
    expect(docs).toContain('iran-embassy-tirana');
    expect(docs.filter((id) => id !== 'iran-embassy-tirana').length).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ['iran-embassy-tirana', 'Rama said Wednesday', 'Rama', 'said'],
    ['iran-embassy-tirana', 'In a statement, the Iranian Foreign Ministry denied', 'Iranian Foreign Ministry', 'denied'],
    ['iran-embassy-tirana', 'The last members of staff', 'Albanian government', 'blames'],
    ['iran-embassy-tirana', 'Albania cut diplomatic relations', 'Prime Minister Edi Rama', 'blamed'],
    ['iran-embassy-tirana', 'Iran condemned', 'Iran', 'condemned'],
    ['court-rental-ban', 'Mayor Helen Okafor said', 'Mayor Helen Okafor', 'said'],
    ['court-rental-ban', 'City officials have argued', 'City officials', 'argued'],
    ['court-rental-ban', 'In a dissent, Judge Anna Berg warned', 'Judge Anna Berg', 'warned'],
    ['court-rental-ban', "Okafor's office denied", "Okafor's office", 'denied'],
    ['court-rental-ban', "The hosts' association said", "hosts' association", 'said'],
    ['election-westmere', 'Turnout was 61%', 'board', 'said'],
    ['election-westmere', "Becker's allies had accused", "Becker's allies", 'accused'],
    ['election-westmere', "Carvalho's campaign condemned", "Carvalho's campaign", 'condemned'],
    ['heater-recall', 'Kestrel Home is recalling', 'U.S. Consumer Product Safety Commission', 'said'],
    ['heater-recall', 'In a statement, Kestrel Home said', 'Kestrel Home', 'said'],
    ['heater-recall', 'Consumer groups accused', 'Consumer groups', 'accused'],
    ['heater-recall', 'Owners can return the heaters', 'commission', 'said'],
    ['storm-leona', 'Storm Leona tore through', 'emergency officials', 'said'],
    ['storm-leona', 'Ambler accused', 'Ambler', 'accused'],
    ['storm-leona', 'Forecasters warned', 'Forecasters', 'warned'],
    ['storm-leona', 'Insurers estimated', 'Insurers', 'estimated'],
  ])('%s: "%s…" is a claim by %s (cue "%s")', (docId, start, speaker, cue) => {
    expect(labelOf(docId, start)).toMatchObject({ kind: 'claim', speaker, cue });
  });

  it('strips the article from a speaker but keeps a definite description as written, naming only a fuller mention the article made', () => {
    expect(speakerOf(labelOf('iran-embassy-tirana', 'The United States supported'))).toBe('United States');
    expect(labelOf('iran-embassy-tirana', 'The ministry also condemned')).toMatchObject({ speaker: 'ministry', refersTo: 'Iranian Foreign Ministry' });
    // "Kestrel Home" came before, but nothing called a company: no fuller name is made up.
    expect(labelOf('heater-recall', 'The company denied')).not.toHaveProperty('refersTo');
    expect(speakerOf(labelOf('heater-recall', 'The company denied'))).toBe('company');
    expect(speakerOf(labelOf('court-rental-ban', '"We were advised'))).toBe('spokesperson for the mayor');
  });

  it('takes the source of "according to", and keeps it beside a speaker named by a verb', () => {
    expect(labelOf('storm-leona', 'The storm made landfall')).toMatchObject({ kind: 'claim', speaker: 'National Weather Service', cue: 'according to' });
    expect(labelOf('heater-recall', 'The company has received 212 reports')).toMatchObject({ speaker: 'commission', cue: 'according to' });
    // "according to preliminary results from the city election board": the board, not the results.
    expect(labelOf('election-westmere', 'Ines Carvalho won')).toMatchObject({ speaker: 'city election board', cue: 'according to' });
    expect(labelOf('iran-embassy-tirana', 'Iran condemned')).toMatchObject({ speaker: 'Iran', via: 'Iranian state TV' });
    expect(labelOf('court-rental-ban', 'City officials have argued')).toMatchObject({ speaker: 'City officials', via: "city's housing department" });
  });

  it('finds the speaker after the verb when a quotation comes first', () => {
    expect(labelOf('storm-leona', '"We have not seen winds')).toMatchObject({ kind: 'claim', speaker: 'Colin Hart', cue: 'said' });
    expect(labelOf('heater-recall', '"Kestrel knew')).toMatchObject({ kind: 'claim', speaker: 'Maria Lopez', cue: 'said' });
    expect(labelOf('election-westmere', '"The voters have spoken')).toMatchObject({ kind: 'claim', speaker: 'Becker', cue: 'told' });
  });

  it('looks past an appositive or aside between the speaker and the verb', () => {
    expect(speakerOf(labelOf('court-rental-ban', 'Its president, Daniel Reyes, said'))).toBe('Daniel Reyes');
    expect(speakerOf(labelOf('court-rental-ban', 'Judge Marcus Lee, writing for the majority'))).toBe('Judge Marcus Lee');
    expect(speakerOf(labelOf('court-rental-ban', 'The Harbour City Hosts Association, which brought'))).toBe('Harbour City Hosts Association');
    expect(speakerOf(labelOf('election-westmere', 'Carvalho, a 41-year-old'))).toBe('Carvalho');
    expect(speakerOf(labelOf('storm-leona', 'The company, Southshore Electric, rejected'))).toBe('Southshore Electric');
  });

  it('gives a coordinated verb or a participle the subject of the sentence', () => {
    // "The United States supported the move …, and vowed …"
    expect(labelOf('iran-embassy-tirana', 'The United States supported')).toMatchObject({ speaker: 'United States', cue: 'vowed' });
    // "… rejected the criticism and insisted …"
    expect(labelOf('storm-leona', 'The company, Southshore Electric, rejected')).toMatchObject({ speaker: 'Southshore Electric' });
    expect(labelSentence('The company recalled 3,000 cars, saying a faulty part could cause fires.')).toMatchObject({
      kind: 'claim',
      speaker: 'company',
      cue: 'saying',
    });
  });

  it('resolves a pronoun subject to the speaker of the sentence before', () => {
    expect(labelOf('heater-recall', 'It said an internal review')).toMatchObject({ kind: 'claim', speaker: 'company', pronoun: 'it' });
    expect(labelOf('court-rental-ban', 'He added that the group')).toMatchObject({ kind: 'claim', speaker: 'Daniel Reyes', pronoun: 'he' });
    expect(labelOf('court-rental-ban', '"This ruling puts tourists')).toMatchObject({ kind: 'claim', speaker: 'Mayor Helen Okafor', pronoun: 'she' });
    expect(labelOf('election-westmere', 'She called the result')).toMatchObject({ kind: 'claim', speaker: 'Carvalho', cue: 'called' });
    expect(labelOf('storm-leona', 'He warned that rivers')).toMatchObject({ kind: 'claim', speaker: 'Colin Hart' });
  });

  it('gives a sentence that is only a quotation the speaker of the sentence before', () => {
    expect(labelOf('storm-leona', '"Our crews will be working')).toMatchObject({ kind: 'claim', speaker: 'Colin Hart', cue: 'quotation' });
  });

  it.each([
    ['iran-embassy-tirana', 'Diplomats leave Iranian Embassy'],
    ['iran-embassy-tirana', 'It is the first known case'],
    ['iran-embassy-tirana', 'The final two embassy cars'],
    ['iran-embassy-tirana', 'Albanian special police forces'],
    ['iran-embassy-tirana', 'A diplomatic car went in and out'],
    ['iran-embassy-tirana', 'On July 15, a cyberattack'],
    ['iran-embassy-tirana', 'Ties between Iran and Albania'],
    ['iran-embassy-tirana', 'The meeting was canceled'],
    ['iran-embassy-tirana', 'In two separate instances'],
    ['court-rental-ban', 'A state appeals court on Thursday struck down'],
    ['court-rental-ban', 'The three-judge panel ruled'],
    ['court-rental-ban', 'The council approved the ban'],
    ['court-rental-ban', 'The council had been scheduled'],
    ['election-westmere', 'Becker, who had led the city'],
    ['election-westmere', 'The race was marred'],
    ['election-westmere', 'Carvalho will take office'],
    ['election-westmere', 'The board is expected to certify'],
    ['heater-recall', 'The recall covers'],
    ['heater-recall', 'No deaths have been reported'],
    ['heater-recall', 'Kestrel, which is based in Ohio, added 400 jobs'],
    ['heater-recall', 'It reported record sales'],
    ['heater-recall', 'Kestrel previously recalled'],
    ['storm-leona', 'It weakened as it moved inland'],
    ['storm-leona', 'The storm claimed at least two lives'],
    ['storm-leona', 'Governor Ruth Ambler declared'],
    ['storm-leona', 'Schools in three counties'],
    ['storm-leona', 'Leona formed over'],
  ])('%s: "%s…" is reporting', (docId, start) => {
    expect(labelOf(docId, start)).toEqual({ kind: 'reporting' });
  });
});

describe('who said it, in general English', () => {
  it.each([
    ['Police said the driver was not injured.', 'Police'],
    ['“We will appeal,” said Tom Reed, a lawyer for the family.', 'Tom Reed'],
    ['The senator was accused of lying by two former aides.', 'two former aides'],
    ['Protesters called for the minister’s resignation.', 'Protesters'],
    ['The company announced that it would close the plant.', 'company'],
    ['Witnesses told reporters they heard two explosions.', 'Witnesses'],
    ['Scientists warn sea levels could rise faster than expected.', 'Scientists'],
    ['The ministry dismissed the allegations as politically motivated.', 'ministry'],
    ['The river rose two meters overnight, the agency said.', 'agency'],
    ['According to a report by the World Bank, growth slowed.', 'World Bank'],
    ['Two officials, speaking on condition of anonymity, said the talks had stalled.', 'Two officials'],
    ['Smith, 45, said he was innocent.', 'Smith'],
    ["The prime minister's office said in a statement that the visit was postponed.", "prime minister's office"],
    ['The government says the new rules will cut emissions.', 'government'],
    ['The union threatened to strike if the deal collapsed.', 'union'],
    ['Lawmakers passed the bill, which critics say will raise prices.', 'critics'],
    ['Critics have described the plan as reckless.', 'Critics'],
    ['The minister, however, insisted the budget was balanced.', 'minister'],
    ['Investigators believe the fire was started deliberately.', 'Investigators'],
    ['U.S. and British officials said the attack came from abroad.', 'U.S. and British officials'],
    ['Iran and Albania said talks would resume.', 'Iran and Albania'],
    ["The agency's director, Jane Doe, told lawmakers the system had failed.", 'Jane Doe'],
    ['Asked about the report, Rama said it was false.', 'Rama'],
    ['The ministry, in a statement, said the embassy would close.', 'ministry'],
    ['Iran denies role in cyberattack', 'Iran'],
  ])('"%s" is a claim by %s', (text, speaker) => {
    expect(labelSentence(text)).toMatchObject({ kind: 'claim', speaker });
  });

  it.each([
    'The fire claimed three lives.',
    'The team called a timeout with two minutes left.',
    'Officials declined to comment.',
    'He did not say when the talks would resume.',
    'The mayor was accused of corruption.',
    'The company announced a recall of 2,000 cars.',
    'Voters rejected the measure by a wide margin.',
    'It is not clear who fired first.',
    'The court ruled that the law was unconstitutional.',
    'Firefighters battled the blaze for six hours.',
    'Floodwaters threatened hundreds of homes.',
    'The bank added 300 branches last year.',
    'He was told to leave the building.',
    'Expectations for the so-called reform bill were low.',
    'Officials have yet to say what caused the blast.',
    'Albania sheltered members of the group and officers searched the compound.',
  ])('"%s" is reporting', (text) => {
    expect(labelSentence(text)).toEqual({ kind: 'reporting' });
  });

  it('marks a pronoun speaker unresolved instead of inventing one when nothing came before', () => {
    expect(labelSentence('It said the plant would close next year.')).toEqual({
      kind: 'claim',
      speaker: UNNAMED_SPEAKER,
      cue: 'said',
      pronoun: 'it',
      unresolved: true,
    });
  });

  it('resolves a pronoun from earlier sentences passed as context', () => {
    const previous = ['The ministry issued a statement on Monday.'];
    expect(labelSentence('It said the talks would resume.', { previous })).toMatchObject({ kind: 'claim', speaker: 'ministry', pronoun: 'it' });
  });

  it('links "the ministry" to the last speaker named "… Ministry", and nothing else', () => {
    const previous = ['The Iranian Foreign Ministry denied the report.'];
    expect(labelSentence('The ministry also condemned the decision.', { previous })).toMatchObject({ speaker: 'ministry', refersTo: 'Iranian Foreign Ministry' });
    expect(labelSentence('The ministry also condemned the decision.', { previous: ['The Interior Ministry denied the report.', ...previous] })).toMatchObject({
      refersTo: 'Iranian Foreign Ministry',
    });
    expect(labelSentence('The embassy also condemned the decision.', { previous })).not.toHaveProperty('refersTo');
    expect(labelSentence('Tehran also condemned the decision.', { previous })).not.toHaveProperty('refersTo');
    // And a pronoun after it refers to the fuller name.
    expect(labelSentence('It said the talks would resume.', { previous: [...previous, 'The ministry also condemned the decision.'] })).toMatchObject({
      speaker: 'Iranian Foreign Ministry',
      pronoun: 'it',
    });
  });

  it('does not take a person as the antecedent of "it", nor an organisation as that of "she"', () => {
    // People are known by a title or a name the tagger knows ("Prime Minister", "Helen").
    expect(labelSentence('It said the talks would resume.', { previous: ['Prime Minister Edi Rama said the talks had failed.'] })).toMatchObject({
      unresolved: true,
    });
    expect(labelSentence('It said the talks would resume.', { previous: ['Helen Okafor said the talks had failed.'] })).toMatchObject({ unresolved: true });
    expect(labelSentence('She said the talks would resume.', { previous: ['The Iranian Foreign Ministry denied the report.'] })).toMatchObject({
      unresolved: true,
    });
  });

  it('uses context only within one article, and not across a headline', async () => {
    const a = parseKnowledgeFile('a.md', new TextEncoder().encode('---\nid: a\ntitle: A\n---\n\nThe ministry said talks had failed.\n'));
    const b = parseKnowledgeFile('b.md', new TextEncoder().encode('---\nid: b\ntitle: B\n---\n\n# Talks fail\n\nIt said the talks would resume.\n'));
    const both = labelSentences([...a.sentences, ...b.sentences]);
    expect(both.get('a:1.1')).toMatchObject({ speaker: 'ministry' });
    expect(both.get('b:1.1')).toMatchObject({ kind: 'claim', unresolved: true });
  });

  it('cleans a speaker: no leading article, quotes or trailing punctuation', () => {
    expect(cleanSpeaker('The United States')).toBe('United States');
    expect(cleanSpeaker('“the ministry,')).toBe('ministry');
    expect(cleanSpeaker('Iranian state TV.')).toBe('Iranian state TV');
    expect(cleanSpeaker('The')).toBe('The');
  });

  it('takes every named speaker from the sentence itself, whatever the sentence', () => {
    const word = fc.constantFrom(
      'Rama',
      'the',
      'ministry',
      'said',
      'denied',
      'condemned',
      'called',
      'vowed',
      'It',
      'he',
      'and',
      'that',
      'according',
      'to',
      'state',
      'TV',
      'officials',
      'on',
      'Wednesday',
      'a',
      'statement',
      'blamed',
      'Iran',
      'Albania',
      'was',
      'by',
      'accused',
      ',',
      '"',
      '.',
      'The',
      'company',
      'spokesman',
      'for',
      'of',
      'which',
      'added',
      'claims',
      'in',
      '2014',
    );
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 18 }), (words) => {
        const text = words.join(' ').replace(/ ([,.])/g, '$1');
        const label = labelSentence(text);
        if (label.kind === 'reporting') return;
        expect(label.speaker.length).toBeGreaterThan(0);
        if (label.unresolved) expect(label.speaker).toBe(UNNAMED_SPEAKER);
        else expect(text).toContain(label.speaker);
        if (label.via) expect(text).toContain(label.via);
      }),
      { numRuns: 300 },
    );
  });
});
