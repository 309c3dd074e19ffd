import type { ButtonInteraction } from 'discord.js';
import { questionFromContent } from '../../render/discord.ts';
import { renderVoteThanks } from '../../render/moderation.ts';
import type { CustomId } from '../custom-id.ts';
import { respond, respondNotice } from '../respond.ts';
import type { BotContext, ComponentHandler, Outcome } from '../types.ts';
import { EXPIRED } from './ids.ts';
import { VOTE_PREFIX, parseVoteId } from './moderation-ids.ts';

export const FEEDBACK_OFF = 'Feedback is not being recorded right now.';
export const VOTE_NOT_KEPT = 'Your vote could not be kept: the feedback database is unavailable and too many records are waiting for it. Please vote again later.';

/**
 * 👍/👎 under an answer: records the vote on that answer with the question it answered
 * (by the token on the button, else the question echoed on the message), the guild and the
 * voter as a keyed hash; a member's second vote on the same answer replaces the first. A
 * button naming a question asked in another server, or moved onto a message that shows
 * another question, gets the same "no longer works" as an unknown one. The thanks is
 * private, and comes before the write (which never holds it back).
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
    const record = {
      answerId: parsed.answerId,
      vote: parsed.vote,
      ...(parsed.questionToken !== undefined ? { questionToken: parsed.questionToken } : {}),
      ...(parsed.questionId !== undefined ? { questionId: parsed.questionId } : {}),
      ...(question ? { question } : {}),
      guildId: interaction.guildId,
      userId: interaction.user.id,
    };
    // `unknown` (the file cannot be read right now): thanked, and checked again when written.
    if ((await ctx.feedback.checkVote(record)) === 'refused') {
      await respondNotice(interaction, EXPIRED);
      return 'expired';
    }
    // The database is away and the memory set aside for it is full: say so rather than thank.
    if (!ctx.feedback.canKeep()) {
      await respondNotice(interaction, VOTE_NOT_KEPT);
      return 'vote-not-kept';
    }
    try {
      await respond(interaction, renderVoteThanks(parsed.vote), { ephemeral: true });
    } finally {
      ctx.feedback.vote(record);
    }
    return parsed.vote === 'up' ? 'voted-up' : 'voted-down';
  },
};
