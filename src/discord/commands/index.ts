import type { Command } from '../types.ts';
import * as ask from './ask.ts';
import * as findSources from './find-sources.ts';
import * as gaps from './gaps.ts';
import * as help from './help.ts';
import * as reload from './reload.ts';
import * as sources from './sources.ts';
import * as status from './status.ts';
import * as timeline from './timeline.ts';

/**
 * Every command the bot registers and answers, in /help order. Add a command (a slash
 * command or a context menu) by writing a module that exports `data` and `execute` (and
 * `autocomplete`, `help` where it has them) and listing it here.
 */
export const commands: Command[] = [ask, sources, timeline, help, findSources, gaps, reload, status];
