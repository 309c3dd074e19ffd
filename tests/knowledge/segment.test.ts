import { describe, expect, it } from 'vitest';
import { segment, splitSentences } from '../../src/knowledge/segment.ts';

const sentencesOf = (text: string) => splitSentences(text).map(([s, e]) => text.slice(s, e));

describe('sentence segmentation', () => {
  it('keeps an abbreviated month with its day and year', () => {
    expect(sentencesOf('Police entered the embassy on Sept. 8, 2022. It was empty.')).toEqual([
      'Police entered the embassy on Sept. 8, 2022.',
      'It was empty.',
    ]);
  });

  it('keeps "U.S. lawmakers" and "U.S. President" inside one sentence', () => {
    expect(sentencesOf('U.S. lawmakers were invited. The U.S. President did not attend.')).toEqual([
      'U.S. lawmakers were invited.',
      'The U.S. President did not attend.',
    ]);
  });

  it('splits after an initialism when the next word opens a sentence', () => {
    expect(sentencesOf('The talks were held in the U.S. The next round is in May.')).toEqual([
      'The talks were held in the U.S.',
      'The next round is in May.',
    ]);
  });

  it('keeps titles with names: Mr., Dr.', () => {
    expect(sentencesOf('Mr. Rama spoke first. Dr. Smith answered.')).toEqual(['Mr. Rama spoke first.', 'Dr. Smith answered.']);
  });

  it('keeps "No. 5" and decimal numbers together', () => {
    expect(sentencesOf('He lives at No. 5 Main Street. Growth was 3.5 percent. Prices rose.')).toEqual([
      'He lives at No. 5 Main Street.',
      'Growth was 3.5 percent.',
      'Prices rose.',
    ]);
  });

  it('keeps initials of a name together', () => {
    expect(sentencesOf('The book was written by J. R. R. Tolkien in England. It sold well.')).toEqual([
      'The book was written by J. R. R. Tolkien in England.',
      'It sold well.',
    ]);
  });

  it('does not split after "e.g."', () => {
    expect(sentencesOf('Some services, e.g. Tax filing, were down. Others worked.')).toEqual([
      'Some services, e.g. Tax filing, were down.',
      'Others worked.',
    ]);
  });

  it('splits after a closing quote', () => {
    expect(sentencesOf('It called them "baseless claims." The ministry said more. Then “it ended.” Fine.')).toEqual([
      'It called them "baseless claims."',
      'The ministry said more.',
      'Then “it ended.”',
      'Fine.',
    ]);
  });

  it('keeps a trailing photo credit with its caption sentence', () => {
    expect(sentencesOf('Police prepare to enter the embassy, Sept. 8, 2022. (Reuters Photo)')).toEqual([
      'Police prepare to enter the embassy, Sept. 8, 2022. (Reuters Photo)',
    ]);
  });

  it('splits on question and exclamation marks', () => {
    expect(sentencesOf('Why now? Nobody knows! It happened.')).toEqual(['Why now?', 'Nobody knows!', 'It happened.']);
  });
});

describe('documents into sentences', () => {
  const body = '\n# A headline here\n\n*A caption, Sept. 8, 2022. (Photo Agency)*\n\nFirst paragraph. It has two sentences.\n\nSecond\nparagraph wraps a line.\n';
  const sentences = segment('doc', body);

  it('marks the headline and the caption as their own kinds', () => {
    expect(sentences.map((s) => s.kind)).toEqual(['headline', 'caption', 'body', 'body', 'body']);
  });

  it('gives stable ids <doc>:<paragraph>.<sentence>', () => {
    expect(sentences.map((s) => s.id)).toEqual(['doc:0.1', 'doc:0.2', 'doc:1.1', 'doc:1.2', 'doc:2.1']);
  });

  it('keeps text verbatim and offsets that point back into the body', () => {
    for (const s of sentences) {
      expect(body.slice(s.start, s.end).replace(/\s*\n\s*/g, ' ')).toBe(s.text);
    }
    expect(sentences[1]!.text).toBe('A caption, Sept. 8, 2022. (Photo Agency)');
    expect(sentences[4]!.text).toBe('Second paragraph wraps a line.');
  });

  it('numbers paragraphs and sentences from 1', () => {
    expect(sentences.slice(2).map((s) => [s.paragraph, s.sentence])).toEqual([
      [1, 1],
      [1, 2],
      [2, 1],
    ]);
  });
});
