import type { RepliableInteraction } from 'discord.js';
import { renderCooldown } from '../render/discord.ts';
import { respondPrivately } from './respond.ts';
import type { BotContext } from './types.ts';

/**
 * Counts a question against the member's cooldown. When they are over it, tells them
 * privately how long to wait and returns false. Members are keyed per server (a DM
 * counts as its own place).
 */
export async function passCooldown(interaction: RepliableInteraction, ctx: BotContext): Promise<boolean> {
  const key = `${interaction.guildId ?? 'dm'}:${interaction.user.id}`;
  const result = ctx.cooldown.take(key);
  if (result.ok) return true;
  await respondPrivately(interaction, renderCooldown(result.retryAfterSeconds, { questions: ctx.cooldown.questions, seconds: ctx.cooldown.seconds }));
  return false;
}
