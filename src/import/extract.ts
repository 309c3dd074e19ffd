import { Readability } from '@mozilla/readability';
import * as chrono from 'chrono-node';
import { parseHTML } from 'linkedom';
import { FURNITURE } from '../knowledge/lint.ts';
import { ImportError } from './errors.ts';
import { readMetadata, type PageMetadata, type PageSignals } from './metadata.ts';

/**
 * The article in a page: Mozilla Readability finds the main text (what Firefox's Reader
 * View shows) on a linkedom DOM, which never runs the page's scripts. Its result is then
 * turned into the knowledge format's blocks: photo captions (`figcaption`) as captions,
 * every paragraph and list item as a paragraph of its own, verbatim (entities decoded,
 * whitespace normalised), in order. Tables, embedded widgets, share and related-links
 * furniture are left out.
 */

export interface ArticleBlock {
  kind: 'caption' | 'body';
  text: string;
}

export interface ExtractedArticle {
  metadata: PageMetadata;
  blocks: ArticleBlock[];
  /** Words of body text (captions not counted). */
  words: number;
}

/** Fewer words of body text than this is a teaser, a stub or a page that is not an article. */
export const MIN_ARTICLE_WORDS = 80;
/** A page with a paywall notice needs at least this many words to count as the whole article. */
const MIN_PAYWALLED_WORDS = 200;

/** Never article text: removed before Readability looks, so it cannot pick them. */
// prettier-ignore
const NOT_TEXT = [
  'script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'video', 'audio', 'canvas', 'svg', 'form',
  'button', 'input', 'select', 'textarea', 'nav', 'table', 'dialog', '[role="navigation"]', '[role="dialog"]',
  '.twitter-tweet', '.instagram-media', '.tiktok-embed',
].join(', ');

/**
 * Page furniture by its class names. Sites also put such words on the article's own
 * wrapper ("article has-paywall", "body social-enabled"), so only small or link-heavy
 * elements are removed by them, never one that holds the text.
 */
// prettier-ignore
const FURNITURE_CLASSES = [
  '[aria-hidden="true"]', '[hidden]', '[role="complementary"]', '[class*="share" i]', '[class*="social" i]',
  '[class*="newsletter" i]', '[class*="related" i]', '[class*="advert" i]', '[class*="promo" i]', '[class*="paywall" i]',
  '[id*="paywall" i]', '[class*="subscribe" i]', '[class*="comments" i]', '[class*="recommend" i]', '[data-ad]', '.ad', '.ads',
].join(', ');

function removeFurniture(document: Document): void {
  for (const element of document.querySelectorAll(NOT_TEXT)) element.remove();
  for (const element of document.querySelectorAll(FURNITURE_CLASSES)) {
    if (!element.isConnected || ['HTML', 'BODY', 'MAIN', 'ARTICLE'].includes(element.tagName.toUpperCase())) continue;
    const text = normaliseText(element.textContent ?? '');
    if (text.length < 400 || linkDensity(element) > 0.5) element.remove();
  }
}

const BLOCK_TAGS = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'dd',
  'dt',
  'pre',
  'blockquote',
  'figure',
  'figcaption',
  'ul',
  'ol',
  'dl',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'aside',
  'table',
  'hr',
  'br',
]);
const SKIP_IN_CONTENT = new Set(['table', 'iframe', 'object', 'embed', 'video', 'audio', 'svg', 'picture', 'img', 'form', 'button', 'script', 'style', 'noscript', 'nav', 'aside']);

/** Text as it reads: entities are already decoded by the DOM; invisible characters out, whitespace runs to one space. */
export function normaliseText(text: string): string {
  return text
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[•▪●◦‣∙·]\s*/, '')
    .replace(/^[-*+]\s+/, '');
}

/** A timestamp or "Updated" line of a live blog or article header: not a sentence of the article. */
const TIME_ONLY =
  /^(?:(?:updated|posted|published|first published|last updated)\b.*|\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,5})?(?:\s+\S+){0,4}|\d+\s*(?:sec|secs|seconds?|min|mins|minutes?|h|hrs?|hours?|days?)\s+ago)$/i;

/** "Read more: <headline>" and its kin: a link to another article, not this one's text. */
const LINK_LEAD = /^(?:read more|related|see also|more on this story|more from|watch|listen|recommended)\s*:/i;

const BYLINE = /^by\s+(\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|and|&|de|van|von|al|bin|,))*)(?:\s*[,|]\s*\p{Lu}[\p{L}\s.'’-]*)?$/iu;

/** The elements of Readability's result as blocks, in reading order. */
function blocksOf(root: Element): ArticleBlock[] {
  const blocks: ArticleBlock[] = [];
  let inline = '';
  const flush = () => {
    const text = normaliseText(inline);
    if (text) blocks.push({ kind: 'body', text });
    inline = '';
  };
  const visit = (node: Node): void => {
    if (node.nodeType === 3) {
      inline += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== 1) return;
    const element = node as Element;
    const tag = element.tagName.toLowerCase();
    if (SKIP_IN_CONTENT.has(tag)) return;
    if (tag === 'br') {
      inline += ' ';
      return;
    }
    if (!BLOCK_TAGS.has(tag)) {
      // Inline: its text runs on with the text around it.
      for (const child of element.childNodes) visit(child);
      return;
    }
    flush();
    if (tag === 'figcaption') {
      const text = normaliseText(element.textContent ?? '');
      if (text) blocks.push({ kind: 'caption', text });
      return;
    }
    if (tag === 'figure') {
      // A figure is a picture and its caption; anything else in it is the picture's furniture.
      for (const caption of element.querySelectorAll('figcaption')) {
        const text = normaliseText(caption.textContent ?? '');
        if (text) blocks.push({ kind: 'caption', text });
      }
      return;
    }
    const hasBlockChild = [...element.children].some((c) => BLOCK_TAGS.has(c.tagName.toLowerCase()) && c.tagName.toLowerCase() !== 'br');
    if (['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'dt', 'dd'].includes(tag) || (tag === 'li' && !hasBlockChild)) {
      const text = normaliseText(element.textContent ?? '');
      if (text) blocks.push({ kind: 'body', text });
      return;
    }
    for (const child of element.childNodes) visit(child);
    flush();
  };
  visit(root);
  flush();
  return blocks;
}

/** A line that is only a date ("Thursday, January 19, 2023"): the page's dateline, not a sentence. */
function isDateOnly(text: string): boolean {
  if (text.length > 60) return false;
  const [found] = chrono.parse(text);
  return found !== undefined && found.text.length >= text.replace(/[\s,.]+$/, '').length * 0.8;
}

/**
 * Photo captions Readability left out (a lead photo outside the text block it picked),
 * put back before the paragraph that follows them on the page. Only captions inside the
 * element that holds the article's text count, so other stories' pictures stay out.
 */
function restoreCaptions(original: Document, blocks: ArticleBlock[]): ArticleBlock[] {
  const firstBody = blocks.find((b) => b.kind === 'body')?.text;
  if (!firstBody) return blocks;
  const regions = [...original.querySelectorAll('article, [itemprop="articleBody"], main, body')].filter((e) => normaliseText(e.textContent ?? '').includes(firstBody));
  const region = regions.sort((a, b) => (a.textContent ?? '').length - (b.textContent ?? '').length)[0];
  if (!region) return blocks;
  const have = new Set(blocks.map((b) => b.text));
  const out = [...blocks];
  let pending: string[] = [];
  for (const element of region.querySelectorAll('figcaption, p, li, h2, h3')) {
    const text = normaliseText(element.textContent ?? '');
    if (!text) continue;
    if (element.tagName.toLowerCase() === 'figcaption') {
      if (!have.has(text) && !pending.includes(text)) pending.push(text);
      continue;
    }
    if (pending.length && have.has(text)) {
      const at = out.findIndex((b) => b.text === text);
      out.splice(at, 0, ...pending.map((t) => ({ kind: 'caption' as const, text: t })));
      pending = [];
    }
  }
  return pending.length ? [...out, ...pending.map((t) => ({ kind: 'caption' as const, text: t }))] : out;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Share of the text of `root` that sits in links: high on an index page of headlines. */
function linkDensity(root: Element): number {
  const total = normaliseText(root.textContent ?? '').length;
  if (total === 0) return 0;
  let linked = 0;
  for (const a of root.querySelectorAll('a')) linked += normaliseText(a.textContent ?? '').length;
  return linked / total;
}

/**
 * Why the page is not one article, or undefined when it is. `words` is the body text
 * Readability found.
 */
function notAnArticle(signals: PageSignals, words: number, density: number): string | undefined {
  if (signals.paywalled && words < MIN_PAYWALLED_WORDS) {
    return `the page holds only the first ${words} words of the article and a subscription notice: it is behind a paywall. Open it where you can read it all, save the page (as HTML) and import the file`;
  }
  const indexTypes = signals.jsonLdTypes.filter((t) => /^(?:CollectionPage|ItemList|SearchResultsPage|WebSite|ProfilePage)$/.test(t));
  const saysArticle = signals.hasArticleJsonLd || signals.ogType === 'article';
  // Many <article> elements alone are not enough: an article page often ends with teasers of others.
  if (!saysArticle && (indexTypes.length > 0 || (signals.articleElements >= 3 && density > 0.2) || density > 0.5)) {
    return 'the page is a list of articles (a section front or index), not one article: import the article itself';
  }
  if (words < MIN_ARTICLE_WORDS) {
    return `the page has only ${words} words of article text (at least ${MIN_ARTICLE_WORDS} are needed): it looks like a teaser, a stub or a page that is not an article`;
  }
  return undefined;
}

/**
 * Extracts the article and its metadata from an HTML page. `pageUrl` (where it came
 * from, when known) resolves relative links. Throws ImportError when the page is not an
 * article.
 */
export function extractArticle(html: string, pageUrl?: string): ExtractedArticle {
  const { document: forMetadata } = parseHTML(html);
  const { metadata, signals } = readMetadata(forMetadata, pageUrl);

  const { document } = parseHTML(html);
  removeFurniture(document);
  const result = new Readability<Element>(document, { serializer: (node) => node as Element, charThreshold: 300 }).parse();
  if (!result?.content) {
    throw new ImportError(notAnArticle(signals, 0, 0) ?? 'no article text was found in the page');
  }
  if (!metadata.title && result.title) metadata.title = normaliseText(result.title);
  if (!metadata.author && result.byline) {
    const byline = normaliseText(result.byline).replace(/^by\s+/i, '');
    if (byline && byline.length <= 200 && !/^https?:/i.test(byline)) metadata.author = byline;
  }

  let blocks = blocksOf(result.content).filter((b) => !FURNITURE.test(b.text) && !TIME_ONLY.test(b.text) && !LINK_LEAD.test(b.text) && !isDateOnly(b.text));
  blocks = restoreCaptions(forMetadata, blocks);
  // The headline comes from the metadata; a copy of it (or the byline) at the top of the text is not a paragraph.
  const title = metadata.title?.toLowerCase();
  blocks = blocks.filter((b, i) => !(i < 3 && b.kind === 'body' && b.text.toLowerCase() === title));
  const bylineAt = blocks.findIndex((b, i) => i < 4 && b.kind === 'body' && wordCount(b.text) <= 14 && BYLINE.test(b.text));
  if (bylineAt >= 0) {
    const named = BYLINE.exec(blocks[bylineAt]!.text)![1]!.replace(/[\s,]+$/, '');
    if (!metadata.author) metadata.author = named;
    blocks.splice(bylineAt, 1);
  }
  // The same caption twice (a picture shown at two sizes) is one caption.
  blocks = blocks.filter((b, i) => b.kind !== 'caption' || !blocks.slice(0, i).some((o) => o.kind === 'caption' && o.text === b.text));

  const words = blocks.filter((b) => b.kind === 'body').reduce((n, b) => n + wordCount(b.text), 0);
  const refusal = notAnArticle(signals, words, linkDensity(result.content));
  if (refusal) throw new ImportError(refusal);
  if (!metadata.title)
    throw new ImportError('the page does not say what its headline is (no JSON-LD headline, og:title or <title>); nothing is invented, so it cannot be imported');
  return { metadata, blocks, words };
}

/** Plain text (a saved `.txt`): paragraphs are separated by blank lines; the first line is the headline when it is short and has no final full stop. */
export function extractPlainText(text: string): ExtractedArticle {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map(normaliseText)
    .filter((p) => p && !FURNITURE.test(p));
  let title: string | undefined;
  if (paragraphs.length > 1 && paragraphs[0]!.length <= 200 && !/[.!?]["'”’]?$/.test(paragraphs[0]!)) title = paragraphs.shift();
  const blocks = paragraphs.map((text) => ({ kind: 'body' as const, text }));
  const words = blocks.reduce((n, b) => n + wordCount(b.text), 0);
  if (words < MIN_ARTICLE_WORDS) throw new ImportError(`the text has only ${words} words (at least ${MIN_ARTICLE_WORDS} are needed for an article)`);
  if (!title) throw new ImportError('the text has no headline: put it on the first line, on its own, followed by a blank line');
  return { metadata: { title }, blocks, words };
}
