import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { renderReload, renderReloadUnavailable } from '../../render/moderation.ts';
import { requireManageGuild } from '../permissions.ts';
import { reloadOtherShards } from '../shard-reload.ts';
import { deferAnswer, respond } from '../respond.ts';
import type { BotContext, Outcome } from '../types.ts';

export const data = new SlashCommandBuilder()
  .setName('reload')
  .setDescription('Reload the news articles from the knowledge files now')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild);

/**
 * `/reload` (Manage Server, checked again here): reads the knowledge files again. A valid
 * set replaces engine, labels and timeline at once; an invalid one changes nothing and
 * the moderator is told each file and field at fault. Under the shard manager every other
 * shard reloads too. Private; the reload is logged.
 */
export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  if (!(await requireManageGuild(interaction, 'reload'))) return 'forbidden';
  const knowledge = ctx.knowledge;
  if (!knowledge.reload) {
    await respond(interaction, renderReloadUnavailable(), { ephemeral: true });
    return 'unavailable';
  }
  // Reading, indexing and labelling can take longer than Discord's 3 s.
  await deferAnswer(interaction, { ephemeral: true });
  const reason = { trigger: 'command', by: interaction.user.id };
  const result = await knowledge.reload(reason);
  const others = await reloadOtherShards(interaction.client, reason);
  await respond(interaction, renderReload(result, others), { ephemeral: true });
  return result.status;
}
