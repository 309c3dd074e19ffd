import type { Answer, AnswerEngine } from '../search/engine.ts';
import { citationParts, confidenceWord, formatDate } from './citation.ts';

export const NOT_COVERED = "The sources don't cover that.";

/** An answer as console text: each sentence, then "— Title · publisher · date · ¶ n". */
export function renderAnswerText(answer: Answer, max = 3): string {
  if (answer.abstained || answer.answers.length === 0) {
    return `${NOT_COVERED} Type /sources to see which articles I can answer from.`;
  }
  return answer.answers
    .slice(0, max)
    .map((a, i) => {
      const cite = [a.source.title, ...citationParts(a.source, a.kind, a.paragraph)].join(' · ');
      const link = a.source.url ? `\n   ${a.source.url}` : '';
      return `${i + 1}. ${a.text}\n   — ${cite} (${confidenceWord(a.score)})${link}`;
    })
    .join('\n\n');
}

/** The list of articles, for `/sources` in the console. */
export function renderSourcesText(engine: AnswerEngine): string {
  const sources = engine.sources();
  const lines = sources.map((s, i) => {
    const parts = [s.publisher, formatDate(s.published), `${s.sentences} sentences`].filter(Boolean).join(' · ');
    return `${i + 1}. ${s.title}\n   ${parts}${s.url ? `\n   ${s.url}` : ''}`;
  });
  return `${sources.length} article${sources.length === 1 ? '' : 's'}:\n${lines.join('\n')}`;
}
