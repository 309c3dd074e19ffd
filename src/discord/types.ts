import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIApplicationCommandsJSONBody,
  StringSelectMenuInteraction,
  UserContextMenuCommandInteraction,
} from 'discord.js';
import type { FeedbackRecorder } from '../feedback/recorder.ts';
import type { FetchOptions } from '../import/fetch.ts';
import type { Logger } from '../logger.ts';
import type { KnowledgeSource } from '../load/live.ts';
import type { AnswerEngine } from '../search/engine.ts';
import type { BotService } from '../service/observe.ts';
import type { Cooldown } from './cooldown.ts';
import type { CustomId } from './custom-id.ts';

/** How an interaction ended, for the logs: `answered`, `abstained`, `cooldown`, `shown`, `expired`, ... */
export type Outcome = string;

/**
 * What every handler gets: the engine and the bot's shared services. `engine` may be
 * replaced while the bot runs (a reload); handlers read it on each call.
 */
export interface BotContext {
  /** The engine of `knowledge.current`. */
  readonly engine: AnswerEngine;
  /**
   * The knowledge answered from: engine, who-said-it labels and timeline, swapped together
   * by a reload. A handler that needs more than the engine reads `knowledge.current` once
   * and uses that snapshot throughout, so it never mixes two versions.
   */
  knowledge: KnowledgeSource;
  /**
   * Where questions and 👍/👎 votes go (DATA_DIR/feedback.sqlite), written after the reply
   * and never holding one back; absent when feedback is off. Reads go to `feedback.store`.
   */
  feedback?: FeedbackRecorder;
  logger: Logger;
  cooldown: Cooldown;
  /** Autocompletes per member per window: a budget of their own, apart from the questions'. */
  autocompleteBudget: Cooldown;
  /** Runs an engine call, timing it (the bot defers its reply when the engine has been slow). */
  timeEngine<T>(run: () => T): T;
  /**
   * Whether to defer before calling the engine: when the engine has recently been slow, or
   * when `interaction` has already waited long since Discord created it (a burst queued it).
   */
  shouldDefer(interaction?: { createdTimestamp: number }): boolean;
  /** Whether the engine has recently been too slow to answer within Discord's 3 s (autocomplete cannot defer). */
  engineSlow(): boolean;
  /** Extra lines for /help from commands added later. */
  helpCommands: Array<{ name: string; description: string }>;
  /** Fetch options for `/sources add`; only tests set them (to reach a server on 127.0.0.1). */
  importFetch?: FetchOptions;
  /** Metrics and the facts `/status` shows; set by `createBot` once the client exists. */
  service?: BotService;
}

export type CommandInteraction = ChatInputCommandInteraction | MessageContextMenuCommandInteraction | UserContextMenuCommandInteraction;

/**
 * A command module (the discord.js guide's shape): `data` is a builder whose JSON is
 * registered with Discord, `execute` answers it, `autocomplete` suggests option values.
 * Slash commands and context menus alike; the router picks by `data.name`.
 */
export interface Command {
  data: { readonly name: string; toJSON(): RESTPostAPIApplicationCommandsJSONBody };
  /** One line for /help; omit to leave the command out of it. */
  help?: string;
  // Method syntax on purpose: each command narrows the interaction type it accepts.
  execute(interaction: CommandInteraction, ctx: BotContext): Promise<Outcome | void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}

export type ComponentInteraction = ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction;

/**
 * A handler for buttons (and other components or modals) whose custom id starts with
 * `prefix:`. It gets the parsed id; it should answer `expired` for ids it cannot read
 * (an old version, a payload that does not check out).
 */
export interface ComponentHandler {
  prefix: string;
  execute(interaction: ComponentInteraction, id: CustomId, ctx: BotContext): Promise<Outcome | void>;
}
