import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { listKnowledgeFolder, readBounded } from '../knowledge/files.ts';
import { KnowledgeError, MAX_FILE_BYTES, parseKnowledgeFile } from '../knowledge/load.ts';
import type { KnowledgeDocument } from '../knowledge/types.ts';
import { ImportError } from './errors.ts';
import type { ArticleBlock } from './extract.ts';
import type { PageMetadata } from './metadata.ts';

/**
 * Writing an imported article as a knowledge file: front matter from the page's metadata,
 * the headline as `# …`, captions as `*…*`, one paragraph per block. The file is checked
 * with the loader itself before it is written (a file the bot would refuse is never
 * written), and written to a hidden temporary name first, then renamed, so neither the
 * loader nor the file watcher ever sees half of it.
 */

/** Where replaced and removed articles are kept: hidden, so neither the loader nor the file watcher reads them. */
export const REMOVED_FOLDER = '.removed';

/** What is already in the knowledge folder, for ids and canonical URLs. */
export interface ExistingArticle {
  /** Relative to the knowledge folder. */
  file: string;
  id?: string;
  url?: string;
  title?: string;
}

/** Reads the id, title and URL of every article in the folder; a file that does not load still counts with what its front matter says. */
export async function existingArticles(dir: string): Promise<ExistingArticle[]> {
  const listing = await listKnowledgeFolder(dir).catch(() => ({ articles: [] }));
  const out: ExistingArticle[] = [];
  for (const file of listing.articles) {
    const read = await readBounded(file.full, MAX_FILE_BYTES).catch(() => undefined);
    if (!read || !('bytes' in read)) {
      out.push({ file: file.display });
      continue;
    }
    try {
      const doc = parseKnowledgeFile(file.display, read.bytes);
      out.push({ file: file.display, id: doc.meta.id, title: doc.meta.title, ...(doc.meta.url ? { url: doc.meta.url } : {}) });
    } catch {
      const text = Buffer.from(read.bytes).toString('utf8');
      const field = (name: string) => new RegExp(`^${name}:\\s*["']?([^"'\\n]+?)["']?\\s*$`, 'm').exec(text.split(/\n---\s*\n/)[0] ?? '')?.[1];
      out.push({ file: file.display, ...(field('id') ? { id: field('id')! } : {}), ...(field('url') ? { url: field('url')! } : {}) });
    }
  }
  return out;
}

/** Tracking parameters that do not change which article a URL is. */
const TRACKING = /^(?:utm_\w+|fbclid|gclid|dclid|mc_cid|mc_eid|ocid|cmpid|smid|sr_share|ito|ref|referrer|share|s_cid|at_medium|at_campaign)$/i;

/** A URL reduced to what identifies the article: scheme, "www.", fragment, trailing slash and tracking parameters do not. */
export function urlKey(text: string): string {
  try {
    const url = new URL(text);
    const params = [...url.searchParams].filter(([k]) => !TRACKING.test(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
    return `${url.hostname.toLowerCase().replace(/^www\./, '')}${url.port ? `:${url.port}` : ''}${url.pathname.replace(/\/+$/, '')}${query}`;
  } catch {
    return text.trim();
  }
}

/** The URL to store: without its fragment and tracking parameters (utm_source and kin). */
export function cleanUrl(text: string): string {
  try {
    const url = new URL(text);
    url.hash = '';
    for (const key of [...url.searchParams.keys()]) if (TRACKING.test(key)) url.searchParams.delete(key);
    return url.href;
  } catch {
    return text;
  }
}

const SMALL_WORDS = new Set(['a', 'an', 'the', 'of', 'to', 'in', 'on', 'at', 'by', 'for', 'and', 'or', 'with', 'from', 'as', 'after', 'over']);

/** An id from a headline: lower-case ASCII words joined by "-", at most 40 characters, cut at a word. */
export function slugFromTitle(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const kept: string[] = [];
  for (const word of words) {
    if ([...kept, word].join('-').length > 40) break;
    kept.push(word);
  }
  // A cut headline should not end on "of" or "the".
  while (kept.length > 1 && SMALL_WORDS.has(kept.at(-1)!)) kept.pop();
  return kept.join('-') || (words[0] ?? '').slice(0, 40) || 'article';
}

/** `base`, or `base-2`, `base-3`, … (still at most 40 characters), whichever no article and no file uses. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, 40 - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/i;

/** The knowledge file's text. */
export function renderKnowledgeFile(id: string, metadata: PageMetadata & { title: string }, blocks: readonly ArticleBlock[]): string {
  const front: Record<string, string> = { id, title: metadata.title };
  if (metadata.publisher) front.publisher = metadata.publisher;
  if (metadata.author) front.author = metadata.author;
  if (metadata.published) front.published = metadata.published;
  if (metadata.url) front.url = metadata.url;
  if (metadata.language) front.language = metadata.language;
  // Every value quoted where YAML needs it ("Iran: the talks", a title "1984"), and dates kept as text.
  const yaml = stringifyYaml(front, { lineWidth: 0, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN' });
  const body = blocks.map((b) => (b.kind === 'caption' ? `*${b.text}*` : b.text));
  return `---\n${yaml}---\n\n# ${metadata.title}\n\n${body.join('\n\n')}\n`;
}

export interface WrittenArticle {
  /** The file's path as given to the writer (KNOWLEDGE_DIR/<id>.md). */
  file: string;
  document: KnowledgeDocument;
  /** Body paragraphs (captions and the headline not counted). */
  paragraphs: number;
  sentences: number;
}

/**
 * Validates `text` with the loader and writes it to `file` (replacing what is there only
 * when `replace` is set). Throws ImportError with the loader's words when it would not load.
 */
export async function writeKnowledgeFile(dir: string, relative: string, text: string, replace: boolean): Promise<WrittenArticle> {
  let document: KnowledgeDocument;
  try {
    document = parseKnowledgeFile(relative, new TextEncoder().encode(text));
  } catch (error) {
    const reason = error instanceof KnowledgeError ? error.problem : (error as Error).message;
    throw new ImportError(`the extracted article would not load (${reason}); nothing was written`);
  }
  const file = path.join(dir, relative);
  await mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { flag: 'wx', mode: 0o644 });
    if (!replace) {
      // Refuse rather than overwrite a file that appeared meanwhile.
      try {
        await link(temp, file);
      } catch (error) {
        if ((error as { code?: string }).code === 'EEXIST') throw new ImportError(`${relative} already exists; nothing was written`);
        throw error;
      }
      await rm(temp, { force: true });
    } else {
      // The replaced version is kept aside (hidden, so not loaded), like a removed article.
      const aside = path.join(dir, REMOVED_FOLDER, `${new Date().toISOString().replace(/[:.]/g, '-')}-${path.basename(file)}`);
      await mkdir(path.dirname(aside), { recursive: true });
      await copyFile(file, aside).catch((error: unknown) => {
        if ((error as { code?: string }).code !== 'ENOENT') throw error;
      });
      await rename(temp, file);
    }
  } finally {
    await rm(temp, { force: true }).catch(() => undefined);
  }
  const body = document.sentences.filter((s) => s.kind === 'body');
  return { file, document, paragraphs: new Set(body.map((s) => s.paragraph)).size, sentences: document.sentences.length };
}
