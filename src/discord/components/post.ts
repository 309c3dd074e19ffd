import { DiscordAPIError, PermissionFlagsBits, RESTJSONErrorCodes, type ButtonInteraction, type Message } from 'discord.js';
import { messageLink, renderQuotes, renderPosted, type Quote } from '../../render/moderation.ts';
import { parseCustomId, type CustomId } from '../custom-id.ts';
import { quoteOf } from '../quotes.ts';
import { postReply, respond, respondNotice } from '../respond.ts';
import type { BotContext, ComponentHandler, Outcome } from '../types.ts';
import { EXPIRED, parseContextId } from './ids.ts';
import { POST_PREFIX, parsePostId } from './moderation-ids.ts';

export const NOT_ALLOWED_TO_POST = 'You cannot send messages in this channel, so I will not post there for you.';
export const BOT_CANNOT_POST =
  'I cannot reply in this channel: I need the View Channel, Send Messages, Embed Links and Read Message History permissions here.';
export const SOURCES_CHANGED = 'The sources changed since; use **Find sources** on the message again.';
export const TARGET_GONE = 'That message was deleted, so there is nothing to reply to.';

/** The custom ids of every component on a message. */
function customIdsOn(message: Message): string[] {
  const out: string[] = [];
  const walk = (component: unknown) => {
    if (!component || typeof component !== 'object') return;
    const c = component as { customId?: unknown; components?: unknown };
    if (typeof c.customId === 'string') out.push(c.customId);
    if (Array.isArray(c.components)) c.components.forEach(walk);
  };
  message.components.forEach(walk);
  return out;
}

/** The sentence ids carried by the Context buttons of a message, in order. */
function sentenceIdsOn(message: Message): string[] {
  return customIdsOn(message).flatMap((raw) => {
    const id = parseCustomId(raw);
    const sentenceId = id && parseContextId(id);
    return sentenceId ? [sentenceId] : [];
  });
}

function botCanPost(interaction: ButtonInteraction): boolean {
  const p = interaction.appPermissions;
  if (!p) return true;
  const send = p.has(PermissionFlagsBits.SendMessages) || p.has(PermissionFlagsBits.SendMessagesInThreads);
  return send && p.has([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.EmbedLinks, PermissionFlagsBits.ReadMessageHistory]);
}

/**
 * "Post in channel" under "Find sources": replies to the checked message with the
 * sentences the moderator saw (read back from the Context buttons beside it and checked
 * against the button's checksum), pinging nobody, then turns the private message into a
 * link to the reply, so it is posted once.
 */
export const post: ComponentHandler = {
  prefix: POST_PREFIX,
  async execute(interaction: ButtonInteraction, id: CustomId, ctx: BotContext): Promise<Outcome> {
    const sentenceIds = sentenceIdsOn(interaction.message);
    const targetId = parsePostId(id, sentenceIds);
    if (!targetId) {
      await respondNotice(interaction, EXPIRED);
      return 'expired';
    }
    const member = interaction.inGuild() ? interaction.memberPermissions : undefined;
    if (member && !member.has(PermissionFlagsBits.SendMessages) && !member.has(PermissionFlagsBits.SendMessagesInThreads)) {
      await respondNotice(interaction, NOT_ALLOWED_TO_POST);
      return 'forbidden';
    }
    if (!botCanPost(interaction)) {
      await respondNotice(interaction, BOT_CANNOT_POST);
      return 'no-permission';
    }
    const knowledge = ctx.knowledge.current;
    const quotes = sentenceIds.map((s) => quoteOf(knowledge, s));
    if (quotes.some((q) => !q)) {
      await respondNotice(interaction, SOURCES_CHANGED);
      return 'missing';
    }
    const channelId = interaction.channelId;
    let posted: { id: string };
    try {
      posted = await postReply(interaction, { channelId, messageId: targetId }, renderQuotes(quotes as Quote[]));
    } catch (error) {
      if (isTargetGone(error)) {
        await respondNotice(interaction, TARGET_GONE);
        return 'target-gone';
      }
      if (error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.MissingPermissions || error.code === RESTJSONErrorCodes.MissingAccess)) {
        await respondNotice(interaction, BOT_CANNOT_POST);
        return 'no-permission';
      }
      throw error;
    }
    await respond(interaction, renderPosted(messageLink({ guildId: interaction.guildId, channelId, messageId: posted.id })), { update: true });
    return 'posted';
  },
};

/** Discord's answer when the replied-to message no longer exists. */
function isTargetGone(error: unknown): boolean {
  if (!(error instanceof DiscordAPIError)) return false;
  if (error.code === RESTJSONErrorCodes.UnknownMessage) return true;
  return error.code === RESTJSONErrorCodes.InvalidFormBodyOrContentType && JSON.stringify(error.rawError).includes('message_reference');
}
