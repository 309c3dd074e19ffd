/**
 * The console's slash commands are looked up by what the member typed: a name that
 * happens to be a property every JavaScript object has ("/constructor", "/__proto__")
 * must be an unknown command, not a crash that ends a piped run.
 */
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { CONSOLE_FAILED, respondToLine, runConsole } from '../../src/cli/console.ts';
import type { AnswerEngine } from '../../src/search/engine.ts';
import { BUILT_IN_NAMES } from '../fixtures/real-words.ts';

// The command lookup happens before the engine is asked; an engine that is never reached.
const engine = {} as AnswerEngine;

describe('console commands', () => {
  it('treats every built-in property name typed as a command as an unknown command', () => {
    const extras = { commands: { timeline: () => 'the timeline' } };
    for (const name of BUILT_IN_NAMES.filter((n) => /^\w+$/.test(n))) {
      expect(respondToLine(engine, `/${name}`, extras), name).toBe(respondToLine(engine, '/nosuchcommand', extras)!.replace('nosuchcommand', name));
    }
  });

  it('still runs the extra commands it was given', () => {
    expect(respondToLine(engine, '/timeline', { commands: { timeline: () => 'the timeline' } })).toBe('the timeline');
  });

  it('answers the next piped question after one the engine failed on, instead of ending', async () => {
    const failing = {
      ask(question: string) {
        if (question.includes('boom')) throw new TypeError('norm.includes is not a function');
        return { question, abstained: true, answers: [] };
      },
    } as unknown as AnswerEngine;
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    input.end('first boom\nwhat happened next?\n');
    const errors: unknown[] = [];
    await runConsole(failing, { input, output, interactive: false }, { onError: (error) => errors.push(error) });
    expect(printed).toContain(`> first boom\n${CONSOLE_FAILED}`);
    expect(printed).toContain('> what happened next?');
    expect(errors).toHaveLength(1);
  });
});
