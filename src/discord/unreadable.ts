import { Events, InteractionResponseType, MessageFlags, Routes, Status, type Client } from 'discord.js';
import type { Logger } from '../logger.ts';
import { renderError } from '../render/discord.ts';
import { fitMessage } from '../render/limits.ts';
import { newErrorId } from './router.ts';

/**
 * How long after an INTERACTION_CREATE arrives its interaction must have reached the
 * bot. discord.js builds it in the same turn, so this only has to outlast that turn.
 */
const GRACE_MS = 250;

/**
 * Every interaction gets an answer, even one discord.js cannot build (a payload without
 * `data`, `member` or `message`): those fail inside discord.js and never reach the bot's
 * handlers, so the member would see "The application did not respond". Each
 * INTERACTION_CREATE is noted as it arrives; if its interaction has not reached the bot
 * shortly after, the bot answers privately with "something went wrong (id)", straight
 * through the REST API, pinging nobody.
 */
export function answerUnreadableInteractions(client: Client, logger: Logger): void {
  const pending = new Map<string, NodeJS.Timeout>();
  client.on(Events.InteractionCreate, (interaction) => {
    const timer = pending.get(interaction.id);
    if (timer === undefined) return;
    clearTimeout(timer);
    pending.delete(interaction.id);
  });
  client.on(Events.Raw, (packet: { t?: string | null; d?: unknown }) => {
    if (packet.t !== 'INTERACTION_CREATE') return;
    const d = packet.d as { id?: unknown; token?: unknown } | undefined;
    const id = d?.id;
    const token = d?.token;
    if (typeof id !== 'string' || typeof token !== 'string' || pending.has(id)) return;
    // Before READY discord.js queues events and builds them later: no verdict then.
    if (client.ws.status !== Status.Ready) return;
    const timer = setTimeout(() => {
      pending.delete(id);
      const errorId = newErrorId();
      logger.warn({ interactionId: id, errorId }, 'answered an interaction discord.js could not read');
      const body = {
        type: InteractionResponseType.ChannelMessageWithSource,
        data: { ...fitMessage(renderError(errorId)), flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } },
      };
      client.rest.post(Routes.interactionCallback(id, token), { body, auth: false }).catch((error: unknown) => {
        logger.warn({ interactionId: id, errorId, err: error }, 'could not answer an interaction discord.js could not read');
      });
    }, GRACE_MS);
    timer.unref();
    pending.set(id, timer);
  });
}
