import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { renderFeedbackOff, renderGaps } from '../../render/moderation.ts';
import { requireManageGuild } from '../permissions.ts';
import { quoteOf } from '../quotes.ts';
import { isLocked } from '../../feedback/recorder.ts';
import { respond, respondNotice } from '../respond.ts';
import type { BotContext, Outcome } from '../types.ts';

/** The period /gaps looks back over. */
export const GAPS_DAYS = 30;
export const FEEDBACK_BUSY = 'The feedback database is busy or unavailable right now; try `/gaps` again in a minute.';

/** Entries per list. */
const GAPS_LIMIT = 10;
/** How long the lists may take to read before the moderator is told the database is unavailable. */
const READ_TIMEOUT_MS = 2000;

function withinTime<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('the feedback database did not answer in time'), { transient: true })), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export const data = new SlashCommandBuilder()
  .setName('gaps')
  .setDescription('Questions the sources did not answer, and answers marked 👎, in the last 30 days')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild);

/**
 * `/gaps` (Manage Server, checked again here): this server's most frequent unanswered
 * questions and most 👎 answers of the last 30 days, privately.
 */
export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  if (!(await requireManageGuild(interaction, 'gaps'))) return 'forbidden';
  if (!ctx.feedback) {
    await respond(interaction, renderFeedbackOff(), { ephemeral: true });
    return 'feedback-off';
  }
  const guildId = interaction.guildId!;
  const knowledge = ctx.knowledge.current;
  const store = ctx.feedback.store;
  let lists: Pick<Parameters<typeof renderGaps>[0], 'unanswered' | 'downvoted'>;
  try {
    // A database server that does not answer must not make the reply miss Discord's 3 s.
    const [unanswered, downvoted] = await withinTime(
      Promise.all([store.topUnanswered(GAPS_DAYS, GAPS_LIMIT, guildId), store.mostDownvoted(GAPS_DAYS, GAPS_LIMIT, guildId)]),
      READ_TIMEOUT_MS,
    );
    lists = { unanswered, downvoted };
  } catch (error) {
    if (!isLocked(error)) throw error;
    await respondNotice(interaction, FEEDBACK_BUSY);
    return 'feedback-busy';
  }
  const message = renderGaps({ days: GAPS_DAYS, ...lists, sentence: (id) => quoteOf(knowledge, id) });
  await respond(interaction, message, { ephemeral: true });
  return 'shown';
}
