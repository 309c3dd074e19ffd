import type { ComponentHandler } from '../types.ts';
import { context } from './context.ts';
import { more } from './more.ts';
import { post } from './post.ts';
import { timelinePage } from './timeline.ts';
import { vote } from './vote.ts';

/**
 * Every component handler, keyed by custom id prefix in the router. Add a handler
 * (feedback buttons, a select menu, a modal) by appending it here.
 */
export const components: ComponentHandler[] = [more, context, post, timelinePage, vote];
