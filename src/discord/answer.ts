import type { RepliableInteraction } from 'discord.js';
import { ANSWERS_PER_PAGE, renderAnswer } from '../render/discord.ts';
import { labelText } from '../render/moderation.ts';
import type { RankedAnswer } from '../search/engine.ts';
import { MAX_OFFSET, contextButtonId, moreButtonId } from './components/ids.ts';
import { voteButtonId } from './components/moderation-ids.ts';
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
  /** Record the question in the feedback store (with its guild and answer ids): /ask does, More does not. */
  record?: boolean;
  /** Answer from this article only (its id). */
  source?: string;
}

/**
 * Asks the engine and replies with one page of answers (or the "not covered" message),
 * each labelled with who said it, with More, Context and (when feedback is on) 👍/👎
 * buttons. Used by /ask and by the More button.
 */
export async function answerQuestion(interaction: RepliableInteraction, ctx: BotContext, request: AnswerRequest): Promise<Outcome> {
  // The engine runs synchronously: deferring is only possible before it starts.
  if (ctx.shouldDefer(interaction)) await deferAnswer(interaction, { ephemeral: request.ephemeral });
  // One snapshot throughout: a reload meanwhile cannot pair this engine's answers with other labels.
  const knowledge = ctx.knowledge.current;
  const answer = ctx.timeEngine(() => knowledge.engine.ask(request.question, { limit: ANSWERS_PER_PAGE + 1, offset: request.offset, ...(request.source !== undefined ? { source: request.source } : {}) }));
  const shown = answer.answers.slice(0, ANSWERS_PER_PAGE);
  const questionId = request.record ? recordQuestion(interaction, ctx, request.question, answer.abstained, shown) : undefined;
  const next = request.offset + ANSWERS_PER_PAGE;
  const hasMore = answer.answers.length > ANSWERS_PER_PAGE && next <= MAX_OFFSET;
  const message = renderAnswer(
    { ...answer, question: request.question, answers: shown },
    {
      offset: request.offset,
      ...(request.mention ? { mention: request.mention } : {}),
      labels: shown.map((a) => labelText(knowledge.labels.get(a.id))),
      actions: {
        ...(hasMore ? { more: moreButtonId(request.question, next, request.source) } : {}),
        context: shown.map((a) => contextButtonId(a.id)),
        ...(ctx.feedback ? { votes: shown.map((a) => voteButtons(questionId, a.id)) } : {}),
      },
    },
  );
  await respond(interaction, message, { ephemeral: request.ephemeral, ...(request.mention ? { mention: request.mention } : {}) });
  if (answer.abstained) return 'abstained';
  return shown.length ? 'answered' : 'no-more';
}

function voteButtons(questionId: number | undefined, sentenceId: string): { up: string; down: string } | undefined {
  const up = voteButtonId('up', questionId, sentenceId);
  const down = voteButtonId('down', questionId, sentenceId);
  return up && down ? { up, down } : undefined;
}

/**
 * Stores the question, its guild, whether the bot abstained and the ids of the answers
 * shown; returns the stored id for the vote buttons. A storage failure is logged and the
 * member still gets the answer.
 */
function recordQuestion(
  interaction: RepliableInteraction,
  ctx: BotContext,
  question: string,
  abstained: boolean,
  shown: readonly RankedAnswer[],
): number | undefined {
  if (!ctx.feedback) return undefined;
  try {
    return ctx.feedback.recordQuestion({ question, guildId: interaction.guildId, answerIds: shown.map((a) => a.id), abstained });
  } catch (error) {
    ctx.logger.warn({ interactionId: interaction.id, err: error }, 'could not record the question');
    return undefined;
  }
}
