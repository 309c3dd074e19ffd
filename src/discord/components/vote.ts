import type { ButtonInteraction } from 'discord.js';
import { questionFromContent } from '../../render/discord.ts';
import { renderVoteThanks } from '../../render/moderation.ts';
import type { CustomId } from '../custom-id.ts';
import { respond, respondNotice } from '../respond.ts';
import type { BotContext, ComponentHandler, Outcome } from '../types.ts';
import { EXPIRED } from './ids.ts';
import { VOTE_PREFIX, parseVoteId } from './moderation-ids.ts';

export const FEEDBACK_OFF = 'Feedback is not being recorded right now.';

/**
 * 👍/👎 under an answer: stores the vote on that answer with the question it answered
 * (by the recorded question's id, else the question echoed on the message), the guild
 * and the voter as a keyed hash; a member's second vote on the same answer replaces the
 * first. The thanks is private.
 */
export const vote: ComponentHandler = {
  prefix: VOTE_PREFIX,
  async execute(interaction: ButtonInteraction, id: CustomId, ctx: BotContext): Promise<Outcome> {
    const parsed = parseVoteId(id);
    const question = questionFromContent(interaction.message.content);
    if (!parsed || (parsed.questionId === undefined && !question)) {
      await respondNotice(interaction, EXPIRED);
      return 'expired';
    }
    if (!ctx.feedback) {
      await respondNotice(interaction, FEEDBACK_OFF);
      return 'feedback-off';
    }
    const stored = ctx.feedback.recordVote({
      answerId: parsed.answerId,
      vote: parsed.vote,
      ...(parsed.questionId !== undefined ? { questionId: parsed.questionId } : {}),
      ...(question ? { question } : {}),
      guildId: interaction.guildId,
      userId: interaction.user.id,
    });
    if (!stored) {
      await respondNotice(interaction, EXPIRED);
      return 'expired';
    }
    await respond(interaction, renderVoteThanks(parsed.vote), { ephemeral: true });
    return parsed.vote === 'up' ? 'voted-up' : 'voted-down';
  },
};
