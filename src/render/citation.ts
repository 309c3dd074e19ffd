import type { SentenceKind } from '../knowledge/types.ts';
import type { AnswerSource, ConfidenceLevel } from '../search/engine.ts';

const MONTHS = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'];

/** "2022-09-08" → "Sept. 8, 2022" (news style); anything else is returned as is. */
export function formatDate(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return `${MONTHS[Number(m[2]) - 1]} ${Number(m[3])}, ${m[1]}`;
}

/** Where in the article a sentence stands: "¶ 6", "headline" or "photo caption". */
export function formatPlace(kind: SentenceKind, paragraph: number): string {
  if (kind === 'headline') return 'headline';
  if (kind === 'caption') return 'photo caption';
  return `¶ ${paragraph}`;
}

/** The parts of a citation after the title: publisher, date, place. */
export function citationParts(source: AnswerSource, kind: SentenceKind, paragraph: number): string[] {
  return [source.publisher, formatDate(source.published), formatPlace(kind, paragraph)].filter((p): p is string => !!p);
}

/** The engine's confidence as words a member understands. */
export function confidenceWord(level: ConfidenceLevel): string {
  return `${level} match`;
}
