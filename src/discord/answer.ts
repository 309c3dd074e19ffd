import type { RepliableInteraction } from 'discord.js';
import { ANSWERS_PER_PAGE, renderAnswer } from '../render/discord.ts';
import { MAX_OFFSET, contextButtonId, moreButtonId } from './components/ids.ts';
import { deferAnswer, respond } from './respond.ts';
import type { BotContext, Outcome } from './types.ts';

export interface AnswerRequest {
  /** The question, already normalised to one line. */
  question: string;
  /** How many ranked answers to skip (0 for the first page). */
  offset: number;
  ephemeral: boolean;
  /** User id the answer is for. */
  mention?: string;
}

/**
 * Asks the engine and replies with one page of answers (or the "not covered" message),
 * with More and Context buttons. Used by /ask and by the More button.
 */
export async function answerQuestion(interaction: RepliableInteraction, ctx: BotContext, request: AnswerRequest): Promise<Outcome> {
  // The engine runs synchronously: deferring is only possible before it starts.
  if (ctx.shouldDefer()) await deferAnswer(interaction, { ephemeral: request.ephemeral });
  const answer = ctx.timeEngine(() => ctx.engine.ask(request.question, { limit: ANSWERS_PER_PAGE + 1, offset: request.offset }));
  const shown = answer.answers.slice(0, ANSWERS_PER_PAGE);
  const next = request.offset + ANSWERS_PER_PAGE;
  const hasMore = answer.answers.length > ANSWERS_PER_PAGE && next <= MAX_OFFSET;
  const message = renderAnswer(
    { ...answer, question: request.question, answers: shown },
    {
      offset: request.offset,
      ...(request.mention ? { mention: request.mention } : {}),
      actions: {
        ...(hasMore ? { more: moreButtonId(request.question, next) } : {}),
        context: shown.map((a) => contextButtonId(a.id)),
      },
    },
  );
  await respond(interaction, message, { ephemeral: request.ephemeral, ...(request.mention ? { mention: request.mention } : {}) });
  if (answer.abstained) return 'abstained';
  return shown.length ? 'answered' : 'no-more';
}
