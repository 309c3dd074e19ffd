/**
 * Discord payloads for the moderator features: who-said-it labels, "Find sources" and
 * the reply it posts, the timeline in pages, /gaps and /reload. Pure functions, sized
 * against `LIMITS` like every renderer; text from members and sources is escaped.
 */
import type { SentenceKind } from '../knowledge/types.ts';
import type { SentenceLabel } from '../annotate/claims.ts';
import type { KnowledgeProblem, ReloadResult } from '../load/live.ts';
import type { TimelineEvent } from '../annotate/timeline.ts';
import type { Answer, AnswerSource } from '../search/engine.ts';
import { oneLine } from '../question.ts';
import { citationParts } from './citation.ts';
import { button, buttonRow } from './components.ts';
import { COLORS, escapeClipped, formatHighlighted, renderAnswer, type AnswerViewOptions } from './discord.ts';
import { LIMITS, clipText, fitEntries, type EmbedData, type MessageData } from './limits.ts';
import { NOT_COVERED, formatTimelineDate } from './text.ts';

/** Citations and labels are short; capping them keeps room for the sentences. */
const LINE_MAX = 300;

// ---------------------------------------------------------------------------
// Who said it

/** "Reporting", "Claim · Iranian Foreign Ministry", "Claim · ministry (Iranian Foreign Ministry)", "Claim · Iran · via Iranian state TV". */
export function labelText(label: SentenceLabel | undefined): string | undefined {
  if (!label) return undefined;
  if (label.kind === 'reporting') return 'Reporting';
  const speaker = label.refersTo ? `${label.speaker} (${label.refersTo})` : label.speaker;
  return ['Claim', speaker, ...(label.via ? [`via ${label.via}`] : [])].join(' · ');
}

// ---------------------------------------------------------------------------
// Find sources

export interface MessageRef {
  guildId: string | null;
  channelId: string;
  messageId: string;
}

/** A link to a message (Discord's own format; `@me` for direct messages). */
export function messageLink(ref: MessageRef): string {
  return `https://discord.com/channels/${ref.guildId ?? '@me'}/${ref.channelId}/${ref.messageId}`;
}

/** How much of the checked message is echoed. */
const ECHO_MAX = 300;

function echo(text: string): string {
  return `> ${escapeClipped(oneLine(text), ECHO_MAX)}`;
}

export interface FindSourcesView extends Pick<AnswerViewOptions, 'labels'> {
  target: MessageRef;
  /** The checked message's text. */
  text: string;
  /** Context button ids, per shown answer. */
  context: ReadonlyArray<string | undefined>;
  /** custom_id of "Post in channel". */
  post: string;
}

/**
 * The private result of "Find sources": the message echoed, the closest sentences as
 * answer embeds (with who said it), Context buttons, and "Post in channel".
 */
export function renderFindSources(answer: Answer, view: FindSourcesView): MessageData {
  const base = renderAnswer(answer, { ...(view.labels ? { labels: view.labels } : {}), actions: { context: view.context } });
  const post = button('Post in channel', view.post, { style: 'primary' });
  return {
    content: `What the sources say about [this message](${messageLink(view.target)}), closest first:\n${echo(view.text)}`,
    embeds: base.embeds ?? [],
    components: [...(base.components ?? []), ...buttonRow([post])],
  };
}

/** "Find sources" on a message the sources do not cover. */
export function renderFindSourcesNone(target: MessageRef, text: string): MessageData {
  return {
    content: `${NOT_COVERED} Nothing in the articles is close enough to [this message](${messageLink(target)}) to post.\n${echo(text)}`,
  };
}

/** "Find sources" on a message without text (only an image, an embed or a sticker). */
export function renderFindSourcesNoText(): MessageData {
  return { content: 'That message has no text to check against the sources.' };
}

export interface Quote {
  text: string;
  source: AnswerSource;
  paragraph: number;
  kind: SentenceKind;
  /** Who said it ("Claim · …" / "Reporting"). */
  label?: string;
}

/** The public reply "Post in channel" sends: each sentence verbatim with its citation and who said it. */
export function renderQuotes(quotes: readonly Quote[]): MessageData {
  const embeds = quotes.slice(0, LIMITS.embeds).map((q) => {
    const embed: EmbedData = {
      title: escapeClipped(q.source.title, LIMITS.embed.title),
      description: escapeClipped(q.text, 1500),
      color: COLORS.info,
      footer: { text: clipText(citationParts(q.source, q.kind, q.paragraph).join(' · ') || q.source.title, LINE_MAX) },
    };
    if (q.label) embed.author = { name: clipText(q.label, LINE_MAX) };
    if (q.source.url) embed.url = q.source.url;
    return embed;
  });
  return { content: 'From the sources, quoted word for word:', embeds };
}

/** What the moderator's private message becomes once the reply is posted. */
export function renderPosted(link: string): MessageData {
  return { content: `Posted the sentences as a [reply](${link}) to the message.`, embeds: [], components: [] };
}

// ---------------------------------------------------------------------------
// Timeline

/** Characters of events per page: one embed, well inside the 4,096 description and 6,000 total. */
export const TIMELINE_PAGE_CHARS = 3800;
/** Longest sentence shown in the timeline. */
const TIMELINE_SENTENCE_MAX = 700;

function linkTarget(url: string): string {
  return url.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/\s/g, '%20');
}

function timelineEntry(event: TimelineEvent, source: AnswerSource | undefined): string {
  const at = event.text.indexOf(event.matchedText);
  const highlights: Array<[number, number]> = at >= 0 ? [[at, at + event.matchedText.length]] : [];
  const sentence = formatHighlighted(event.text, highlights, TIMELINE_SENTENCE_MAX);
  const title = source ? escapeClipped(source.title, 120) : escapeClipped(event.docId, 60);
  const linked = source?.url ? `[${title}](${linkTarget(source.url)})` : title;
  const place = source ? citationParts(source, 'body', event.paragraph) : [`¶ ${event.paragraph}`];
  // A date the words do not settle is shown as the words, not as a guess.
  const when = event.asWritten ? `“${escapeClipped(event.matchedText, 80)}” (as written; date not certain)` : formatTimelineDate(event.date);
  return `**${when}**\n${sentence}\n— ${[linked, ...place].join(' · ')}`;
}

/**
 * The timeline cut into pages of whole events, each page fitting one message. The cut
 * depends only on the events, so a page number in a button means the same page later.
 */
export function timelinePages(events: readonly TimelineEvent[], sources: ReadonlyMap<string, AnswerSource>): string[] {
  const pages: string[] = [];
  let page = '';
  for (const event of events) {
    const entry = timelineEntry(event, sources.get(event.docId));
    if (page && page.length + 2 + entry.length > TIMELINE_PAGE_CHARS) {
      pages.push(page);
      page = '';
    }
    page = page ? `${page}\n\n${entry}` : entry;
  }
  if (page) pages.push(page);
  return pages;
}

export interface TimelinePageView {
  /** custom_ids of Prev and Next (only used when there is more than one page). */
  prev: string;
  next: string;
  /** A line above the page (e.g. "the sources changed"). */
  notice?: string;
}

/** One page of the timeline, with Prev/Next when there is more than one. `page` is clamped. */
export function renderTimelinePage(pages: readonly string[], eventCount: number, page: number, view: TimelinePageView): MessageData {
  if (pages.length === 0) return { content: 'There are no dated events in the sources.' };
  const at = Math.min(Math.max(0, page), pages.length - 1);
  const footer = [...(pages.length > 1 ? [`Page ${at + 1} of ${pages.length}`] : []), "Dates are resolved against each article's publication date"].join(' · ');
  const embed: EmbedData = {
    title: `Timeline · ${eventCount} dated event${eventCount === 1 ? '' : 's'}`,
    description: pages[at]!,
    color: COLORS.info,
    footer: { text: footer },
  };
  const message: MessageData = { embeds: [embed], components: [] };
  if (view.notice) message.content = view.notice;
  if (pages.length > 1) {
    message.components = buttonRow([button('Prev', view.prev, { disabled: at === 0 }), button('Next', view.next, { disabled: at === pages.length - 1 })]);
  }
  return message;
}

// ---------------------------------------------------------------------------
// Feedback and /gaps

export function renderVoteThanks(vote: 'up' | 'down'): MessageData {
  return {
    content: vote === 'up' ? 'Thanks — your 👍 is noted.' : 'Thanks — your 👎 is noted. Moderators review the answers marked 👎 most often.',
  };
}

export interface GapsView {
  days: number;
  unanswered: ReadonlyArray<{ question: string; count: number }>;
  downvoted: ReadonlyArray<{ answerId: string; down: number; up: number; questions: readonly string[] }>;
  /** The sentence behind an answer id, when it is still in the sources. */
  sentence(id: string): Quote | undefined;
}

/** Fills a description with whole lines, counting the ones left out. */
function fitLines(lines: readonly string[], max: number): string {
  return fitEntries(lines, max, { whenNoneFit: (count) => `… ${count} entries, too long to show` });
}

/** `/gaps`: the questions the bot most often could not answer, and the answers marked 👎 most. */
export function renderGaps(view: GapsView): MessageData {
  const period = `last ${view.days} days`;
  const unanswered = view.unanswered.map((q, i) => `${i + 1}. ${escapeClipped(q.question, 200)} — asked ${q.count}×`);
  const downvoted = view.downvoted.map((d, i) => {
    const quote = view.sentence(d.answerId);
    const what = quote
      ? `“${escapeClipped(quote.text, 250)}”\n   ${escapeClipped([quote.source.title, ...citationParts(quote.source, quote.kind, quote.paragraph)].join(' · '), 200)}`
      : `\`${d.answerId.replace(/`/g, "'")}\` (no longer in the sources)`;
    const asked = d.questions.length ? `\n   asked as: ${d.questions.map((q) => escapeClipped(q, 120)).join(' · ')}` : '';
    return `${i + 1}. 👎 ${d.down} · 👍 ${d.up} — ${what}${asked}`;
  });
  const half = Math.floor((LIMITS.embed.total - 400) / 2);
  return {
    embeds: [
      {
        title: `Questions the sources did not answer · ${period}`,
        description: unanswered.length ? fitLines(unanswered, Math.min(half, LIMITS.embed.description)) : `None in the ${period}.`,
        color: COLORS.partial,
      },
      {
        title: `Answers marked 👎 most · ${period}`,
        description: downvoted.length ? fitLines(downvoted, Math.min(half, LIMITS.embed.description)) : `No 👎 in the ${period}.`,
        color: COLORS.partial,
        footer: { text: 'Kept: question text, answer ids, server id, votes (voters only as a keyed hash). This server only.' },
      },
    ],
  };
}

export function renderFeedbackOff(): MessageData {
  return { content: 'Feedback is not being recorded by this bot, so there is nothing to show.' };
}

// ---------------------------------------------------------------------------
// /reload and permissions

function code(text: string): string {
  // A line break would end the code span (and the line) early.
  return `\`${text.replace(/`/g, "'").replace(/[\r\n\u2028\u2029]/g, ' ') || ' '}\``;
}

function problemLine(p: KnowledgeProblem): string {
  const where = p.field ? `${code(p.file)} — field ${code(p.field)}: ` : `${code(p.file)}: `;
  return `• ${where}${escapeClipped(p.problem, 300)}`;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function ids(list: readonly string[]): string {
  return list.map(code).join(', ');
}

/** What the other shards said to a reload: how many reloaded, how many kept their last good version, and whether some could not be asked. */
export interface OtherShards {
  reloaded: number;
  failed: number;
  unreachable: boolean;
}

/** What `/reload` tells the moderator: what changed, or which file and field to fix. */
export function renderReload(result: ReloadResult, others?: OtherShards): MessageData {
  if (result.status === 'failed') {
    const kept = result.kept;
    const since = Math.floor(kept.loadedAt.getTime() / 1000);
    const lines = [
      `**Not reloaded.** I keep answering from the last good version of the sources (${count(kept.kb.documents.length, 'article')}, loaded <t:${since}:R>).`,
      'Fix this and run `/reload` again (or save the file: I reload by myself when it changes):',
      ...result.problems.map(problemLine),
    ];
    return { content: fitContent(lines) };
  }
  const { snapshot, changes } = result;
  const lines = [
    `**Reloaded** the sources: ${count(snapshot.kb.documents.length, 'article')}, ${count(snapshot.kb.sentences.length, 'sentence')}, ${count(snapshot.timeline.length, 'dated event')}. Answers now come from this version.`,
  ];
  if (changes.added.length) lines.push(`Added: ${ids(changes.added)}`);
  if (changes.changed.length) lines.push(`Changed: ${ids(changes.changed)}`);
  if (changes.removed.length) lines.push(`Removed: ${ids(changes.removed)}`);
  if (!changes.added.length && !changes.changed.length && !changes.removed.length) lines.push('No article changed.');
  if (result.warnings?.length) lines.push('Not loaded (the rest is):', ...result.warnings.map(problemLine));
  if (others) lines.push(otherShardsLine(others));
  return { content: fitContent(lines) };
}

/** The other shards' part of a reload (the bot under the shard manager). */
function otherShardsLine(others: OtherShards): string {
  const parts: string[] = [];
  if (others.reloaded) parts.push(`${count(others.reloaded, 'other shard')} reloaded too`);
  if (others.failed) parts.push(`${count(others.failed, 'other shard')} could not (${others.failed === 1 ? 'it keeps' : 'they keep'} the last good version)`);
  if (others.unreachable) parts.push('some shards could not be reached; they reload by themselves when the files change');
  return `${parts.join('; ')}.`.replace(/^./, (c) => c.toUpperCase());
}

function fitContent(lines: readonly string[]): string {
  return fitLines(lines, LIMITS.content - 40);
}

export function renderReloadUnavailable(): MessageData {
  return { content: 'These sources were built in memory and cannot be reloaded.' };
}

/** A member without the permission a moderator command needs. */
export function renderNeedsPermission(command: string, permission: string): MessageData {
  return { content: `You need the **${permission}** permission to use \`/${command}\`.` };
}

export function renderGuildOnly(command: string): MessageData {
  return { content: `\`/${command}\` works in a server, not in direct messages.` };
}
