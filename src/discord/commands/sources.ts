import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { renderSources } from '../../render/discord.ts';
import { respond } from '../respond.ts';
import type { BotContext, Outcome } from '../types.ts';
import { mayPostHere } from '../permissions.ts';

export const data = new SlashCommandBuilder()
  .setName('sources')
  .setDescription('List the news articles the answers are quoted from')
  .addBooleanOption((o) => o.setName('private').setDescription('Only you see the list (default: everyone in the channel)'));

export const help = 'lists the articles I answer from, with publisher, date and link.';

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  await respond(interaction, renderSources(ctx.engine.sources()), { ephemeral: (interaction.options.getBoolean('private') ?? false) || !mayPostHere(interaction) });
  return 'shown';
}
