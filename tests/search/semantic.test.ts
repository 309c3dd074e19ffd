import { describe, expect, it } from 'vitest';
import { assembleKnowledgeBase, parseKnowledgeFile } from '../../src/knowledge/load.ts';
import { AnswerEngine } from '../../src/search/engine.ts';
import { sharedWordVectors } from '../../src/search/language/word-vectors.ts';
import { questionVectors, sentenceSemantics, termRows } from '../../src/search/semantic.ts';
import { SentenceIndex } from '../../src/search/sentence-index.ts';

const file = (id: string, title: string, body: string) => parseKnowledgeFile(`${id}.md`, Buffer.from(`---\nid: ${id}\ntitle: ${title}\n---\n\n${body}\n`));
const kb = assembleKnowledgeBase([
  file(
    'maker',
    'Lantern Works recalls its lamps',
    'Lantern Works is recalling 40,000 desk lamps sold since March. The lamps can overheat. ' +
      'The company reported record revenue of $80 million last year. Its shares fell 6% on Monday. ' +
      'The lamps were made in a plant near the river.',
  ),
  file('match', 'A football match', 'The home side won the match on Sunday. Fans sang in the rain.'),
]);
const engine = AnswerEngine.fromKnowledge(kb);
describe('closeness in meaning', () => {
  it('maps each index term to the row of its most frequent plain form, and stopwords to none', () => {
    const index = SentenceIndex.build(kb);
    const vectors = sharedWordVectors();
    const rows = termRows(index, vectors);
    expect(rows).toHaveLength(index.terms.length);
    expect(rows[index.surfaceToTerm.get('lamps')!]).toBe(vectors.id('lamps'));
    expect(rows[index.surfaceToTerm.get('lantern')!]).toBe(vectors.id('lantern'));
    expect(rows[index.surfaceToTerm.get('the')!]).toBe(-1);
    expect(rows[index.surfaceToTerm.get('80')!]).toBe(-1);
  });

  it('finds, per question term, how near the nearest word of a sentence comes', () => {
    const vectors = sharedWordVectors();
    const analysis = engine.analyse('how big were the sales');
    const asked = questionVectors(analysis, vectors);
    const sales = analysis.terms.findIndex((t) => t.text === 'sales');
    const rows = termRows(engine.index, vectors);
    const closeness = (start: string) => {
      const i = engine.index.sentences.findIndex((x) => x.text.startsWith(start));
      return sentenceSemantics(asked, i, engine.index, rows, vectors, new Map()).closeness[sales]!;
    };
    expect(closeness('The company reported record revenue')).toBeGreaterThan(0.4);
    expect(closeness('The company reported record revenue')).toBeGreaterThan(closeness('Fans sang in the rain') + 0.3);
    expect(closeness('Fans sang in the rain')).toBe(0);
  });

  it("looks past the first stage's floor within the articles of the leading candidates", () => {
    // "shares" shares no word with "stock"; only "Lantern" ties it to the question.
    const { list } = engine.rerank('what happened to the lantern stock', 5);
    const texts = list.map((s) => engine.index.sentences[s.first.index]!.text);
    expect(texts.some((t) => t.startsWith('Its shares fell'))).toBe(true);
    for (const s of list) expect(engine.index.sentences[s.first.index]!.docId).toBe('maker');
  });

  it('leaves the ranking unchanged in kind without vectors (for measurements)', () => {
    const plain = AnswerEngine.fromKnowledge(kb, { vectors: false });
    const answer = plain.ask('when were the lamps sold');
    expect(answer.abstained).toBe(false);
    expect(answer.answers[0]!.text).toContain('sold since March');
  });
});
