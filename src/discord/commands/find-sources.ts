import { ApplicationCommandType, ContextMenuCommandBuilder, type MessageContextMenuCommandInteraction } from 'discord.js';
import { questionOf } from '../../question.ts';
import { ANSWERS_PER_PAGE } from '../../render/discord.ts';
import { labelText, renderFindSources, renderFindSourcesNoText, renderFindSourcesNone } from '../../render/moderation.ts';
import { contextButtonId } from '../components/ids.ts';
import { postButtonId } from '../components/moderation-ids.ts';
import { passCooldown } from '../guard.ts';
import { deferAnswer, respond } from '../respond.ts';
import type { BotContext, Outcome } from '../types.ts';

/**
 * Message context menu "Find sources": the sentences of the sources closest to what a
 * message says, with who said each and its citation, shown only to the member who asked,
 * with Context buttons and "Post in channel" (which replies to the message with them).
 * Counts towards the member's cooldown like a question. The message's text is not stored.
 */
export const data = new ContextMenuCommandBuilder().setName('Find sources').setType(ApplicationCommandType.Message);

export async function execute(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<Outcome> {
  const target = interaction.targetMessage;
  // The message is checked as a question would be asked: on one line, clipped once.
  const { text } = questionOf(target.content ?? '');
  if (!text) {
    await respond(interaction, renderFindSourcesNoText(), { ephemeral: true });
    return 'no-text';
  }
  if (!(await passCooldown(interaction, ctx))) return 'cooldown';
  if (ctx.shouldDefer(interaction)) await deferAnswer(interaction, { ephemeral: true });
  const knowledge = ctx.knowledge.current;
  const answer = ctx.timeEngine(() => knowledge.engine.ask(text, { limit: ANSWERS_PER_PAGE }));
  const ref = { guildId: interaction.guildId, channelId: target.channelId, messageId: target.id };
  // Post reads the sentence ids back from the Context buttons, so only sentences that have one are shown.
  const shown = answer.answers.filter((a) => contextButtonId(a.id)).slice(0, ANSWERS_PER_PAGE);
  if (answer.abstained || shown.length === 0) {
    await respond(interaction, renderFindSourcesNone(ref, text), { ephemeral: true });
    return 'abstained';
  }
  const message = renderFindSources(
    { ...answer, answers: shown },
    {
      target: ref,
      text,
      labels: shown.map((a) => labelText(knowledge.labels.get(a.id))),
      context: shown.map((a) => contextButtonId(a.id)),
      post: postButtonId(
        target.id,
        shown.map((a) => a.id),
      ),
    },
  );
  await respond(interaction, message, { ephemeral: true });
  return 'found';
}
