/**
 * What a hurried copy from a web page leaves in an article body: HTML tags and entities,
 * and the Markdown a site exports (images, links, quotes, tables, bold, "Advertisement").
 * List items ("* Cannoli", "- first point", "1. Kyiv") are not among them: articles and
 * encyclopedia sections hold lists of their own, written as lines of text. Answers quote the body word for word, so any of it would be shown to
 * members as if the article said it. The loader refuses such a body and says where.
 */

export interface CopiedMarkup {
  /** 1-based line in the file. */
  line: number;
  /** What was found, short, for the message. */
  found: string;
}

const HTML_TAGS =
  'a|abbr|article|aside|b|blockquote|body|br|button|caption|cite|code|div|em|embed|figcaption|figure|font|footer|form|h[1-6]|head|header|hr|html|i|iframe|img|input|label|li|link|main|meta|nav|noscript|object|ol|p|picture|pre|script|section|small|source|span|strong|style|sub|sup|svg|table|tbody|td|template|th|thead|time|tr|u|ul|video';
const HTML_TAG = new RegExp(`<\\/?(?:${HTML_TAGS})(?:\\s[^<>]*)?\\/?>|<!--`, 'i');
const ENTITY = /&(?:[a-z][a-z0-9]{1,31}|#\d{1,7}|#x[0-9a-f]{1,6});/i;

/** Line shapes of copied Markdown, checked in order; the first that matches is reported. */
const MARKDOWN_LINES: Array<[RegExp, string]> = [
  [/!\[[^\]]*\]\([^)]*\)/, 'a Markdown image'],
  [/\[[^\]]+\]\([^)\s]+\)/, 'a Markdown link'],
  [/^\s*(?:```|~~~)/, 'a Markdown code fence'],
  [/^\s*\|.*\|\s*$/, 'a Markdown table row'],
  [/^\s*(?:[-*_])(?:\s*[-*_]){2,}\s*$/, 'a Markdown horizontal rule'],
  [/^\s*>/, 'a Markdown quote marker ">"'],
  [/^\s*={3,}\s*$/, 'a Markdown heading underline'],
  [/\*\*[^*\s][^*]*\*\*|__[^_\s][^_]*__/, 'Markdown bold'],
];

/** Whole lines that are page furniture, not article text. */
export const FURNITURE =
  /^\s*(?:advertisement|advertisements|sponsored|sponsored content|skip advertisement|story continues below(?: advertisement)?|continue reading(?: below| the main story)?|read more:?|related(?: articles| stories| coverage)?:?|share this(?: article| story)?|share on (?:facebook|twitter|x)|subscribe(?: now)?|sign up for our newsletter|click here.*|image:?|photo:?)\s*$/i;

function excerpt(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > 40 ? `${trimmed.slice(0, 40)}…` : trimmed;
}

/**
 * The copied markup in a body, at most `max` findings, in line order. `firstLine` is the
 * file line the body starts on. Headlines (`# …`) and caption paragraphs (`*…*`) are the
 * article format, not copied syntax.
 */
export function findCopiedMarkup(body: string, firstLine: number, max = 3): CopiedMarkup[] {
  const found: CopiedMarkup[] = [];
  const lines = body.split('\n');
  for (let i = 0; i < lines.length && found.length < max; i++) {
    const line = lines[i]!;
    if (!line.trim()) continue;
    const at = firstLine + i;
    const tag = HTML_TAG.exec(line);
    if (tag) {
      found.push({ line: at, found: `HTML markup \`${excerpt(tag[0])}\`` });
      continue;
    }
    const entity = ENTITY.exec(line);
    if (entity) {
      found.push({ line: at, found: `an HTML entity \`${entity[0]}\`` });
      continue;
    }
    if (/^\s*#/.test(line)) continue; // a headline
    if (FURNITURE.test(line)) {
      found.push({ line: at, found: `page text that is not the article ("${excerpt(line)}")` });
      continue;
    }
    for (const [pattern, what] of MARKDOWN_LINES) {
      const m = pattern.exec(line);
      if (m) {
        found.push({ line: at, found: `${what} (\`${excerpt(m[0])}\`)` });
        break;
      }
    }
  }
  return found;
}
