/** What an article's front matter may say about it. Only `id` and `title` are required. */
export interface SourceMeta {
  id: string;
  title: string;
  publisher?: string;
  author?: string;
  /** ISO date, YYYY-MM-DD. */
  published?: string;
  url?: string;
  language?: string;
  photoCredit?: string;
}

/**
 * headline: the article's `# ` heading; caption: a photo caption (a paragraph wrapped
 * in `*…*` or `_…_`); body: everything else. All are quotable; search ranks the first
 * two below body text.
 */
export type SentenceKind = 'headline' | 'caption' | 'body';

export interface Sentence {
  /** `<docId>:<paragraph>.<sentence>`, stable as long as the paragraph keeps its place. */
  id: string;
  docId: string;
  kind: SentenceKind;
  /** 1-based body paragraph; 0 for the headline and caption block. */
  paragraph: number;
  /** 1-based position within its paragraph (within the lead block for paragraph 0). */
  sentence: number;
  /** The sentence as written, with line breaks inside it collapsed to single spaces. */
  text: string;
  /** Character offsets into the document body (the file after its front matter). */
  start: number;
  end: number;
}

export interface KnowledgeDocument {
  meta: SourceMeta;
  /** Path relative to the knowledge directory, for messages. */
  file: string;
  body: string;
  sentences: Sentence[];
}

export interface KnowledgeBase {
  documents: KnowledgeDocument[];
  /** Every sentence of every document, in document then reading order. */
  sentences: Sentence[];
  /** Hash of the files that produced this base, for cache keys. */
  fingerprint: string;
  /** Files in the folder that were not loaded (or were, with a caveat), each with why. */
  warnings?: readonly KnowledgeWarning[];
}

/** A file in the knowledge folder that is not an article, or not read; the base still loads. */
export interface KnowledgeWarning {
  /** Relative to the knowledge folder. */
  file: string;
  problem: string;
}
