import type { ImportSummary } from '../import/import-article.ts';
import type { ReloadResult } from '../load/live.ts';
import { formatDate } from './citation.ts';
import { escapeClipped, type MessageData } from './discord.ts';
import { LIMITS } from './limits.ts';
import { renderReload, type OtherShards } from './moderation.ts';

/**
 * What `/sources add` and `/sources remove` tell the moderator, privately: what was added
 * or removed, or exactly why not, and what the reload that followed did.
 */

/** The reload part: one line when it worked; the reload message (which file to fix) when it did not. */
function reloadPart(result: ReloadResult | undefined, others: OtherShards | undefined): string {
  if (!result) return 'These sources cannot be reloaded here; the change takes effect at the next start.';
  const reload = renderReload(result, others).content ?? '';
  if (result.status === 'reloaded') {
    const rest = reload
      .split('\n')
      .slice(1)
      .filter((l) => !/^(Added|Changed|Removed|No article changed)/.test(l));
    return ['Reloaded: answers now come from the new set of articles.', ...rest].join('\n');
  }
  return `The file is saved, but the sources could not be reloaded:\n${reload}`;
}

function fit(text: string): MessageData {
  return { content: text.length > LIMITS.content ? `${text.slice(0, LIMITS.content - 1)}…` : text };
}

export function renderSourceAdded(summary: ImportSummary, replaced: string | undefined, reload: ReloadResult | undefined, others?: OtherShards): MessageData {
  const facts = [
    summary.publisher ? escapeClipped(summary.publisher, 200) : undefined,
    summary.author ? `by ${escapeClipped(summary.author, 200)}` : undefined,
    formatDate(summary.published),
    `${summary.sentences} sentence${summary.sentences === 1 ? '' : 's'} in ${summary.paragraphs} paragraph${summary.paragraphs === 1 ? '' : 's'}`,
  ].filter(Boolean);
  const lines = [
    `**${replaced ? 'Replaced' : 'Added'}** “${escapeClipped(summary.title, 300)}” (id \`${summary.id}\`)`,
    facts.join(' · '),
    ...(summary.url ? [`<${summary.url}>`] : []),
    reloadPart(reload, others),
  ];
  return fit(lines.join('\n'));
}

export function renderSourceNotAdded(reason: string): MessageData {
  return fit(
    `**Not added.** ${escapeClipped(
      reason.replace(/^./, (c) => c.toUpperCase()),
      1500,
    )}${/[.!?]$/.test(reason) ? '' : '.'}`,
  );
}

export function renderSourceRemoved(title: string, file: string, kept: string, reload: ReloadResult | undefined, others?: OtherShards): MessageData {
  const lines = [
    `**Removed** “${escapeClipped(title, 300)}” (\`${file.replace(/`/g, "'")}\`).`,
    `The file is kept aside in \`${kept.replace(/`/g, "'")}\` in the knowledge folder; move it back to restore the article.`,
    reloadPart(reload, others),
  ];
  return fit(lines.join('\n'));
}

export function renderSourceNotRemoved(reason: string): MessageData {
  return fit(`**Not removed.** ${escapeClipped(reason, 1500)}`);
}
