import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { ImportError } from '../../import/errors.ts';
import { importArticle } from '../../import/import-article.ts';
import { existingArticles, REMOVED_FOLDER } from '../../import/write.ts';
import { renderSources } from '../../render/discord.ts';
import { LIMITS, clipText, type ChoiceData } from '../../render/limits.ts';
import { renderSourceAdded, renderSourceNotAdded, renderSourceNotRemoved, renderSourceRemoved } from '../../render/sources-admin.ts';
import { requireManageGuild } from '../permissions.ts';
import { deferAnswer, respond, respondChoices } from '../respond.ts';
import { reloadOtherShards } from '../shard-reload.ts';
import type { BotContext, Outcome } from '../types.ts';
import { mayPostHere } from '../permissions.ts';

/** Longest web address `/sources add` takes (Discord's own limit on a string option is 6,000). */
const URL_MAX_LENGTH = 2000;

/**
 * `/sources`: `list` (everyone) shows the articles; `add url:` and `remove article:` are for
 * moderators (Manage Server, checked when run: a command with subcommands has one set of
 * default permissions, and listing is for everyone). Discord does not let a command with
 * subcommands be used bare, so the list is `/sources list`.
 */
export const data = new SlashCommandBuilder()
  .setName('sources')
  .setDescription('The news articles the answers are quoted from')
  .addSubcommand((s) =>
    s
      .setName('list')
      .setDescription('List the news articles the answers are quoted from')
      .addBooleanOption((o) => o.setName('private').setDescription('Only you see the list (default: everyone in the channel)')),
  )
  .addSubcommand((s) =>
    s
      .setName('add')
      .setDescription('Moderators: import a news article from its web address')
      .addStringOption((o) => o.setName('url').setDescription('The article’s web address (https://…)').setRequired(true).setMaxLength(URL_MAX_LENGTH)),
  )
  .addSubcommand((s) =>
    s
      .setName('remove')
      .setDescription('Moderators: remove an article from the sources')
      .addStringOption((o) => o.setName('article').setDescription('The article to remove').setRequired(true).setAutocomplete(true)),
  );

export const help = '`list` shows the articles I answer from, with publisher, date and link; moderators add one with `add url:` and remove one with `remove article:`.';

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  // An old registration of a bare /sources still lists.
  const sub = interaction.options.getSubcommand(false) ?? 'list';
  if (sub === 'add') return add(interaction, ctx);
  if (sub === 'remove') return remove(interaction, ctx);
  await respond(interaction, renderSources(ctx.engine.sources()), { ephemeral: (interaction.options.getBoolean('private') ?? false) || !mayPostHere(interaction) });
  return 'shown';
}

/** Reloads this shard and every other one, as `/reload` does. */
async function reloadAll(interaction: ChatInputCommandInteraction, ctx: BotContext, file: string) {
  if (!ctx.knowledge.reload) return { result: undefined, others: undefined };
  const reason = { trigger: 'sources', by: interaction.user.id, files: [file] };
  const result = await ctx.knowledge.reload(reason);
  const others = await reloadOtherShards(interaction.client, reason);
  return { result, others };
}

async function add(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  if (!(await requireManageGuild(interaction, 'sources add'))) return 'forbidden';
  const dir = ctx.knowledge.dir;
  if (!dir || !ctx.knowledge.reload) {
    await respond(interaction, renderSourceNotAdded('these sources were built in memory, not from a knowledge folder, so nothing can be added to them'), { ephemeral: true });
    return 'unavailable';
  }
  const url = interaction.options.getString('url', true).trim();
  // Fetching (up to 10 s), extracting and reloading take longer than Discord's 3 s.
  await deferAnswer(interaction, { ephemeral: true });
  const who = { by: interaction.user.id, ...(interaction.guildId ? { guild: interaction.guildId } : {}) };
  let imported;
  try {
    imported = await importArticle({ source: url, knowledgeDir: dir, webOnly: true, ...(ctx.importFetch ? { fetch: ctx.importFetch } : {}) });
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    ctx.logger.info({ event: 'source-add', outcome: 'refused', ...who, url: clipText(url, 300), reason: error.message }, 'source not added');
    await respond(interaction, renderSourceNotAdded(error.message), { ephemeral: true });
    return 'refused';
  }
  const { summary, replaced } = imported;
  const relative = path.relative(dir, summary.file);
  ctx.logger.info({ event: 'source-add', outcome: 'added', ...who, id: summary.id, file: relative, url: summary.url, sentences: summary.sentences }, 'source added');
  const { result, others } = await reloadAll(interaction, ctx, summary.file);
  await respond(interaction, renderSourceAdded(summary, replaced, result, others), { ephemeral: true });
  return 'added';
}

async function remove(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  if (!(await requireManageGuild(interaction, 'sources remove'))) return 'forbidden';
  const dir = ctx.knowledge.dir;
  if (!dir || !ctx.knowledge.reload) {
    await respond(interaction, renderSourceNotRemoved('These sources were built in memory, not from a knowledge folder, so nothing can be removed.'), { ephemeral: true });
    return 'unavailable';
  }
  const wanted = interaction.options.getString('article', true).trim();
  await deferAnswer(interaction, { ephemeral: true });
  const articles = await existingArticles(dir);
  const target = articles.find((a) => a.id === wanted) ?? articles.find((a) => a.id?.toLowerCase() === wanted.toLowerCase());
  if (!target) {
    await respond(
      interaction,
      renderSourceNotRemoved(`There is no article with the id \`${wanted.replace(/`/g, "'").slice(0, 60)}\`. Pick one from the list as you type, or see \`/sources list\`.`),
      { ephemeral: true },
    );
    return 'not-found';
  }
  if (articles.length === 1) {
    await respond(interaction, renderSourceNotRemoved('It is the only article: the bot needs at least one to answer from. Add another first.'), { ephemeral: true });
    return 'last-article';
  }
  // Kept aside rather than deleted, so a removal can be undone.
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const kept = path.join(REMOVED_FOLDER, `${stamp}-${path.basename(target.file)}`);
  await mkdir(path.join(dir, REMOVED_FOLDER), { recursive: true });
  await rename(path.join(dir, target.file), path.join(dir, kept));
  const title = target.title ?? target.id ?? target.file;
  ctx.logger.info(
    {
      event: 'source-remove',
      outcome: 'removed',
      by: interaction.user.id,
      ...(interaction.guildId ? { guild: interaction.guildId } : {}),
      id: target.id,
      file: target.file,
      keptAs: kept,
    },
    'source removed',
  );
  const { result, others } = await reloadAll(interaction, ctx, path.join(dir, target.file));
  await respond(interaction, renderSourceRemoved(title, target.file, kept, result, others), { ephemeral: true });
  return 'removed';
}

/** `/sources remove article:` suggestions: the articles whose title or id holds what is typed; the value is the id. */
export async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  if (focused.name !== 'article') {
    await respondChoices(interaction, []);
    return;
  }
  const typed = String(focused.value).toLowerCase().trim();
  const choices: ChoiceData[] = [];
  for (const source of ctx.engine.sources()) {
    if (typed && !source.title.toLowerCase().includes(typed) && !source.id.toLowerCase().includes(typed)) continue;
    choices.push({ name: clipText(`${source.title} (${source.id})`, LIMITS.autocomplete.choiceName), value: source.id });
    if (choices.length === LIMITS.autocomplete.choices) break;
  }
  await respondChoices(interaction, choices);
}
