import type { RepliableInteraction } from 'discord.js';
import { ANSWERS_PER_PAGE, renderAnswer } from '../render/discord.ts';
import { labelText } from '../render/moderation.ts';
import { newQuestionToken } from '../feedback/store.ts';
import type { Question } from '../question.ts';
import type { RankedAnswer } from '../search/engine.ts';
import { MAX_OFFSET, contextButtonId, moreButtonId } from './components/ids.ts';
import { voteButtonId } from './components/moderation-ids.ts';
import { deferAnswer, respond } from './respond.ts';
import type { BotContext, Outcome } from './types.ts';

export interface AnswerRequest {
  question: Question;
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
  const answer = ctx.timeEngine(() =>
    knowledge.engine.ask(request.question.text, { limit: ANSWERS_PER_PAGE + 1, offset: request.offset, ...(request.source !== undefined ? { source: request.source } : {}) }),
  );
  const shown = answer.answers.slice(0, ANSWERS_PER_PAGE);
  // The token goes on the vote buttons now; the question itself is recorded after the reply.
  const questionToken = request.record && ctx.feedback ? newQuestionToken() : undefined;
  const next = request.offset + ANSWERS_PER_PAGE;
  const hasMore = answer.answers.length > ANSWERS_PER_PAGE && next <= MAX_OFFSET;
  const message = renderAnswer(
    { ...answer, question: request.question.text, answers: shown },
    {
      offset: request.offset,
      ...(request.mention ? { mention: request.mention } : {}),
      labels: shown.map((a) => labelText(knowledge.labels.get(a.id))),
      actions: {
        ...(hasMore ? { more: moreButtonId(request.question.text, next, request.source) } : {}),
        context: shown.map((a) => contextButtonId(a.id)),
        ...(ctx.feedback ? { votes: shown.map((a) => voteButtons(questionToken, a.id)) } : {}),
      },
    },
  );
  try {
    await respond(interaction, message, { ephemeral: request.ephemeral, ...(request.mention ? { mention: request.mention } : {}) });
  } finally {
    // Asked is asked, whether or not Discord took the reply.
    if (questionToken) recordQuestion(interaction, ctx, { token: questionToken, question: request.question.text, abstained: answer.abstained, shown });
  }
  if (answer.abstained) return 'abstained';
  return shown.length ? 'answered' : 'no-more';
}

function voteButtons(questionToken: string | undefined, sentenceId: string): { up: string; down: string } | undefined {
  const up = voteButtonId('up', questionToken, sentenceId);
  const down = voteButtonId('down', questionToken, sentenceId);
  return up && down ? { up, down } : undefined;
}

/**
 * Queues the question, its guild, whether the bot abstained and the ids of the answers
 * shown, under the token its vote buttons carry. A failure is logged; the answer is out.
 */
function recordQuestion(interaction: RepliableInteraction, ctx: BotContext, entry: { token: string; question: string; abstained: boolean; shown: readonly RankedAnswer[] }): void {
  try {
    ctx.feedback?.question({ token: entry.token, question: entry.question, guildId: interaction.guildId, answerIds: entry.shown.map((a) => a.id), abstained: entry.abstained });
  } catch (error) {
    ctx.logger.warn({ interactionId: interaction.id, err: error }, 'could not record the question');
  }
}
