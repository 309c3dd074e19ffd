import type { KnowledgeSnapshot } from '../load/snapshot.ts';
import { labelText, type Quote } from '../render/moderation.ts';
import { sourceOf } from '../search/engine.ts';

/** A sentence of the sources by id, with its citation and who said it; undefined when it is no longer there. */
export function quoteOf(knowledge: KnowledgeSnapshot, sentenceId: string): Quote | undefined {
  const sentence = knowledge.engine.sentence(sentenceId);
  const meta = sentence && knowledge.sources.get(sentence.docId);
  if (!sentence || !meta) return undefined;
  const label = labelText(knowledge.labels.get(sentence.id));
  return {
    text: sentence.text,
    source: sourceOf(meta),
    paragraph: sentence.paragraph,
    kind: sentence.kind,
    ...(label ? { label } : {}),
  };
}
