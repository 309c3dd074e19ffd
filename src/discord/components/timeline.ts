import { MessageFlags, type ButtonInteraction } from 'discord.js';
import type { KnowledgeSnapshot } from '../../load/snapshot.ts';
import { renderTimelinePage, timelinePages } from '../../render/moderation.ts';
import type { MessageData } from '../../render/limits.ts';
import { sourceOf, type AnswerSource } from '../../search/engine.ts';
import type { CustomId } from '../custom-id.ts';
import { respond, respondNotice } from '../respond.ts';
import type { BotContext, ComponentHandler, Outcome } from '../types.ts';
import { EXPIRED } from './ids.ts';
import { TIMELINE_PREFIX, parseTimelineId, timelineButtonId, timelineSum } from './moderation-ids.ts';

export const TIMELINE_CHANGED = 'The sources changed since this timeline was shown; this is the current one.';

interface TimelineView {
  pages: string[];
  events: number;
  sum: string;
}

/** Pages per snapshot: cut once, reused by every Prev/Next on that version of the sources. */
const views = new WeakMap<KnowledgeSnapshot, TimelineView>();

function viewOf(knowledge: KnowledgeSnapshot): TimelineView {
  let view = views.get(knowledge);
  if (!view) {
    const sources = new Map<string, AnswerSource>([...knowledge.sources].map(([id, meta]) => [id, sourceOf(meta)]));
    view = { pages: timelinePages(knowledge.timeline, sources), events: knowledge.timeline.length, sum: timelineSum(knowledge.timeline) };
    views.set(knowledge, view);
  }
  return view;
}

/** Page `page` (clamped) of the timeline, with Prev/Next ids for its neighbours. */
export function timelineMessage(knowledge: KnowledgeSnapshot, page: number, notice?: string): MessageData {
  const view = viewOf(knowledge);
  const at = Math.min(Math.max(0, page), Math.max(0, view.pages.length - 1));
  return renderTimelinePage(view.pages, view.events, at, {
    prev: timelineButtonId('prev', at - 1, view.sum),
    next: timelineButtonId('next', at + 1, view.sum),
    ...(notice ? { notice } : {}),
  });
}

/**
 * Prev/Next under /timeline. The member who ran /timeline (or anyone, on a private
 * timeline, which only its owner sees) turns the page in place; anyone else gets the
 * page privately, so a shared timeline does not jump under its owner.
 */
export const timelinePage: ComponentHandler = {
  prefix: TIMELINE_PREFIX,
  async execute(interaction: ButtonInteraction, id: CustomId, ctx: BotContext): Promise<Outcome> {
    const parsed = parseTimelineId(id);
    if (!parsed) {
      await respondNotice(interaction, EXPIRED);
      return 'expired';
    }
    const knowledge = ctx.knowledge.current;
    const changed = parsed.sum !== viewOf(knowledge).sum;
    const message = timelineMessage(knowledge, parsed.page, changed ? TIMELINE_CHANGED : undefined);
    const owner = interaction.message.interactionMetadata?.user.id;
    const mine = interaction.message.flags.has(MessageFlags.Ephemeral) || owner === interaction.user.id;
    await respond(interaction, message, mine ? { update: true } : { ephemeral: true });
    return mine ? 'paged' : 'paged-privately';
  },
};
