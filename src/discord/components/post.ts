import { DiscordAPIError, PermissionFlagsBits, RESTJSONErrorCodes, type ButtonInteraction, type Message } from 'discord.js';
import { messageLink, renderQuotes, renderPosted, type Quote } from '../../render/moderation.ts';
import { parseCustomId, type CustomId } from '../custom-id.ts';
import { quoteOf } from '../quotes.ts';
import { renderNotice } from '../../render/discord.ts';
import { mayPostHere } from '../permissions.ts';
import { PostLedger } from '../post-ledger.ts';
import { deferButton, followUpPrivately, postReply, respond, respondNotice } from '../respond.ts';
import type { BotContext, ComponentHandler, Outcome } from '../types.ts';
import { EXPIRED, parseContextId } from './ids.ts';
import { POST_PREFIX, parsePostId } from './moderation-ids.ts';

export const NOT_ALLOWED_TO_POST = 'You cannot send messages in this channel, so I will not post there for you.';
export const BOT_CANNOT_POST = 'I cannot reply in this channel: I need the View Channel, Send Messages, Embed Links and Read Message History permissions here.';
export const SOURCES_CHANGED = 'The sources changed since; use **Find sources** on the message again.';
export const TARGET_GONE = 'That message was deleted, so there is nothing to reply to.';
export const BEING_POSTED = 'These sentences are being posted now (the channel is busy); they will go out once.';
export const alreadyPosted = (link: string) => `These sentences were already posted, as a [reply](${link}) to the message.`;
export const NOT_POSTED = 'The sentences were not posted (Discord did not take the message). Press **Post in channel** again to retry.';

/** The posts of every button this process has seen pressed. */
const ledger = new PostLedger();

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
 * link to the reply. Once per button: the press is acknowledged before posting (a channel
 * post may wait out a rate limit for longer than Discord's 3 s), and a press of a button
 * that has posted, or is posting, says so instead of posting again.
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
    if (!mayPostHere(interaction)) {
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
    // The button on this very message: claimed before anything is awaited, so two presses cannot both post.
    const key = `${interaction.message.id}:${interaction.customId}`;
    const before = ledger.claim(key);
    if (before) {
      await respondNotice(interaction, before.state === 'posted' ? alreadyPosted(before.link) : BEING_POSTED);
      return 'already-posted';
    }
    const channelId = interaction.channelId;
    let posted: { id: string };
    try {
      await deferButton(interaction);
      posted = await postReply(interaction, { channelId, messageId: targetId }, renderQuotes(quotes as Quote[]));
    } catch (error) {
      ledger.release(key);
      if (!interaction.deferred) throw error;
      await followUpPrivately(interaction, renderNotice(failureNotice(error)));
      if (notice(error) === undefined) ctx.logger.warn({ interactionId: interaction.id, err: error }, 'could not post in the channel');
      return notice(error) ?? 'not-posted';
    }
    const link = messageLink({ guildId: interaction.guildId, channelId, messageId: posted.id });
    ledger.posted(key, link);
    await respond(interaction, renderPosted(link), { update: true });
    return 'posted';
  },
};

/** The outcome for a refusal the member can understand, or undefined for any other failure. */
function notice(error: unknown): 'target-gone' | 'no-permission' | undefined {
  if (isTargetGone(error)) return 'target-gone';
  if (error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.MissingPermissions || error.code === RESTJSONErrorCodes.MissingAccess)) {
    return 'no-permission';
  }
  return undefined;
}

function failureNotice(error: unknown): string {
  const kind = notice(error);
  return kind === 'target-gone' ? TARGET_GONE : kind === 'no-permission' ? BOT_CANNOT_POST : NOT_POSTED;
}

/** Discord's answer when the replied-to message no longer exists. */
function isTargetGone(error: unknown): boolean {
  if (!(error instanceof DiscordAPIError)) return false;
  if (error.code === RESTJSONErrorCodes.UnknownMessage) return true;
  return error.code === RESTJSONErrorCodes.InvalidFormBodyOrContentType && JSON.stringify(error.rawError).includes('message_reference');
}
