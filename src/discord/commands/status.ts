import { createRequire } from 'node:module';
import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { renderStatus, type StatusView } from '../../render/status.ts';
import type { StatusFacts } from '../../render/status.ts';
import { requireManageGuild } from '../permissions.ts';
import { respond } from '../respond.ts';
import type { BotContext, Outcome } from '../types.ts';

// src/ and dist/ sit at the same depth, so this finds the project's package.json from either.
const VERSION = (createRequire(import.meta.url)('../../../package.json') as { version: string }).version;

export const data = new SlashCommandBuilder()
  .setName('status')
  .setDescription("The bot's version, uptime, connection, knowledge and questions of the last 24 hours")
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild);

/**
 * `/status` (Manage Server, checked again here): what a moderator needs to tell whether the
 * bot is well, privately. Under the shard manager the 24-hour counts are the sum over every
 * shard, asked over the shard IPC.
 */
export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  if (!(await requireManageGuild(interaction, 'status'))) return 'forbidden';
  const service = ctx.service;
  if (!service) {
    await respond(interaction, { content: 'Status is not available in this mode.' }, { ephemeral: true });
    return 'unavailable';
  }
  const view: StatusView = { version: VERSION, here: service.status() };
  const util = interaction.client.shard;
  if (util && util.count > 1) {
    try {
      // Runs in each shard's process, from its source text: nothing outside it is in scope.
      const all = (await util.broadcastEval((client) => {
        const other = (client as unknown as { factdeskService?: { status(): unknown } }).factdeskService;
        return other ? other.status() : null;
      })) as Array<StatusFacts | null>;
      const answering = all.filter((s): s is StatusFacts => s !== null);
      view.shards = {
        count: util.count,
        answering: answering.filter((s) => s.connected).length,
        lastDay: answering.reduce((sum, s) => ({ answered: sum.answered + s.lastDay.answered, abstained: sum.abstained + s.lastDay.abstained }), { answered: 0, abstained: 0 }),
        unreachable: answering.length < all.length,
      };
    } catch {
      // A shard restarting: show this one's figures only.
    }
  }
  await respond(interaction, renderStatus(view), { ephemeral: true });
  return 'shown';
}
