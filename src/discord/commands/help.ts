import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { renderHelp } from '../../render/discord.ts';
import { respond } from '../respond.ts';
import type { BotContext, Outcome } from '../types.ts';

export const data = new SlashCommandBuilder().setName('help').setDescription('What this bot does and how to ask it');

export const help = 'this message.';

/** Help is for the member who asked: always private. */
export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  await respond(interaction, renderHelp({ commands: ctx.helpCommands, cooldown: { questions: ctx.cooldown.questions, seconds: ctx.cooldown.seconds } }), { ephemeral: true });
  return 'shown';
}
