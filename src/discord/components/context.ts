import type { ButtonInteraction } from 'discord.js';
import { renderContext, renderContextMissing } from '../../render/discord.ts';
import type { CustomId } from '../custom-id.ts';
import { respond, respondNotice } from '../respond.ts';
import type { BotContext, ComponentHandler, Outcome } from '../types.ts';
import { CONTEXT_PREFIX, EXPIRED, parseContextId } from './ids.ts';

/** Sentences shown before and after the one asked about. */
export const CONTEXT_BEFORE = 2;
export const CONTEXT_AFTER = 2;

/** "Context": a sentence with the sentences around it in its article, privately. */
export const context: ComponentHandler = {
  prefix: CONTEXT_PREFIX,
  async execute(interaction: ButtonInteraction, id: CustomId, ctx: BotContext): Promise<Outcome> {
    const sentenceId = parseContextId(id);
    if (!sentenceId) {
      await respondNotice(interaction, EXPIRED);
      return 'expired';
    }
    const engine = ctx.engine;
    const target = engine.sentence(sentenceId);
    const source = target && engine.sources().find((s) => s.id === target.docId);
    if (!target || !source) {
      await respond(interaction, renderContextMissing(), { ephemeral: true });
      return 'missing';
    }
    const around = engine.context(sentenceId, CONTEXT_BEFORE, CONTEXT_AFTER);
    await respond(interaction, renderContext(target, around, source), { ephemeral: true });
    return 'shown';
  },
};
