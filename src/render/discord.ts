/**
 * Answers as Discord message payloads (API-shaped JSON: content, embeds, buttons).
 * Pure functions: no client, no network. Every text from a member or a source is
 * markdown-escaped, sentences are quoted verbatim with the matched words in bold, and
 * everything is sized against `LIMITS` so the payload is valid however long the input.
 */
import { oneLine } from '../question.ts';
import { button, buttonRow } from './components.ts';
import type { SentenceKind } from '../knowledge/types.ts';
import type { Answer, AnswerSource, ConfidenceLevel, RankedAnswer } from '../search/engine.ts';
import { citationParts, confidenceWord, formatDate } from './citation.ts';
import { ELLIPSIS, LIMITS, allocate, clipMarkdown, clipText, fitEntries, type ActionRowData, type ButtonData, type EmbedData, type MessageData } from './limits.ts';
import { NOT_COVERED } from './text.ts';

export type { MessageData, EmbedData, ActionRowData, ButtonData };

/** Answers shown per message (one embed each). */
export const ANSWERS_PER_PAGE = 3;

export const COLORS = {
  strong: 0x2e7d32,
  good: 0x1565c0,
  partial: 0x757575,
  info: 0x5865f2,
  context: 0x6d4c41,
} as const;

// ---------------------------------------------------------------------------
// Markdown escaping
// ---------------------------------------------------------------------------

/** Characters that are markdown wherever they stand. `<` starts mentions, channels, timestamps and emoji. */
const ALWAYS_ESCAPED = new Set(['\\', '*', '_', '~', '`', '|', '[', ']', '<']);
/** Characters that are markdown at the start of a line: quote, heading, list. */
const LINE_START_ESCAPED = new Set(['>', '#', '-', '+']);

interface Unit {
  kind: 'char' | 'open' | 'close';
  text: string;
  space: boolean;
}

const OPEN: Unit = { kind: 'open', text: '**', space: false };
const CLOSE: Unit = { kind: 'close', text: '**', space: false };

/** Offsets (UTF-16) of each code point of `text`, with the code point. */
function codePoints(text: string): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  let i = 0;
  for (const ch of text) {
    out.push([i, ch]);
    i += ch.length;
  }
  return out;
}

/**
 * Invite links Discord's client shows as an invite card even without a scheme
 * ("discord.gg/x", "discord.com/invite/x"); group 1 is the host's first label.
 */
const SCHEMELESS_INVITE = /(discord(?:app)?)\.(?:gg|io|me|li|com\/invite)\//gi;

/**
 * Offsets in `text` whose character must be escaped: markdown characters, line-start
 * markers, the dot of a line-start "1.", the `@` of @everyone / @here, the colon of a URL
 * scheme (so a link in a question is neither clickable nor previewed) and the dot of an
 * invite host ("discord\.gg/x": shown as written, no invite card).
 */
function escapedOffsets(text: string): Set<number> {
  const out = new Set<number>();
  for (const m of text.matchAll(SCHEMELESS_INVITE)) out.add(m.index + m[1]!.length);
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') {
      lineStart = true;
      continue;
    }
    if (lineStart && (ch === ' ' || ch === '\t')) continue;
    if (lineStart) {
      if (LINE_START_ESCAPED.has(ch)) out.add(i);
      const numbered = /^\d+\.(?=\s|$)/.exec(text.slice(i, i + 12));
      if (numbered) out.add(i + numbered[0].length - 1);
    }
    lineStart = false;
    if (ALWAYS_ESCAPED.has(ch)) out.add(i);
    if (ch === '@' && /^(everyone|here)/i.test(text.slice(i + 1, i + 9))) out.add(i);
    // "https\://" shows as written but is no link: no unfurled preview of a member's URL.
    if (ch === ':' && text.startsWith('//', i + 1) && /[a-z]$/i.test(text.slice(Math.max(0, i - 1), i))) out.add(i);
  }
  return out;
}

/** Which code points are bold: inside a highlight range, without whitespace at a run's edges. */
function boldFlags(points: Array<[number, string]>, highlights: ReadonlyArray<readonly [number, number]>): boolean[] {
  const flags = points.map(([offset, ch]) => highlights.some(([a, b]) => offset + ch.length > a && offset < b));
  const isSpace = (k: number) => /\s/.test(points[k]![1]);
  for (let k = 0; k < flags.length; k++) {
    if (!flags[k]) continue;
    let end = k;
    while (end + 1 < flags.length && flags[end + 1]) end++;
    let a = k;
    let b = end;
    while (a <= b && isSpace(a)) flags[a++] = false;
    while (b >= a && isSpace(b)) flags[b--] = false;
    k = end;
  }
  return flags;
}

function units(text: string, highlights: ReadonlyArray<readonly [number, number]> = []): Unit[] {
  const points = codePoints(text);
  const escaped = escapedOffsets(text);
  const bold = highlights.length ? boldFlags(points, highlights) : points.map(() => false);
  const out: Unit[] = [];
  let open = false;
  points.forEach(([offset, ch], k) => {
    if (bold[k] && !open) {
      out.push(OPEN);
      open = true;
    } else if (!bold[k] && open) {
      out.push(CLOSE);
      open = false;
    }
    out.push({ kind: 'char', text: escaped.has(offset) ? `\\${ch}` : ch, space: /\s/.test(ch) });
  });
  if (open) out.push(CLOSE);
  return out;
}

/**
 * Joins units into at most `max` characters. When they do not fit, the text is cut
 * between units (so never inside an escape or a surrogate pair), preferably at a space,
 * an open bold is closed, and an ellipsis marks the cut.
 */
function joinUnits(list: Unit[], max: number): string {
  const full = list.reduce((n, u) => n + u.text.length, 0);
  if (full <= max) return list.map((u) => u.text).join('');
  const budget = max - ELLIPSIS.length;
  let length = 0;
  let open = false;
  let cut = 0;
  let lastSpace: { cut: number; length: number } | undefined;
  for (let k = 0; k < list.length; k++) {
    const u = list[k]!;
    const nextOpen: boolean = u.kind === 'open' ? true : u.kind === 'close' ? false : open;
    if (length + u.text.length + (nextOpen ? CLOSE.text.length : 0) > budget) break;
    if (u.space) lastSpace = { cut: k, length };
    length += u.text.length;
    open = nextOpen;
    cut = k + 1;
  }
  if (lastSpace && lastSpace.length >= length * 0.6) cut = lastSpace.cut;
  const kept = list.slice(0, cut);
  while (kept.length && (kept[kept.length - 1]!.space || kept[kept.length - 1]!.kind === 'open')) kept.pop();
  open = false;
  for (const u of kept) if (u.kind !== 'char') open = u.kind === 'open';
  return kept.map((u) => u.text).join('') + (open ? CLOSE.text : '') + ELLIPSIS;
}

/** `text` with every markdown character escaped, so Discord shows it exactly as written. */
export function escapeMarkdown(text: string): string {
  return units(text)
    .map((u) => u.text)
    .join('');
}

/** The inverse of `escapeMarkdown`. */
export function unescapeMarkdown(text: string): string {
  return text.replace(/\\([\s\S])/g, '$1');
}

/**
 * `text` escaped, with the character ranges in `highlights` in bold, within `max`
 * characters (cut safely with an ellipsis when longer).
 */
export function formatHighlighted(text: string, highlights: ReadonlyArray<readonly [number, number]>, max: number): string {
  return joinUnits(units(text, highlights), max);
}

/** `text` escaped and clipped safely to `max` characters. */
export function escapeClipped(text: string, max: number): string {
  return joinUnits(units(text), max);
}

/** A URL made safe inside a markdown link target. */
function linkTarget(url: string): string {
  return url.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/\s/g, '%20');
}

// ---------------------------------------------------------------------------
// Answer messages
// ---------------------------------------------------------------------------

/** The line that echoes the question; `questionFromContent` reads it back. */
const QUESTION_PREFIX = '> ';
/** Longest question echoed (the /ask option allows 300; the engine clips at 500). */
const QUESTION_ECHO_MAX = 1200;

function mentionLine(userId: string): string {
  return `*for <@${userId}>*`;
}

/** The echo line; one line whatever it is given, since a line break would end the quote and the read-back. */
function questionLine(question: string): string {
  return QUESTION_PREFIX + escapeClipped(oneLine(question), QUESTION_ECHO_MAX);
}

/**
 * The question echoed in an answer message's content, read back exactly (`undefined`
 * when the content does not carry one). Buttons use it, with a checksum in their
 * custom id, so their state survives restarts without being held in memory.
 */
export function questionFromContent(content: string | undefined | null): string | undefined {
  if (!content) return undefined;
  const line = content.split('\n').find((l) => l.startsWith(QUESTION_PREFIX));
  if (!line) return undefined;
  const question = unescapeMarkdown(line.slice(QUESTION_PREFIX.length)).trim();
  return question || undefined;
}

export interface AnswerActions {
  /** custom_id of the "More" button; omitted when there are no further answers. */
  more?: string;
  /** custom_id of the "Context" button of each shown answer (same order); undefined skips one. */
  context?: ReadonlyArray<string | undefined>;
  /**
   * custom_ids of the 👍 and 👎 buttons of each shown answer (same order). With votes, each
   * answer gets its own row (Context, 👍, 👎) and More a row of its own.
   */
  votes?: ReadonlyArray<{ up: string; down: string } | undefined>;
}

export interface AnswerViewOptions {
  /** Rank of the first shown answer minus one (0 for the first page). */
  offset?: number;
  /** User id for the "for @user" line. */
  mention?: string;
  actions?: AnswerActions;
  /** Who said it, per shown answer (same order): shown as the embed's author line ("Claim · Iranian Foreign Ministry"). */
  labels?: ReadonlyArray<string | undefined>;
}

function colorFor(level: ConfidenceLevel): number {
  return COLORS[level];
}

/** "Diplomats leave …" escaped and clipped for an embed title. */
function titleOf(source: AnswerSource): string {
  return escapeClipped(source.title, LIMITS.embed.title);
}

/**
 * A citation line is short; capping it (well under the footer limit) keeps three
 * answers' titles and footers from eating the 6,000 shared with the sentences.
 */
const CITATION_MAX = 300;

/** The embed footer of one answer: rank, publisher, date, place, confidence (plain text). */
function answerFooter(a: RankedAnswer, rank: number): string {
  const publisher = a.source.publisher ? clipText(a.source.publisher, 120) : undefined;
  const parts = citationParts({ ...a.source, ...(publisher ? { publisher } : {}) }, a.kind, a.paragraph);
  return clipText([`#${rank}`, ...parts, confidenceWord(a.confidence)].join(' · '), Math.min(CITATION_MAX, LIMITS.embed.footer));
}

function contentLines(question: string, mention: string | undefined, extra: string[] = []): string {
  const lines = [...(mention ? [mentionLine(mention)] : []), questionLine(question), ...extra];
  return lines.join('\n');
}

/**
 * An answer: the question echoed (and the "for @user" line), then one embed per
 * sentence, best first, up to three, each with the sentence verbatim and matched words
 * in bold, the article title linked to its url, and publisher · date · ¶ n · confidence.
 * An abstention becomes `renderNotCovered`.
 */
export function renderAnswer(answer: Answer, options: AnswerViewOptions = {}): MessageData {
  if (answer.abstained || answer.answers.length === 0) {
    return options.offset ? renderNoMore(answer.question, options.mention) : renderNotCovered(answer.question, options.mention);
  }
  const shown = answer.answers.slice(0, ANSWERS_PER_PAGE);
  const offset = options.offset ?? 0;
  const base = shown.map((a, i) => {
    const embed: EmbedData = {
      title: titleOf(a.source),
      color: colorFor(a.confidence),
      footer: { text: answerFooter(a, offset + i + 1) },
    };
    const label = options.labels?.[i];
    if (label) embed.author = { name: clipText(label, Math.min(CITATION_MAX, LIMITS.embed.author)) };
    if (a.source.url) embed.url = a.source.url;
    return embed;
  });
  // Share what the 6,000 total leaves among the sentences, each at most 4,096.
  const fixed = base.reduce((n, e) => n + (e.title?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0), 0);
  const needs = shown.map((a) => Math.min(LIMITS.embed.description, formatHighlighted(a.text, a.highlights, LIMITS.embed.description).length));
  const budgets = allocate(needs, LIMITS.embed.total - fixed);
  const embeds = base.map((e, i) => ({ ...e, description: formatHighlighted(shown[i]!.text, shown[i]!.highlights, budgets[i]!) }));

  const buttons: ButtonData[] = [];
  const context = options.actions?.context ?? [];
  const votes = options.actions?.votes ?? [];
  const rows: ActionRowData[] = [];
  shown.forEach((_, i) => {
    const id = context[i];
    const rank = shown.length > 1 ? ` #${offset + i + 1}` : '';
    if (id) buttons.push(button(`Context${rank}`, id));
    const vote = votes[i];
    if (vote) {
      buttons.push(button(`👍${rank}`, vote.up), button(`👎${rank}`, vote.down));
    }
    if (votes.length) rows.push(...buttonRow(buttons.splice(0)));
  });
  if (options.actions?.more) buttons.push(button('More', options.actions.more, { style: 'primary' }));
  rows.push(...buttonRow(buttons));

  return { content: contentLines(answer.question, options.mention), embeds, components: rows };
}

/** What the bot says when the sources do not cover a question: no sentence, a pointer to /sources. */
export function renderNotCovered(question: string, mention?: string): MessageData {
  return {
    content: contentLines(question, mention, [`${NOT_COVERED} Use \`/sources list\` to see which articles I answer from, or ask in other words.`]),
  };
}

/** "More" past the last answer. */
export function renderNoMore(question: string, mention?: string): MessageData {
  return { content: contentLines(question, mention, ['No more answers to that question in the sources.']) };
}

// ---------------------------------------------------------------------------
// Sources, context, help, notices
// ---------------------------------------------------------------------------

export interface SourceSummary extends AnswerSource {
  sentences: number;
}

/** `/sources`: every article with title (linked), publisher, date and sentence count. */
export function renderSources(sources: readonly SourceSummary[]): MessageData {
  if (sources.length === 0) return { content: 'There are no articles in the knowledge base yet.' };
  const lines = sources.map((s, i) => {
    const title = escapeClipped(s.title, 300);
    const linked = s.url ? `[${title}](${linkTarget(s.url)})` : `**${title}**`;
    const parts = [s.publisher ? escapeClipped(s.publisher, 200) : undefined, formatDate(s.published), `${s.sentences} sentence${s.sentences === 1 ? '' : 's'}`];
    return `${i + 1}. ${linked}\n${parts.filter(Boolean).join(' · ')}`;
  });
  const description = fitEntries(lines, LIMITS.embed.description - 40, { separator: '\n\n' });
  const total = sources.reduce((n, s) => n + s.sentences, 0);
  return {
    embeds: [
      {
        title: `Sources (${sources.length} article${sources.length === 1 ? '' : 's'})`,
        description,
        color: COLORS.info,
        footer: { text: `${total} quotable sentences · answers quote these articles word for word` },
      },
    ],
  };
}

export interface ContextSentence {
  id: string;
  text: string;
  paragraph: number;
  kind: SentenceKind;
}

/**
 * The Context view: a sentence with its neighbours from the same article, the sentence
 * itself in bold, paragraphs kept apart, and its citation.
 */
export function renderContext(target: ContextSentence, sentences: readonly ContextSentence[], source: AnswerSource): MessageData {
  const list = sentences.length ? sentences : [target];
  const max = LIMITS.embed.description;
  const needs = list.map((s) => s.text.length * 2 + 8);
  const budgets = allocate(needs, max - 2 * list.length);
  const parts: string[] = [];
  list.forEach((s, i) => {
    const text = s.id === target.id ? formatHighlighted(s.text, [[0, s.text.length]], budgets[i]!) : escapeClipped(s.text, budgets[i]!);
    const previous = list[i - 1];
    const separator = i === 0 ? '' : previous && previous.paragraph === s.paragraph && previous.kind === s.kind ? ' ' : '\n\n';
    parts.push(separator + text);
  });
  const embed: EmbedData = {
    title: escapeClipped(source.title, LIMITS.embed.title),
    description: parts.join(''),
    color: COLORS.context,
    footer: { text: clipText(['Context', ...citationParts(source, target.kind, target.paragraph)].join(' · '), CITATION_MAX) },
  };
  if (source.url) embed.url = source.url;
  return { embeds: [embed] };
}

/** Context of a sentence that is no longer in the knowledge base. */
export function renderContextMissing(): MessageData {
  return { content: 'That sentence is no longer in the sources (the articles were updated). Ask again with `/ask`.' };
}

export interface HelpOptions {
  /** The commands to list (name without slash → one-line description), in order. */
  commands: ReadonlyArray<{ name: string; description: string }>;
  /** Questions per window and window seconds, when a cooldown applies. */
  cooldown?: { questions: number; seconds: number };
}

/** `/help`: what the bot does, its commands and how to ask well. */
export function renderHelp(options: HelpOptions): MessageData {
  const lines = [
    'I answer questions about the news from the articles in my sources. Every answer is a sentence quoted word for word, with the article, date and paragraph it comes from. I never write text of my own about the events, and when the articles do not cover a question I say so.',
    '',
    '**Commands**',
    ...options.commands.map((c) => `\`/${c.name}\` ${c.description}`),
    '',
    '**Asking well**',
    '• Ask one thing at a time, in plain words: *Why did Albania cut ties with Iran?*',
    '• Names, places and dates help: *What happened on July 15?*',
    '• Under an answer, **More** shows the next sentences and **Context** the sentences around one.',
  ];
  if (options.cooldown) lines.push(`• You can ask ${options.cooldown.questions} questions every ${options.cooldown.seconds} seconds.`);
  return { embeds: [{ title: 'How to use factdesk', description: clipMarkdown(lines.join('\n'), LIMITS.embed.description), color: COLORS.info }] };
}

/** A short message from the bot (cooldown, expired button, errors). Our own text, not escaped. */
export function renderNotice(text: string): MessageData {
  return { content: text };
}

export function renderCooldown(retryAfterSeconds: number, limit: { questions: number; seconds: number }): MessageData {
  const wait = Math.max(1, Math.ceil(retryAfterSeconds));
  return renderNotice(`You're asking quickly — you can ask again in ${wait} second${wait === 1 ? '' : 's'} (up to ${limit.questions} questions every ${limit.seconds} seconds).`);
}

export function renderError(errorId: string): MessageData {
  return renderNotice(`Sorry, something went wrong (error id \`${errorId}\`). Please try again; if it keeps happening, tell a moderator this id.`);
}
