import { randomBytes } from 'node:crypto';
import { DiscordAPIError, RESTJSONErrorCodes, type AutocompleteInteraction, type Interaction, type RepliableInteraction } from 'discord.js';
import { parseCustomId } from './custom-id.ts';
import { respondChoices, respondError, respondNotice } from './respond.ts';
import type { BotContext, Command, ComponentHandler, Outcome } from './types.ts';

export const UNKNOWN_COMMAND = 'I do not know that command any more. It may take a minute for Discord to update the list.';
export const SHUTTING_DOWN = 'I am restarting; please ask again in a minute.';
export const UNKNOWN_COMPONENT = 'This button no longer works. Ask again with `/ask`.';

/** A short id that ties what a member sees to a log line. */
export function newErrorId(): string {
  return randomBytes(4).toString('hex');
}

/**
 * Routes each interaction to its command or component handler, and owns what every
 * handler would otherwise repeat: logging (command, latency, outcome), turning a
 * failure into a private "something went wrong (error id)" plus an error log with that
 * id, autocomplete errors into an empty list, and tracking interactions in flight so a
 * shutdown can let them finish. `handle` never throws. Independent of the client, so
 * tests can drive it.
 */
/** What the router reports when it has finished with an interaction. */
export interface HandledInteraction {
  interactionId: string;
  /** `autocomplete` for suggestions; `error` when the handler failed. */
  outcome: Outcome;
  errorId?: string;
  latencyMs: number;
  /** The command's name, or the component's custom id prefix. */
  command?: string;
  /** Whether the answer was deferred ("thinking…") and given by an edit. */
  deferred?: boolean;
}

export class InteractionRouter {
  private readonly listeners = new Set<(handled: HandledInteraction) => void>();
  private readonly commands = new Map<string, Command>();
  private readonly components = new Map<string, ComponentHandler>();
  private readonly inFlight = new Set<Promise<void>>();
  private closing = false;

  constructor(
    private readonly ctx: BotContext,
    registry: { commands: readonly Command[]; components: readonly ComponentHandler[] },
  ) {
    for (const command of registry.commands) {
      if (this.commands.has(command.data.name)) throw new Error(`two commands are named ${command.data.name}`);
      this.commands.set(command.data.name, command);
    }
    for (const handler of registry.components) {
      if (this.components.has(handler.prefix)) throw new Error(`two component handlers use the prefix ${handler.prefix}`);
      this.components.set(handler.prefix, handler);
    }
  }

  /** Handles one interaction; resolves when it has been answered (or failed and was logged). */
  handle(interaction: Interaction): Promise<void> {
    const run = this.dispatch(interaction).catch((error: unknown) => {
      // Only reachable if logging itself failed; never let it escape.
      process.stderr.write(`interaction handling failed: ${String(error)}\n`);
    });
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
    return run;
  }

  /** Calls `listener` each time an interaction has been handled (for metrics and tests); returns an unsubscribe function. */
  onHandled(listener: (handled: HandledInteraction) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(interaction: Interaction, handled: HandledInteraction): void {
    const name =
      interaction.isCommand() || interaction.isAutocomplete()
        ? interaction.commandName
        : interaction.isMessageComponent() || interaction.isModalSubmit()
          ? String(interaction.customId ?? '').split(':')[0]
          : undefined;
    if (name !== undefined) handled.command = name;
    if (interaction.isRepliable()) handled.deferred = interaction.deferred;
    for (const listener of this.listeners) {
      try {
        listener(handled);
      } catch {
        // A listener's failure is not the interaction's.
      }
    }
  }

  /** Number of interactions being answered right now. */
  get pending(): number {
    return this.inFlight.size;
  }

  /**
   * Stops taking new work (members are told to retry) and waits for work in flight, at most
   * `timeoutMs`, including the "ask again" notices of interactions that arrive meanwhile.
   */
  async drain(timeoutMs = 10_000): Promise<boolean> {
    this.closing = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      // Each pass waits for what is in flight now; the deadline bounds the passes.
      while (this.inFlight.size > 0) {
        const done = Promise.allSettled([...this.inFlight]).then(() => true as const);
        if (!(await Promise.race([done, timeout]))) return false;
      }
      return true;
    } finally {
      clearTimeout(timer);
    }
  }

  private async dispatch(interaction: Interaction): Promise<void> {
    const started = performance.now();
    const log = this.ctx.logger;
    const base = describe(interaction);
    if (interaction.isAutocomplete()) {
      await this.autocomplete(interaction, base);
      const latencyMs = elapsed(started);
      log.debug({ ...base, latencyMs }, 'autocomplete');
      this.emit(interaction, { interactionId: interaction.id, outcome: 'autocomplete', latencyMs });
      return;
    }
    if (!interaction.isRepliable()) return;
    try {
      const outcome = (await this.run(interaction)) ?? 'done';
      const latencyMs = elapsed(started);
      log.info({ ...base, outcome, latencyMs }, 'interaction');
      this.emit(interaction, { interactionId: interaction.id, outcome, latencyMs });
    } catch (error) {
      const errorId = newErrorId();
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownInteraction) {
        // Discord refused the first response (later than 3 s): it takes no other either, so
        // trying to tell the member would only add a doomed request to a backlog.
        log.warn({ ...base, outcome: 'too-late', errorId, err: error, latencyMs: elapsed(started) }, 'interaction expired before it was answered');
        this.emit(interaction, { interactionId: interaction.id, outcome: 'too-late', errorId, latencyMs: elapsed(started) });
        return;
      }
      log.error({ ...base, outcome: 'error', errorId, err: error, latencyMs: elapsed(started) }, 'interaction failed');
      await respondError(interaction, errorId).catch((replyError: unknown) => log.warn({ ...base, errorId, err: replyError }, 'could not tell the member about the error'));
      this.emit(interaction, { interactionId: interaction.id, outcome: 'error', errorId, latencyMs: elapsed(started) });
    }
  }

  private async run(interaction: RepliableInteraction): Promise<Outcome | void> {
    if (this.closing) {
      await respondNotice(interaction, SHUTTING_DOWN);
      return 'shutting-down';
    }
    if (interaction.isChatInputCommand() || interaction.isContextMenuCommand()) {
      const command = this.commands.get(interaction.commandName);
      if (!command) {
        await respondNotice(interaction, UNKNOWN_COMMAND);
        return 'unknown-command';
      }
      return command.execute(interaction, this.ctx);
    }
    if (interaction.isButton() || interaction.isStringSelectMenu() || interaction.isModalSubmit()) {
      const id = parseCustomId(interaction.customId);
      const handler = id && this.components.get(id.prefix);
      if (!id || !handler) {
        await respondNotice(interaction, UNKNOWN_COMPONENT);
        return 'unknown-component';
      }
      return handler.execute(interaction, id, this.ctx);
    }
    return 'ignored';
  }

  private async autocomplete(interaction: AutocompleteInteraction, base: Record<string, unknown>): Promise<void> {
    const command = this.commands.get(interaction.commandName);
    try {
      if (command?.autocomplete && !this.closing) await command.autocomplete(interaction, this.ctx);
      else await respondChoices(interaction, []);
    } catch (error) {
      this.ctx.logger.warn({ ...base, err: error }, 'autocomplete failed');
      await respondChoices(interaction, []).catch(() => undefined);
    }
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

/** The fields every interaction log line carries (ids only: no member text). */
function describe(interaction: Interaction): Record<string, unknown> {
  const out: Record<string, unknown> = { interactionId: interaction.id, user: interaction.user.id };
  if (interaction.guildId) out.guild = interaction.guildId;
  if (interaction.isCommand() || interaction.isAutocomplete()) out.command = interaction.commandName;
  else if (interaction.isMessageComponent() || interaction.isModalSubmit()) out.component = String(interaction.customId ?? '').split(':')[0];
  return out;
}
