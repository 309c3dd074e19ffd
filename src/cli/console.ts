import { createInterface } from 'node:readline';
import { questionOf } from '../question.ts';
import type { AnswerEngine } from '../search/engine.ts';
import { renderAnswerText, renderSourcesText } from '../render/text.ts';

export const CONSOLE_HELP = [
  'Ask a question about the news in the sources, for example: Why did Albania cut ties with Iran?',
  'Commands: /sources (list the articles), /ask-in <article id> <question> (ask one article), /timeline (dated events), /help, /quit',
].join('\n');

/** Printed for a line that failed: the next line is still answered. */
export const CONSOLE_FAILED = 'Sorry, something went wrong with that question; please ask it another way.';

export interface ConsoleExtras {
  /** Extra slash commands the console understands, e.g. /timeline. */
  commands?: Record<string, () => string>;
  /** Told of a line that failed (the console prints CONSOLE_FAILED and goes on). */
  onError?: (error: unknown, line: string) => void;
}

/** One line of console input → the text to print (undefined: nothing to print). */
export function respondToLine(engine: AnswerEngine, line: string, extras: ConsoleExtras = {}): string | undefined {
  const input = line.trim();
  if (!input) return undefined;
  const command = /^\/([\w-]+)\s*(.*)$/.exec(input);
  if (command) {
    const [, name, rest] = command;
    if (name === 'ask') {
      const question = questionOf(rest!);
      return question.text ? renderAnswerText(engine.ask(question.text)) : 'Usage: /ask your question';
    }
    if (name === 'ask-in') return askIn(engine, rest!);
    if (name === 'sources') return renderSourcesText(engine);
    if (name === 'help') return CONSOLE_HELP;
    // Own keys only: `/constructor` or `/__proto__` would otherwise find Object.prototype's members.
    const extra = extras.commands && Object.hasOwn(extras.commands, name!) ? extras.commands[name!] : undefined;
    if (typeof extra === 'function') return extra();
    return `Unknown command /${name}. ${CONSOLE_HELP}`;
  }
  return renderAnswerText(engine.ask(questionOf(input).text));
}

const ASK_IN_USAGE = 'Usage: /ask-in <article id> <question> (the ids are in /sources)';

/** "/ask-in <article id> <question>": the question asked of one article. */
function askIn(engine: AnswerEngine, rest: string): string {
  const m = /^(\S+)\s+(.*\S)/.exec(rest.trim());
  if (!m) return ASK_IN_USAGE;
  const [, source, question] = m;
  if (!engine.sources().some((s) => s.id === source)) return `There is no article "${source}". ${ASK_IN_USAGE}`;
  return renderAnswerText(engine.ask(questionOf(question!).text, { source: source! }));
}

/**
 * The console mode: an interactive prompt on a terminal; on piped input, one answer
 * per line, ending at end of input.
 */
export async function runConsole(
  engine: AnswerEngine,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; interactive: boolean },
  extras: ConsoleExtras = {},
): Promise<void> {
  const rl = createInterface({ input: io.input, output: io.interactive ? io.output : undefined, terminal: io.interactive });
  const write = (text: string) => io.output.write(`${text}\n`);
  if (io.interactive) {
    write(CONSOLE_HELP);
    rl.setPrompt('\n? ');
    rl.prompt();
  }
  let first = true;
  for await (const line of rl) {
    const input = line.trim();
    if (io.interactive && (input === '/quit' || input === '/exit')) break;
    let out: string | undefined;
    try {
      out = respondToLine(engine, line, extras);
    } catch (error) {
      // One bad question must not end a piped run (or an interactive one).
      extras.onError?.(error, input);
      out = CONSOLE_FAILED;
    }
    if (out !== undefined) {
      if (!io.interactive && !first) write('');
      write(io.interactive ? out : `> ${input}\n${out}`);
      first = false;
    }
    if (io.interactive) rl.prompt();
  }
  rl.close();
}
