import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { timelineMessage } from '../components/timeline.ts';
import { respond } from '../respond.ts';
import type { BotContext, Outcome } from '../types.ts';
import { mayPostHere } from '../permissions.ts';

export const data = new SlashCommandBuilder()
  .setName('timeline')
  .setDescription('The dated events in the news articles, in order, each quoted with its citation')
  .addBooleanOption((o) => o.setName('private').setDescription('Only you see the timeline (default: everyone in the channel)'));

export const help = 'the dated events of all articles in order, each quoted with its citation; **Prev**/**Next** turn the pages.';

/** `/timeline`: the first page; dates were resolved against each article's date when the sources were loaded. */
export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  await respond(interaction, timelineMessage(ctx.knowledge.current, 0), { ephemeral: (interaction.options.getBoolean('private') ?? false) || !mayPostHere(interaction) });
  return 'shown';
}
