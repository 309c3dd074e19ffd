/**
 * Every Discord limit the bot has to respect, in one place, and the functions that
 * enforce them. Renderers size their output with these constants and the respond
 * helper passes every outgoing payload through `fitMessage` / `fitChoices`, so nothing
 * reaches Discord over a limit.
 *
 * Lengths are measured in UTF-16 code units (`string.length`). Discord counts Unicode
 * characters, which is never more, so a text within these limits here is within them
 * on Discord too.
 */

export const LIMITS = {
  /** Message content. */
  content: 2000,
  embed: {
    title: 256,
    description: 4096,
    fields: 25,
    fieldName: 256,
    fieldValue: 1024,
    footer: 2048,
    author: 256,
    /** title + description + field names and values + footer + author, over all embeds of a message. */
    total: 6000,
  },
  /** Embeds per message. */
  embeds: 10,
  autocomplete: {
    choices: 25,
    choiceName: 100,
    choiceValue: 100,
    /** Discord drops an autocomplete answer that comes later than this (ms). */
    deadlineMs: 3000,
  },
  component: {
    customId: 100,
    buttonLabel: 80,
    buttonsPerRow: 5,
    rows: 5,
  },
  command: {
    name: 32,
    description: 100,
    options: 25,
    optionName: 32,
    optionDescription: 100,
    stringOption: 6000,
  },
  interaction: {
    /** The first response (reply or defer) must arrive within this (ms). */
    firstResponseMs: 3000,
  },
} as const;

export const ELLIPSIS = '…';

// ---------------------------------------------------------------------------
// Text clipping
// ---------------------------------------------------------------------------

/** True when `index` falls between the two halves of a surrogate pair. */
function splitsPair(text: string, index: number): boolean {
  if (index <= 0 || index >= text.length) return false;
  const before = text.charCodeAt(index - 1);
  const after = text.charCodeAt(index);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

/** The longest prefix of `text` at most `max` units long that does not end inside a surrogate pair. */
export function safePrefix(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max);
  if (splitsPair(text, end)) end -= 1;
  return text.slice(0, end);
}

/**
 * Plain text clipped to `max` units: whole when it fits, else cut at a word boundary
 * when one is reasonably close (else mid-word), never inside a surrogate pair, with an
 * ellipsis. For text that is not markdown (footers, choice names, button labels).
 */
export function clipText(text: string, max: number, { ellipsis = ELLIPSIS, wordBoundary = true } = {}): string {
  if (text.length <= max) return text;
  if (max <= ellipsis.length) return safePrefix(text, max);
  let cut = safePrefix(text, max - ellipsis.length);
  if (wordBoundary) {
    const space = cut.search(/\s\S*$/);
    if (space >= cut.length * 0.6) cut = cut.slice(0, space);
  }
  return cut.replace(/\s+$/, '') + ellipsis;
}

/**
 * A last-resort clip for markdown that was not sized when rendered: cuts safely, drops a
 * dangling backslash (which would escape the ellipsis) and closes an unbalanced `**`.
 */
export function clipMarkdown(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = safePrefix(text, Math.max(0, max - ELLIPSIS.length - 2));
  const trailing = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (trailing % 2 === 1) cut = cut.slice(0, -1);
  const bold = cut.split('**').length - 1;
  if (bold % 2 === 1) cut = cut.endsWith('**') ? cut.slice(0, -2) : `${cut}**`;
  return cut + ELLIPSIS;
}

/**
 * As many whole entries as fit in `max` units, joined by `separator`, and a last line
 * counting the rest ("… and 3 more"), which always fits too. `whenNoneFit` says what to
 * show when not even the first entry fits (default: the count alone).
 */
export function fitEntries(
  entries: readonly string[],
  max: number,
  { separator = '\n', whenNoneFit }: { separator?: string; whenNoneFit?: (count: number) => string } = {},
): string {
  let out = '';
  for (let i = 0; i < entries.length; i++) {
    const rest = entries.length - i - 1;
    const next = out ? `${out}${separator}${entries[i]}` : entries[i]!;
    const tail = rest > 0 ? `${separator}… and ${rest} more` : '';
    if (next.length + tail.length > max) {
      if (out) return `${out}${separator}… and ${entries.length - i} more`;
      return whenNoneFit ? whenNoneFit(entries.length) : `… and ${entries.length} more`;
    }
    out = next;
  }
  return out;
}

/**
 * Shares `total` units among items that each need `needs[i]`: whoever needs less than an
 * equal share gets all of it, the rest split what remains (water-filling). Never gives
 * an item more than it needs.
 */
export function allocate(needs: readonly number[], total: number): number[] {
  const out = needs.map(() => 0);
  let remaining = Math.max(0, total);
  const order = needs.map((n, i) => [Math.max(0, n), i] as const).sort((a, b) => a[0] - b[0]);
  order.forEach(([need, i], k) => {
    const share = Math.floor(remaining / (order.length - k));
    const given = Math.min(need, share);
    out[i] = given;
    remaining -= given;
  });
  return out;
}

// ---------------------------------------------------------------------------
// Payload enforcement
// ---------------------------------------------------------------------------

/** The parts of a Discord embed the bot uses (API shape). */
export interface EmbedData {
  title?: string;
  description?: string;
  url?: string;
  color?: number;
  footer?: { text: string };
  author?: { name: string; url?: string };
  fields?: Array<{ name: string; value: string; inline?: boolean }>;
}

export interface ButtonData {
  type: 2;
  style: number;
  label?: string;
  custom_id?: string;
  url?: string;
  disabled?: boolean;
}

export interface ActionRowData {
  type: 1;
  components: ButtonData[];
}

/** A message as the renderers produce it, before the transport adds flags and mentions. */
export interface MessageData {
  content?: string;
  embeds?: EmbedData[];
  components?: ActionRowData[];
}

export interface ChoiceData {
  name: string;
  value: string;
}

/** The size Discord counts towards the 6,000 total for one embed. */
export function embedSize(embed: EmbedData): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

function fitEmbed(embed: EmbedData): EmbedData {
  const out: EmbedData = { ...embed };
  const E = LIMITS.embed;
  if (out.title !== undefined) out.title = clipMarkdown(out.title, E.title);
  if (out.description !== undefined) out.description = clipMarkdown(out.description, E.description);
  if (out.footer) out.footer = { text: clipText(out.footer.text, E.footer) };
  if (out.author) out.author = { ...out.author, name: clipText(out.author.name, E.author) };
  if (out.fields) {
    out.fields = out.fields.slice(0, E.fields).map((f) => ({ ...f, name: clipMarkdown(f.name, E.fieldName) || '\u200b', value: clipMarkdown(f.value, E.fieldValue) || '\u200b' }));
  }
  return out;
}

/** Smallest description worth keeping when an embed must shrink. */
const MIN_DESCRIPTION = 200;

/**
 * The embed `excess` units smaller: fields go first (last ones first), then the
 * description shrinks. Unless `force`, gives up (undefined: drop the embed) rather than
 * keep a description under MIN_DESCRIPTION; with `force`, footer and title shrink too.
 */
function shrinkEmbed(embed: EmbedData, excess: number, force: boolean): EmbedData | undefined {
  const e: EmbedData = { ...embed, ...(embed.fields ? { fields: [...embed.fields] } : {}) };
  let over = excess;
  while (over > 0 && e.fields?.length) {
    const f = e.fields.pop()!;
    over -= f.name.length + f.value.length;
  }
  if (e.fields?.length === 0) delete e.fields;
  if (over <= 0) return e;
  const description = e.description ?? '';
  const keep = description.length - over;
  if (keep >= MIN_DESCRIPTION || (force && keep >= 1)) return { ...e, description: clipMarkdown(description, keep) };
  if (!force) return undefined;
  over -= description.length;
  delete e.description;
  for (const part of ['footer', 'author'] as const) {
    const text = part === 'footer' ? e.footer?.text : e.author?.name;
    if (over <= 0 || text === undefined) continue;
    const shorter = clipText(text, Math.max(0, text.length - over));
    over -= text.length - shorter.length;
    if (part === 'footer') {
      if (shorter) e.footer = { text: shorter };
      else delete e.footer;
    } else if (shorter) e.author = { ...e.author!, name: shorter };
    else delete e.author;
  }
  if (over > 0 && e.title) e.title = clipMarkdown(e.title, Math.max(1, e.title.length - over));
  return e;
}

/**
 * The message within every limit: content, each embed field, embed count, the 6,000
 * total (later embeds' descriptions shrink first, then later embeds are dropped), rows,
 * buttons per row, button labels; a button whose custom id is too long is dropped
 * rather than sent broken. Well-sized renderer output passes through unchanged.
 */
export function fitMessage(message: MessageData): MessageData {
  const out: MessageData = {};
  if (message.content !== undefined) out.content = clipMarkdown(message.content, LIMITS.content);
  if (message.embeds) {
    const embeds = message.embeds.slice(0, LIMITS.embeds).map(fitEmbed);
    let excess = embeds.reduce((n, e) => n + embedSize(e), 0) - LIMITS.embed.total;
    // Over the shared total: shrink (or drop) the later embeds first, the first one last.
    for (let i = embeds.length - 1; i >= 0 && excess > 0; i--) {
      const before = embedSize(embeds[i]!);
      const shrunk = shrinkEmbed(embeds[i]!, excess, i === 0);
      if (shrunk) embeds[i] = shrunk;
      else embeds.splice(i, 1);
      excess -= before - (shrunk ? embedSize(shrunk) : 0);
    }
    out.embeds = embeds;
  }
  if (message.components) {
    out.components = message.components
      .map((row) => ({
        ...row,
        components: row.components
          .filter((b) => b.custom_id === undefined || (b.custom_id.length >= 1 && b.custom_id.length <= LIMITS.component.customId))
          .slice(0, LIMITS.component.buttonsPerRow)
          .map((b) => (b.label === undefined ? b : { ...b, label: clipText(b.label, LIMITS.component.buttonLabel) })),
      }))
      .filter((row) => row.components.length > 0)
      .slice(0, LIMITS.component.rows);
  }
  return out;
}

/** Autocomplete choices within limits: at most 25, names and values 1-100, no duplicate values. */
export function fitChoices(choices: readonly ChoiceData[]): ChoiceData[] {
  const seen = new Set<string>();
  const out: ChoiceData[] = [];
  for (const c of choices) {
    const name = clipText(c.name.trim(), LIMITS.autocomplete.choiceName);
    const value = safePrefix(c.value, LIMITS.autocomplete.choiceValue);
    if (!name || !value || seen.has(value)) continue;
    seen.add(value);
    out.push({ name, value });
    if (out.length === LIMITS.autocomplete.choices) break;
  }
  return out;
}
