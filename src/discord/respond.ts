import { MessageFlags, Routes, type AutocompleteInteraction, type MessageComponentInteraction, type MessageMentionOptions, type RepliableInteraction } from 'discord.js';
import { renderError, renderNotice, type MessageData } from '../render/discord.ts';
import { fitChoices, fitMessage, type ChoiceData } from '../render/limits.ts';

/**
 * The one way the bot answers an interaction. It fits the payload to Discord's limits,
 * sets `allowed_mentions` (nobody, or only the member the answer is for), sets the
 * ephemeral flag, and picks reply / edit of a deferred reply / follow-up from the
 * interaction's state, so handlers never call discord.js reply methods themselves.
 */

export interface RespondOptions {
  /** Only the member who used the command sees the reply. Ignored after a defer (the defer decided). */
  ephemeral?: boolean;
  /** The single user the reply may ping. */
  mention?: string;
  /**
   * For a button: replace the message the button sits on instead of sending a new one
   * (paging). Ignored for other interactions and once the interaction was answered.
   */
  update?: boolean;
}

export function allowedMentions(mention?: string): MessageMentionOptions {
  return mention ? { parse: [], users: [mention] } : { parse: [] };
}

/** Acknowledges now and answers later (the member sees "thinking…"); must come within 3 s. */
export async function deferAnswer(interaction: RepliableInteraction, { ephemeral = false } = {}): Promise<void> {
  if (interaction.deferred || interaction.replied) return;
  await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
}

/**
 * Acknowledges a button now, leaving its message as it is, for work that may take longer
 * than Discord's 3 s (a channel post waiting out a rate limit); `respond` then edits the
 * button's message. Must come within 3 s.
 */
export async function deferButton(interaction: MessageComponentInteraction): Promise<void> {
  if (interaction.deferred || interaction.replied) return;
  await interaction.deferUpdate();
}

/** A private message of its own after the interaction was answered (the message already shown stays as it is). */
export async function followUpPrivately(interaction: RepliableInteraction, message: MessageData): Promise<void> {
  await interaction.followUp({ ...fitMessage(message), allowedMentions: allowedMentions(), flags: MessageFlags.Ephemeral });
}

export async function respond(interaction: RepliableInteraction, message: MessageData, options: RespondOptions = {}): Promise<void> {
  const fitted = fitMessage(message);
  const body = {
    ...(fitted.content ? { content: fitted.content } : {}),
    embeds: fitted.embeds ?? [],
    components: fitted.components ?? [],
    allowedMentions: allowedMentions(options.mention),
  };
  if (options.update && interaction.isMessageComponent() && !interaction.deferred && !interaction.replied) {
    await interaction.update({ content: fitted.content ?? '', ...body });
  } else if (interaction.deferred && !interaction.replied) {
    await interaction.editReply({ content: fitted.content ?? '', ...body });
  } else if (interaction.deferred || interaction.replied) {
    await interaction.followUp({ ...body, ...(options.ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
  } else {
    await interaction.reply({ ...body, ...(options.ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
  }
}

/** Where `postReply` replies. */
export interface ReplyTarget {
  channelId: string;
  messageId: string;
}

/**
 * Posts `message` in a channel as a reply to another message (not as an interaction
 * response, which cannot reply to a message). Fitted to the limits like every reply, and
 * it pings nobody: no parsed mentions and not the replied-to author. Fails (Discord error
 * 10008) when the message is gone rather than posting without the reference. Returns the
 * new message's id.
 */
export async function postReply(interaction: RepliableInteraction, target: ReplyTarget, message: MessageData): Promise<{ id: string }> {
  const fitted = fitMessage(message);
  const body = {
    ...(fitted.content ? { content: fitted.content } : {}),
    embeds: fitted.embeds ?? [],
    components: fitted.components ?? [],
    allowed_mentions: { parse: [], replied_user: false },
    message_reference: { message_id: target.messageId, channel_id: target.channelId, fail_if_not_exists: true },
  };
  const posted = (await interaction.client.rest.post(Routes.channelMessages(target.channelId), { body })) as { id: string };
  return { id: posted.id };
}

/** A short ephemeral message of the bot's own (cooldown, expired button, ...). */
export async function respondNotice(interaction: RepliableInteraction, text: string): Promise<void> {
  await respondPrivately(interaction, renderNotice(text));
}

/**
 * An ephemeral message even when the interaction was deferred publicly: the public
 * "thinking…" placeholder is removed and the message follows privately.
 */
export async function respondPrivately(interaction: RepliableInteraction, message: MessageData): Promise<void> {
  if (interaction.deferred && !interaction.replied && !interaction.ephemeral) {
    await interaction.deleteReply().catch(() => undefined);
    await interaction.followUp({ ...fitMessage(message), allowedMentions: allowedMentions(), flags: MessageFlags.Ephemeral });
    return;
  }
  await respond(interaction, message, { ephemeral: true });
}

/** The member-facing side of an unexpected failure: "something went wrong (error id)", privately. */
export async function respondError(interaction: RepliableInteraction, errorId: string): Promise<void> {
  await respondPrivately(interaction, renderError(errorId));
}

/** Autocomplete suggestions, within the 25-choice and 100-character limits. */
export async function respondChoices(interaction: AutocompleteInteraction, choices: readonly ChoiceData[]): Promise<void> {
  if (interaction.responded) return;
  await interaction.respond(fitChoices(choices));
}
