import { SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { oneLine, questionOf } from '../../question.ts';
import { LIMITS, clipText, type ChoiceData } from '../../render/limits.ts';
import type { KnowledgeSnapshot } from '../../load/snapshot.ts';
import type { AnswerEngine } from '../../search/engine.ts';
import { answerQuestion } from '../answer.ts';
import { passCooldown } from '../guard.ts';
import { respondChoices, respondNotice } from '../respond.ts';
import { suggesterFor } from '../suggest.ts';
import type { BotContext, Outcome } from '../types.ts';
import { mayPostHere } from '../permissions.ts';

/** Longest question a member can type (Discord enforces it in the client). */
export const QUESTION_MAX_LENGTH = 300;

export const data = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Answer a question with sentences quoted from the news articles')
  .addStringOption((o) => o.setName('question').setDescription('Your question, in plain words').setRequired(true).setMaxLength(QUESTION_MAX_LENGTH).setAutocomplete(true))
  .addStringOption((o) => o.setName('source').setDescription('Answer from this article only').setMaxLength(LIMITS.autocomplete.choiceValue).setAutocomplete(true))
  .addBooleanOption((o) => o.setName('private').setDescription('Only you see the answer (default: everyone in the channel)'))
  .addUserOption((o) => o.setName('mention').setDescription('Answer for this member: they are mentioned and notified'));

export const help =
  'question — answers with sentences quoted from the articles. `source:` asks one article only; `private:True` shows the answer to you alone; `mention:` answers for someone.';

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  // Clipped by characters (code points) as Discord counts them: never half a surrogate pair.
  const question = questionOf(interaction.options.getString('question', true), QUESTION_MAX_LENGTH);
  if (!question.text) {
    await respondNotice(interaction, 'Ask a question, for example `/ask question: Why did Albania cut ties with Iran?`');
    return 'empty';
  }
  const source = interaction.options.getString('source')?.trim() || undefined;
  if (source !== undefined && !ctx.knowledge.current.engine.sources().some((s) => s.id === source)) {
    await respondNotice(interaction, 'There is no such article. Pick one from the list that `source:` offers, or leave it out to ask every article.');
    return 'empty';
  }
  if (!(await passCooldown(interaction, ctx))) return 'cooldown';
  const mention = interaction.options.getUser('mention')?.id;
  return answerQuestion(interaction, ctx, {
    question,
    offset: 0,
    record: true,
    // Public answers echo the question: not for a member who may not send messages here.
    ephemeral: (interaction.options.getBoolean('private') ?? false) || !mayPostHere(interaction),
    ...(mention ? { mention } : {}),
    ...(source !== undefined ? { source } : {}),
  });
}

/**
 * Suggestions as the member types. Never a full engine query (one arrives per keystroke and
 * cannot be deferred): prefix suggestions from a small index of the sources' sentences. A
 * member over their own autocomplete budget gets no answer at all, which costs nothing and
 * keeps a flood from one member off everyone else's questions; Discord then shows them
 * "loading options failed" until they slow down.
 */
export async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  if (!ctx.autocompleteBudget.take(`${interaction.guildId ?? 'dm'}:${interaction.user.id}`).ok) return;
  const focused = interaction.options.getFocused(true);
  if (focused.name === 'source') {
    await respondChoices(interaction, suggestArticles(ctx.knowledge.current.engine, String(focused.value)));
    return;
  }
  const typed = focused.name === 'question' ? oneLine(String(focused.value)) : '';
  await respondChoices(interaction, suggestQuestions(ctx.knowledge.current, typed));
}

/**
 * Suggestions for what is typed so far: the text itself (when it fits in a choice), then
 * sentences of the sources holding the words typed, each clipped at a word boundary to 100
 * characters; picking one asks it. Nothing typed yet: the article headlines.
 */
export function suggestQuestions(knowledge: KnowledgeSnapshot, typed: string): ChoiceData[] {
  return suggesterFor(knowledge).suggest(typed);
}

/** Articles whose title or id contains what is typed (any case), titles as names and ids as values. */
export function suggestArticles(engine: AnswerEngine, typed: string): ChoiceData[] {
  const needle = typed.trim().toLowerCase();
  return engine
    .sources()
    .filter((s) => !needle || s.title.toLowerCase().includes(needle) || s.id.toLowerCase().includes(needle))
    .slice(0, LIMITS.autocomplete.choices)
    .map((s) => ({ name: clipText(s.title, LIMITS.autocomplete.choiceName), value: s.id }));
}
