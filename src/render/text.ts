import type { SourceMeta } from '../knowledge/types.ts';
import type { TimelineEvent } from '../annotate/timeline.ts';
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
      return `${i + 1}. ${a.text}\n   — ${cite} (${confidenceWord(a.confidence)})${link}`;
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

/** The timeline as console text: one dated line per event with its sentence and citation. */
export function renderTimelineText(events: readonly TimelineEvent[], sources: ReadonlyMap<string, SourceMeta>): string {
  if (events.length === 0) return 'No dated events in the sources.';
  return events
    .map((e) => {
      const source = sources.get(e.docId);
      const cite = source ? [source.title, formatDate(source.published), `¶ ${e.paragraph}`].filter(Boolean).join(' · ') : e.docId;
      const when = e.asWritten ? `"${e.matchedText}" (as written; date not certain)` : `${formatTimelineDate(e.date)}  (${e.matchedText})`;
      return `${when}\n   ${e.text}\n   — ${cite}`;
    })
    .join('\n\n');
}

/** "2022-09-07" → "Sept. 7, 2022"; "2022-07" → "July 2022"; "2014" → "2014". */
export function formatTimelineDate(date: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return formatDate(date)!;
  const month = /^(\d{4})-(\d{2})$/.exec(date);
  if (month) return `${formatDate(`${month[1]}-${month[2]}-01`)!.replace(/ 1,/, '')}`;
  return date;
}
