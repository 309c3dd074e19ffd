import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import matter from 'gray-matter';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { segment } from './segment.ts';
import type { KnowledgeBase, KnowledgeDocument, SourceMeta } from './types.ts';

/** Files over this size are refused: an article is tens of kilobytes, not megabytes. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** One problem in one knowledge file; `field` is set when a front-matter field is at fault. */
export class KnowledgeError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly field?: string,
  ) {
    super(`${file}: ${field ? `field "${field}": ` : ''}${problem}`);
    this.name = 'KnowledgeError';
  }
}

/** All problems found in a knowledge directory, reported together so one run fixes them all. */
export class KnowledgeBaseError extends Error {
  constructor(readonly problems: KnowledgeError[]) {
    super(
      `The knowledge base has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  - ${p.message}`).join('\n'),
    );
    this.name = 'KnowledgeBaseError';
  }
}

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v, ctx) => {
    // YAML turns an unquoted 2022-09-08 into a Date; a quoted one stays a string.
    const text = v instanceof Date ? (Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10)) : v.trim();
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    const date = m ? new Date(`${text}T00:00:00Z`) : undefined;
    if (!m || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
      ctx.addIssue({ code: 'custom', message: 'must be a date written YYYY-MM-DD' });
      return z.NEVER;
    }
    return text;
  });

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const frontMatterSchema = z.strictObject({
  // Ids appear in sentence ids and in button custom ids (100 chars in all), so keep them short.
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/i, 'must be 1-40 letters, digits, "-" or "_", starting with a letter or digit'),
  title: text(300),
  publisher: text(200).optional(),
  author: text(200).optional(),
  published: isoDate.optional(),
  url: z
    .string()
    .trim()
    .refine((v) => /^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v), 'must be an http(s) URL')
    .optional(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as "en"')
    .optional(),
  photo_credit: text(200).optional(),
});

/** Validates front matter; throws a KnowledgeError naming the first bad field. */
export function parseFrontMatter(file: string, data: unknown): SourceMeta {
  const result = frontMatterSchema.safeParse(data ?? {});
  if (!result.success) {
    const issue = result.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      throw new KnowledgeError(file, `unknown front-matter field (allowed: ${Object.keys(frontMatterSchema.shape).join(', ')})`, issue.keys[0]);
    }
    const field = issue.path.map(String).join('.');
    const missing = issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined;
    throw new KnowledgeError(file, missing ? 'is required' : issue.message, field || undefined);
  }
  const { photo_credit, ...rest } = result.data;
  const meta: SourceMeta = { ...rest };
  if (photo_credit) meta.photoCredit = photo_credit;
  return meta;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses one knowledge file's bytes into a document; throws KnowledgeError on any problem. */
export function parseKnowledgeFile(file: string, bytes: Uint8Array): KnowledgeDocument {
  if (bytes.byteLength > MAX_FILE_BYTES) {
    throw new KnowledgeError(file, `is ${bytes.byteLength} bytes; the limit is ${MAX_FILE_BYTES} (1 MB)`);
  }
  let source: string;
  try {
    source = utf8.decode(bytes);
  } catch {
    throw new KnowledgeError(file, 'is not valid UTF-8 text');
  }
  source = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!source.startsWith('---\n')) {
    throw new KnowledgeError(file, 'must start with YAML front matter between "---" lines (with at least id and title)');
  }
  let parsed: matter.GrayMatterFile<string>;
  try {
    // YAML 1.2's core schema keeps `2022-13-45` a string (YAML 1.1 would roll it over into
    // a valid date), so the schema can refuse it. An options object also keeps gray-matter
    // from caching by content across calls.
    parsed = matter(source, { engines: { yaml: (text: string) => (parseYaml(text) ?? {}) as object } });
  } catch (error) {
    const reason = (error as { reason?: string; message?: string }).reason ?? (error as Error).message;
    throw new KnowledgeError(file, `front matter is not valid YAML (${reason.split('\n')[0]})`);
  }
  const meta = parseFrontMatter(file, parsed.data);
  const body = parsed.content;
  const sentences = segment(meta.id, body);
  if (sentences.length === 0) throw new KnowledgeError(file, 'has no text after its front matter');
  return { meta, file, body, sentences };
}

async function listMarkdown(dir: string, root = dir): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listMarkdown(full, root)));
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.md')) files.push(path.relative(root, full));
  }
  return files.sort();
}

/** Builds a knowledge base from parsed documents, rejecting duplicate ids. */
export function assembleKnowledgeBase(documents: KnowledgeDocument[], fingerprint = ''): KnowledgeBase {
  const problems: KnowledgeError[] = [];
  const seen = new Map<string, string>();
  for (const doc of documents) {
    const other = seen.get(doc.meta.id);
    if (other) problems.push(new KnowledgeError(doc.file, `id "${doc.meta.id}" is already used by ${other}`, 'id'));
    else seen.set(doc.meta.id, doc.file);
  }
  if (problems.length) throw new KnowledgeBaseError(problems);
  return { documents, sentences: documents.flatMap((d) => d.sentences), fingerprint };
}

/**
 * Reads every `*.md` file under `dir` (recursively, in path order), validates it and
 * segments it. Throws KnowledgeBaseError listing every bad file.
 */
export async function loadKnowledgeBase(dir: string): Promise<KnowledgeBase> {
  let info;
  try {
    info = await stat(dir);
  } catch {
    throw new KnowledgeBaseError([new KnowledgeError(dir, 'knowledge directory does not exist')]);
  }
  if (!info.isDirectory()) throw new KnowledgeBaseError([new KnowledgeError(dir, 'is not a directory')]);
  const files = await listMarkdown(dir);
  if (files.length === 0) {
    throw new KnowledgeBaseError([new KnowledgeError(dir, 'contains no .md articles')]);
  }
  const hash = createHash('sha256');
  const documents: KnowledgeDocument[] = [];
  const problems: KnowledgeError[] = [];
  for (const file of files) {
    const display = path.join(dir, file);
    try {
      const bytes = await readFile(path.join(dir, file));
      hash.update(file).update('\0').update(bytes).update('\0');
      documents.push(parseKnowledgeFile(display, bytes));
    } catch (error) {
      if (error instanceof KnowledgeError) problems.push(error);
      else problems.push(new KnowledgeError(display, `cannot be read (${(error as Error).message})`));
    }
  }
  if (problems.length) throw new KnowledgeBaseError(problems);
  return assembleKnowledgeBase(documents, hash.digest('hex'));
}
