import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import matter from 'gray-matter';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { listKnowledgeFolder, readBounded, unreadableReason } from './files.ts';
import { findCopiedMarkup } from './lint.ts';
import { segment } from './segment.ts';
import type { KnowledgeBase, KnowledgeDocument, KnowledgeWarning, SourceMeta } from './types.ts';

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

/** What zod says it received ("received number"), read from the issue since zod 4 leaves the input out. */
function receivedType(issue: z.core.$ZodIssue): string | undefined {
  const own = /received (\w+)/.exec(issue.message)?.[1];
  if (own) return own;
  if (issue.code === 'invalid_union') {
    for (const branch of issue.errors) for (const inner of branch) {
      const found = receivedType(inner);
      if (found) return found;
    }
  }
  return undefined;
}

const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  boolean: 'true/false',
  array: 'a list',
  object: 'a mapping (a "key: value" inside the value)',
  date: 'a date',
};

/** The message for a field whose YAML value has the wrong type (zod's "Invalid input" says nothing useful). */
function wrongTypeMessage(field: string, received: string, issue: z.core.$ZodIssue): string {
  if (received === 'undefined') return 'is required';
  if (received === 'null') return 'is empty: give it a value or remove the line';
  const seen = TYPE_WORDS[received] ?? received;
  if (field === 'published') {
    return received === 'number'
      ? 'must be a date written YYYY-MM-DD; YAML read a number (a year alone is not a date, write e.g. 2024-03-14)'
      : `must be a date written YYYY-MM-DD, not ${seen}`;
  }
  if (received === 'array') return `must be one line of text, not a list: write several names as one value (${field}: "Jane Doe and John Roe")`;
  const expected = 'expected' in issue && issue.expected === 'string' ? 'text' : String('expected' in issue ? issue.expected : 'text');
  return `must be ${expected}, but YAML read ${seen}: put the value in quotes (${field}: "…")`;
}

/** Validates front matter; throws a KnowledgeError naming the first bad field. */
export function parseFrontMatter(file: string, data: unknown): SourceMeta {
  const result = frontMatterSchema.safeParse(data ?? {});
  if (!result.success) {
    const issue = result.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      throw new KnowledgeError(file, `unknown front-matter field (allowed: ${Object.keys(frontMatterSchema.shape).join(', ')})`, issue.keys[0]);
    }
    const field = issue.path.map(String).join('.');
    const received = issue.code === 'invalid_type' || issue.code === 'invalid_union' ? receivedType(issue) : undefined;
    throw new KnowledgeError(file, received ? wrongTypeMessage(field, received, issue) : issue.message, field || undefined);
  }
  const { photo_credit, ...rest } = result.data;
  const meta: SourceMeta = { ...rest };
  if (photo_credit) meta.photoCredit = photo_credit;
  return meta;
}

/** A hint at the usual fix for a YAML error in front matter, by the parser's error code. */
function yamlHint(error: unknown): string {
  const code = error instanceof YAMLParseError ? error.code : undefined;
  switch (code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'a value that contains ": " must be in quotes, e.g. title: "Iran: the talks"';
    case 'MISSING_CHAR':
      return 'a quote or bracket is opened and not closed';
    case 'BAD_INDENT':
    case 'UNEXPECTED_TOKEN':
      return 'a value that starts with [ { \' " or contains " #" must be in quotes';
    case 'DUPLICATE_KEY':
      return 'a field is given twice; keep one';
    default:
      return 'put values that contain ":", "#", quotes or brackets in quotes';
  }
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
  if (!/\n---[ \t]*(?:\n|$)/.test(source.slice(3))) {
    throw new KnowledgeError(file, 'front matter is not closed: add a line with only "---" after the last field, before the article text');
  }
  let parsed: matter.GrayMatterFile<string>;
  try {
    // YAML 1.2's core schema keeps `2022-13-45` a string (YAML 1.1 would roll it over into
    // a valid date), so the schema can refuse it. An options object also keeps gray-matter
    // from caching by content across calls.
    parsed = matter(source, { engines: { yaml: (text: string) => (parseYaml(text) ?? {}) as object } });
  } catch (error) {
    const reason = ((error as { reason?: string; message?: string }).reason ?? (error as Error).message).split('\n')[0]!;
    // gray-matter hands the parser the text from the end of the opening "---" line, so its lines are the file's.
    const line = error instanceof YAMLParseError ? error.linePos?.[0]?.line : undefined;
    const where = line ? `line ${line}: ` : '';
    throw new KnowledgeError(file, `front matter is not valid YAML (${where}${reason.replace(/ at line \d+, column \d+:?$/, '')}); ${yamlHint(error)}`);
  }
  const meta = parseFrontMatter(file, parsed.data);
  const body = parsed.content;
  const firstLine = source.endsWith(body) ? source.slice(0, source.length - body.length).split('\n').length : 1;
  const copied = findCopiedMarkup(body, firstLine);
  if (copied.length) {
    const where = copied.map((c) => `line ${c.line}: ${c.found}`).join('; ');
    throw new KnowledgeError(
      file,
      `has text copied with its page markup (${where}). Write the article's sentences as plain text, or import the page with \`npm run add -- <url or saved .html>\``,
    );
  }
  const sentences = segment(meta.id, body);
  if (sentences.length === 0) throw new KnowledgeError(file, 'has no text after its front matter');
  return { meta, file, body, sentences };
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
 * segments it. Throws KnowledgeBaseError listing every bad file; files named in messages
 * are relative to `dir`. What is in the folder but not loaded (other files, a README,
 * symbolic links) comes back as `warnings`.
 */
export async function loadKnowledgeBase(dir: string): Promise<KnowledgeBase> {
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new KnowledgeBaseError([new KnowledgeError(dir, code === 'ENOENT' ? 'knowledge directory does not exist' : `knowledge directory ${unreadableReason(error, 'folder')}`)]);
  }
  if (!info.isDirectory()) throw new KnowledgeBaseError([new KnowledgeError(dir, 'is not a directory')]);
  const listing = await listKnowledgeFolder(dir);
  const problems: KnowledgeError[] = listing.problems.map((p) => new KnowledgeError(p.file, p.problem));
  const warnings: KnowledgeWarning[] = listing.warnings.map((w) => ({ file: w.file, problem: w.problem }));
  if (listing.articles.length === 0 && problems.length === 0) {
    throw new KnowledgeBaseError([new KnowledgeError(dir, 'contains no .md articles')]);
  }
  const hash = createHash('sha256');
  const documents: KnowledgeDocument[] = [];
  for (const file of listing.articles) {
    try {
      const read = await readBounded(file.full, MAX_FILE_BYTES);
      if ('tooLarge' in read) throw new KnowledgeError(file.display, `is ${read.tooLarge} bytes; the limit is ${MAX_FILE_BYTES} (1 MB)`);
      hash.update(file.relative).update('\0').update(read.bytes).update('\0');
      documents.push(parseKnowledgeFile(file.display, read.bytes));
    } catch (error) {
      if (error instanceof KnowledgeError) problems.push(error);
      else problems.push(new KnowledgeError(file.display, unreadableReason(error, 'file')));
    }
  }
  if (problems.length) throw new KnowledgeBaseError(problems);
  return { ...assembleKnowledgeBase(documents, hash.digest('hex')), warnings };
}
