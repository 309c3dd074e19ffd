/**
 * The console's slash commands are looked up by what the member typed: a name that
 * happens to be a property every JavaScript object has ("/constructor", "/__proto__")
 * must be an unknown command, not a crash that ends a piped run.
 */
import { describe, expect, it } from 'vitest';
import { respondToLine } from '../../src/cli/console.ts';
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
});
