import { ApplicationCommandType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/discord/bot.ts';
import { commands } from '../../src/discord/commands/index.ts';
import { components } from '../../src/discord/components/index.ts';
import { InteractionRouter } from '../../src/discord/router.ts';
import { createLogger } from '../../src/logger.ts';
import type { KnowledgeSource } from '../../src/load/live.ts';

const ctx = createContext({ knowledge: {} as KnowledgeSource, logger: createLogger({ level: 'silent' }) }, commands);

describe('registries', () => {
  it('refuses two commands with one name or two handlers with one prefix', () => {
    expect(() => new InteractionRouter(ctx, { commands: [...commands, commands[0]!], components })).toThrow(/two commands are named ask/);
    expect(() => new InteractionRouter(ctx, { commands, components: [...components, { ...components[0]!, execute: components[0]!.execute.bind(components[0]) }] })).toThrow(
      /prefix more/,
    );
  });

  it('gives every command a valid registration body within Discord limits', () => {
    for (const command of commands) {
      const json = command.data.toJSON();
      // Slash command names are lower case without spaces; context menu names are shown as written.
      if (json.type === undefined || json.type === ApplicationCommandType.ChatInput) expect(json.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
      else expect(json.name).toMatch(/^.{1,32}$/u);
      if ('description' in json) {
        expect(json.description?.length ?? 0).toBeGreaterThanOrEqual(1);
        expect(json.description?.length ?? 0).toBeLessThanOrEqual(100);
      }
      for (const option of ('options' in json ? json.options : undefined) ?? []) {
        expect(option.name.length).toBeLessThanOrEqual(32);
        expect(option.description.length).toBeLessThanOrEqual(100);
      }
    }
  });

  it('lists each command with help text for /help', () => {
    expect(ctx.helpCommands.map((c) => c.name)).toEqual(['ask', 'sources', 'timeline', 'help']);
  });
});
