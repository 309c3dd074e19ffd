import type { Answer } from '../search/engine.ts';

/** The `ask --json` object of the product contract, plus `explain` for debugging. */
export function answerToJson(answer: Answer, { explain = true } = {}) {
  return {
    question: answer.question,
    abstained: answer.abstained,
    answers: answer.answers.slice(0, 5).map((a) => ({
      id: a.id,
      text: a.text,
      score: a.score,
      source: a.source,
      paragraph: a.paragraph,
      sentence: a.sentence,
      ...(explain ? { explain: { ...a.explain, matched: a.matched } } : {}),
    })),
  };
}
