import * as chrono from 'chrono-node';

/**
 * What a page says about itself, read from its own statements in this order: JSON-LD
 * (`NewsArticle`, `Article` and their kin), OpenGraph and `article:*` meta, standard meta
 * tags, `<time datetime>`, then a byline. Nothing is invented: a field the page does not
 * state stays empty.
 */

export interface PageMetadata {
  title?: string;
  publisher?: string;
  author?: string;
  /** YYYY-MM-DD, the day as the page writes it (in its own time zone). */
  published?: string;
  /** The canonical URL, absolute. */
  url?: string;
  language?: string;
}

/** What tells an article from other pages. */
export interface PageSignals {
  /** `@type`s of the JSON-LD items. */
  jsonLdTypes: string[];
  /** Whether a JSON-LD item is an article (NewsArticle, Article, BlogPosting, LiveBlogPosting, ...). */
  hasArticleJsonLd: boolean;
  ogType?: string;
  /** JSON-LD `isAccessibleForFree: false`, or a paywall notice in the page. */
  paywalled: boolean;
  /** Number of `<article>` elements (an index page has many). */
  articleElements: number;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const ARTICLE_TYPE = /(?:Article|BlogPosting|LiveBlogPosting|Report)$/;

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typesOf(item: JsonObject): string[] {
  const t = item['@type'];
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string');
}

/** Every object in the page's JSON-LD blocks, `@graph`s and lists flattened. */
function jsonLdItems(document: Document): JsonObject[] {
  const items: JsonObject[] = [];
  const visit = (value: Json | undefined, depth: number): void => {
    if (depth > 4 || value === undefined) return;
    if (Array.isArray(value)) for (const v of value) visit(v, depth + 1);
    else if (isObject(value)) {
      if (value['@type'] !== undefined) items.push(value);
      if (value['@graph'] !== undefined) visit(value['@graph'], depth + 1);
    }
  };
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    const text = (script.textContent ?? '').replace(/^\s*<!--|-->\s*$/g, '').replace(/^\s*\/\/<!\[CDATA\[|\/\/\]\]>\s*$/g, '');
    try {
      visit(JSON.parse(text) as Json, 0);
    } catch {
      // A broken block states nothing; the other sources still count.
    }
  }
  return items;
}

function clean(text: string | null | undefined): string | undefined {
  const out = (text ?? '')
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return out || undefined;
}

function isUrlLike(text: string): boolean {
  return /^(?:https?:)?\/\//i.test(text) || /^www\./i.test(text);
}

/** Names from a JSON-LD author/publisher value: a string, `{name}`, or a list of them. */
function names(value: Json | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return clean(value) && !isUrlLike(value) ? [clean(value)!] : [];
  if (Array.isArray(value)) return value.flatMap(names);
  if (isObject(value)) return typeof value.name === 'string' ? names(value.name) : [];
  return [];
}

/** "A", "A and B", "A, B and C". */
export function joinNames(list: readonly string[]): string | undefined {
  const unique = [...new Set(list)];
  if (unique.length === 0) return undefined;
  if (unique.length === 1) return unique[0];
  return `${unique.slice(0, -1).join(', ')} and ${unique.at(-1)}`;
}

function meta(document: Document, ...keys: string[]): string | undefined {
  for (const key of keys) {
    for (const attribute of ['property', 'name', 'itemprop']) {
      const element = document.querySelector(`meta[${attribute}="${key}" i]`);
      const value = clean(element?.getAttribute('content'));
      if (value) return value;
    }
  }
  return undefined;
}

/**
 * A date as the page writes it, as YYYY-MM-DD: the date part of an ISO timestamp as written
 * (so "2024-03-14T23:30:00-05:00" is the 14th, the page's own day, not the 15th in UTC), or
 * a written date with day, month and year ("March 14, 2024", "14 March 2024").
 */
export function normaliseDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const iso = /^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])/.exec(value);
  if (iso) return validDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const [result] = chrono.strict.parse(value);
  if (!result) return undefined;
  const { start } = result;
  if (!start.isCertain('year') || !start.isCertain('month') || !start.isCertain('day')) return undefined;
  return validDay(start.get('year')!, start.get('month')!, start.get('day')!);
}

function validDay(year: number, month: number, day: number): string | undefined {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text ? text : undefined;
}

function absoluteUrl(value: string | undefined, base: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = base ? new URL(value, base) : new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    url.hash = '';
    return url.href;
  } catch {
    return undefined;
  }
}

function language(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const [primary, ...rest] = value.replace(/_/g, '-').split('-');
  const tag = [primary!.toLowerCase(), ...rest].join('-');
  return /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(tag) ? tag : undefined;
}

/** The page title without a " | Site" or " - Site" suffix naming the publisher. */
function titleWithoutSite(title: string | undefined, site: string | undefined): string | undefined {
  if (!title || !site) return title;
  const m = new RegExp(`^(.*?)\\s+[|\\-–—:·]\\s+${site.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'i').exec(title);
  return m?.[1] ? m[1] : title;
}

/** "Headline - Site" when the page's own heading is "Headline": the heading, without a site name the page does not otherwise state. */
function titleAsHeading(title: string | undefined, heading: string | undefined): string | undefined {
  if (!title || !heading || title === heading) return title;
  return title.startsWith(heading) && /^\s+[|\-–—:·]\s+\S/.test(title.slice(heading.length)) ? heading : title;
}

const PAYWALL =
  /\b(?:subscribe (?:now )?to (?:continue|keep) reading|to continue reading,? (?:please )?(?:subscribe|sign in|log in)|this (?:article|story|content) is (?:only )?(?:for|available to|reserved for) (?:paying )?(?:subscribers|members)|already a subscriber\?|subscribers only|become a (?:subscriber|member) to read)\b/i;

/** Reads the page's metadata and the signals of what kind of page it is. `pageUrl` resolves relative links. */
export function readMetadata(document: Document, pageUrl?: string): { metadata: PageMetadata; signals: PageSignals } {
  const items = jsonLdItems(document);
  const article = items.find((item) => typesOf(item).some((t) => ARTICLE_TYPE.test(t)));
  const jsonLdTypes = items.flatMap(typesOf);

  const ogSite = meta(document, 'og:site_name');
  const rawTitle = clean(document.querySelector('title')?.textContent);
  const title =
    (article && (names(article.headline)[0] ?? names(article.name)[0])) ??
    meta(document, 'og:title') ??
    meta(document, 'twitter:title', 'title', 'headline', 'dc.title') ??
    titleAsHeading(titleWithoutSite(rawTitle, ogSite), clean(document.querySelector('h1')?.textContent)) ??
    clean(document.querySelector('h1')?.textContent);

  const publisher =
    (article && (joinNames(names(article.publisher)) ?? joinNames(names(article.sourceOrganization)))) ?? ogSite ?? meta(document, 'publisher', 'dc.publisher', 'application-name');

  const metaAuthor = [meta(document, 'article:author'), meta(document, 'author', 'dc.creator', 'byl', 'sailthru.author', 'parsely-author')].find((a) => a && !isUrlLike(a));
  const author = (article && joinNames(names(article.author))) ?? metaAuthor?.replace(/^by\s+/i, '');

  const timeElement = document.querySelector('time[itemprop="datePublished"], time[pubdate], article time[datetime], time[datetime]');
  const published =
    normaliseDate(article && typeof article.datePublished === 'string' ? article.datePublished : undefined) ??
    normaliseDate(meta(document, 'article:published_time', 'og:published_time')) ??
    normaliseDate(
      meta(
        document,
        'datePublished',
        'date',
        'pubdate',
        'publishdate',
        'publish-date',
        'dc.date',
        'dc.date.issued',
        'dcterms.created',
        'sailthru.date',
        'parsely-pub-date',
        'citation_publication_date',
      ),
    ) ??
    normaliseDate(timeElement?.getAttribute('datetime') ?? undefined);

  const mainEntity = article?.mainEntityOfPage;
  const jsonLdUrl =
    (article && typeof article.url === 'string' ? article.url : undefined) ??
    (typeof mainEntity === 'string' ? mainEntity : isObject(mainEntity) && typeof mainEntity['@id'] === 'string' ? mainEntity['@id'] : undefined);
  const url =
    absoluteUrl(jsonLdUrl, pageUrl) ??
    absoluteUrl(document.querySelector('link[rel~="canonical" i]')?.getAttribute('href') ?? undefined, pageUrl) ??
    absoluteUrl(meta(document, 'og:url'), pageUrl);

  const lang = language(
    (article && typeof article.inLanguage === 'string' ? article.inLanguage : undefined) ?? document.documentElement?.getAttribute('lang') ?? meta(document, 'og:locale'),
  );

  const free = article?.isAccessibleForFree;
  const paywalled = free === false || (typeof free === 'string' && /^false$/i.test(free)) || PAYWALL.test(document.body?.textContent ?? '');

  const metadata: PageMetadata = {};
  if (title) metadata.title = title;
  if (publisher) metadata.publisher = publisher;
  if (author) metadata.author = author;
  if (published) metadata.published = published;
  if (url) metadata.url = url;
  if (lang) metadata.language = lang;
  return {
    metadata,
    signals: {
      jsonLdTypes,
      hasArticleJsonLd: article !== undefined,
      ...(meta(document, 'og:type') ? { ogType: meta(document, 'og:type')!.toLowerCase() } : {}),
      paywalled,
      articleElements: document.querySelectorAll('article').length,
    },
  };
}
