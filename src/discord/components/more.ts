import type { ButtonInteraction } from 'discord.js';
import { questionOf } from '../../question.ts';
import { questionFromContent } from '../../render/discord.ts';
import { answerQuestion } from '../answer.ts';
import { checksum, type CustomId } from '../custom-id.ts';
import { passCooldown } from '../guard.ts';
import { respondNotice } from '../respond.ts';
import type { BotContext, ComponentHandler, Outcome } from '../types.ts';
import { EXPIRED, MORE_PREFIX, parseMoreId } from './ids.ts';

/**
 * "More": the next page of answers to the question of the message the button sits on,
 * for the member who pressed it, privately. Counts towards their cooldown like a question.
 */
export const more: ComponentHandler = {
  prefix: MORE_PREFIX,
  async execute(interaction: ButtonInteraction, id: CustomId, ctx: BotContext): Promise<Outcome> {
    const parsed = parseMoreId(id);
    const echoed = questionFromContent(interaction.message?.content);
    if (!parsed || !echoed || checksum(echoed) !== parsed.sum) {
      await respondNotice(interaction, EXPIRED);
      return 'expired';
    }
    if (!(await passCooldown(interaction, ctx))) return 'cooldown';
    return answerQuestion(interaction, ctx, {
      question: questionOf(echoed),
      offset: parsed.offset,
      ephemeral: true,
      ...(parsed.source !== undefined ? { source: parsed.source } : {}),
    });
  },
};
