import { PermissionFlagsBits, type RepliableInteraction } from 'discord.js';
import { renderGuildOnly, renderNeedsPermission } from '../render/moderation.ts';
import { respondPrivately } from './respond.ts';

/**
 * Whether the member may send messages where the interaction comes from (Send Messages,
 * or Send Messages in Threads in a thread), from the permissions Discord sends with it. A
 * public answer echoes their question there: one who may not gets it privately instead.
 * The channel is known only when cached; unknown, Send Messages is what counts (a member
 * who may post in threads only is then answered privately, never wrongly in public).
 */
export function mayPostHere(interaction: RepliableInteraction): boolean {
  if (!interaction.inGuild()) return true;
  const permissions = interaction.memberPermissions;
  if (!permissions) return false;
  const inThread = interaction.channel?.isThread() ?? false;
  return permissions.has(inThread ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages);
}

/**
 * The run-time half of a moderator command's permission check. Registration sets
 * `default_member_permissions` so Discord hides the command from members without Manage
 * Server, but a server's admins can override that in Integrations settings, and an old
 * registration may linger: the bot checks again with the member's permissions in the
 * channel, as sent with the interaction (Administrator implies every permission).
 * Refusals are private. Returns whether the member may go on.
 */
export async function requireManageGuild(interaction: RepliableInteraction, command: string): Promise<boolean> {
  if (!interaction.inGuild()) {
    await respondPrivately(interaction, renderGuildOnly(command));
    return false;
  }
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    await respondPrivately(interaction, renderNeedsPermission(command, 'Manage Server'));
    return false;
  }
  return true;
}
