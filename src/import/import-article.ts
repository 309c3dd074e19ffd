import { stat } from 'node:fs/promises';
import path from 'node:path';
import { readBounded } from '../knowledge/files.ts';
import { decodePage } from './decode.ts';
import { ImportError } from './errors.ts';
import { extractArticle, extractPlainText, type ExtractedArticle } from './extract.ts';
import { fetchPage, MAX_PAGE_BYTES, parseWebUrl, type FetchOptions } from './fetch.ts';
import { cleanUrl, existingArticles, ID_PATTERN, renderKnowledgeFile, slugFromTitle, uniqueId, urlKey, writeKnowledgeFile } from './write.ts';

/**
 * One article in: from a URL (fetched safely) or a saved `.html` / `.txt` file, to
 * `<knowledge dir>/<id>.md`. Refuses what is not an article, and an article whose
 * canonical URL is already in the folder (unless `force`, which replaces that file).
 */

export interface ImportRequest {
  /** An http(s) URL, or the path of a saved page (.html, .htm) or text (.txt). */
  source: string;
  knowledgeDir: string;
  /** The article's canonical URL, when the page does not say it (a saved file) or says it wrong. */
  url?: string;
  /** The id (and file name) to use instead of one made from the headline. */
  id?: string;
  /** Replace the file that already has this article's canonical URL. */
  force?: boolean;
  /** Fetch limits and, for tests only, addresses let through (see FetchOptions). */
  fetch?: FetchOptions;
  /** Only a web address is accepted (Discord: a member must never make the bot read a file of the server). */
  webOnly?: boolean;
}

/** What was imported: the `npm run add -- --json` object (absent fields omitted). */
export interface ImportSummary {
  file: string;
  id: string;
  title: string;
  publisher?: string;
  author?: string;
  published?: string;
  url?: string;
  paragraphs: number;
  sentences: number;
}

export interface ImportResult {
  summary: ImportSummary;
  /** The file that was replaced (with `force`), relative to the knowledge folder. */
  replaced?: string;
}

const HTML_EXTENSIONS = new Set(['.html', '.htm', '.xhtml', '.shtml']);

function isWebAddress(source: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(source);
}

/** Runs an extractor; a failure of the parser itself (not a refusal) is still said in words. */
function extracting(run: () => ExtractedArticle): ExtractedArticle {
  try {
    return run();
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(`the page could not be read as an article (${error instanceof Error ? error.message : String(error)})`);
  }
}

async function readSource(request: ImportRequest): Promise<ExtractedArticle & { fetchedFrom?: string }> {
  if (request.webOnly || isWebAddress(request.source)) {
    const page = await fetchPage(request.source, request.fetch);
    const { text } = decodePage(page.bytes, page.charset);
    const extracted = extracting(() => (page.mediaType === 'text/plain' ? extractPlainText(text) : extractArticle(text, page.url)));
    return { ...extracted, fetchedFrom: page.url };
  }
  const file = request.source;
  let info;
  try {
    info = await stat(file);
  } catch {
    throw new ImportError(
      /^(www\.|[\w-]+\.[a-z]{2,}\/)/i.test(file) ? `"${file}" is neither a file nor a web address: start a web address with https://` : `there is no file ${file}`,
      2,
    );
  }
  if (!info.isFile()) throw new ImportError(`${file} is not a file`, 2);
  const ext = path.extname(file).toLowerCase();
  if (ext === '.md') throw new ImportError(`${file} is already Markdown: put it in the knowledge folder with its front matter (see the README) instead of importing it`, 2);
  const read = await readBounded(file, MAX_PAGE_BYTES);
  if ('tooLarge' in read) throw new ImportError(`${file} is ${read.tooLarge} bytes; a saved article is at most ${MAX_PAGE_BYTES / 1024 / 1024} MB`);
  const { text } = decodePage(read.bytes);
  const looksHtml = HTML_EXTENSIONS.has(ext) || (ext !== '.txt' && /^\s*</.test(text));
  return extracting(() => (looksHtml ? extractArticle(text, request.url) : extractPlainText(text)));
}

export async function importArticle(request: ImportRequest): Promise<ImportResult> {
  if (request.id !== undefined && !ID_PATTERN.test(request.id)) {
    throw new ImportError(`--id "${request.id}" must be 1-40 letters, digits, "-" or "_", starting with a letter or digit`, 2);
  }
  const canonicalOverride = request.url === undefined ? undefined : parseWebUrl(request.url).href;
  const article = await readSource(request);
  const metadata = { ...article.metadata };
  const found = metadata.url ?? article.fetchedFrom;
  const url = canonicalOverride ?? (found ? cleanUrl(found) : undefined);
  if (url) metadata.url = url;
  else delete metadata.url;
  const title = metadata.title!;

  const existing = await existingArticles(request.knowledgeDir);
  const same = url ? existing.find((a) => a.url && urlKey(a.url) === urlKey(url)) : undefined;
  if (same && !request.force) {
    throw new ImportError(`this article is already imported: ${same.file} has its URL (${url}). Run again with --force to replace that file`);
  }
  const others = existing.filter((a) => a !== same);
  const taken = new Set<string>();
  for (const a of others) {
    if (a.id) taken.add(a.id.toLowerCase());
    taken.add(path.basename(a.file, path.extname(a.file)).toLowerCase());
  }
  let id: string;
  if (request.id !== undefined) {
    const clash = others.find((a) => a.id?.toLowerCase() === request.id!.toLowerCase() || path.basename(a.file, '.md').toLowerCase() === request.id!.toLowerCase());
    if (clash) throw new ImportError(`the id "${request.id}" is already used by ${clash.file}; choose another --id`, 2);
    id = request.id;
  } else {
    id = same?.id ?? uniqueId(slugFromTitle(title), taken);
  }
  const relative = same ? same.file : `${id}.md`;
  const text = renderKnowledgeFile(id, { ...metadata, title }, article.blocks);
  const written = await writeKnowledgeFile(request.knowledgeDir, relative, text, same !== undefined);
  const meta = written.document.meta;
  const summary: ImportSummary = {
    file: written.file,
    id: meta.id,
    title: meta.title,
    ...(meta.publisher ? { publisher: meta.publisher } : {}),
    ...(meta.author ? { author: meta.author } : {}),
    ...(meta.published ? { published: meta.published } : {}),
    ...(meta.url ? { url: meta.url } : {}),
    paragraphs: written.paragraphs,
    sentences: written.sentences,
  };
  return { summary, ...(same ? { replaced: same.file } : {}) };
}
