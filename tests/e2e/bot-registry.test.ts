/**
 * Adding commands and button handlers: a new module in the registries is registered,
 * routed (slash command, message context menu, custom id prefix) and answered through
 * the same respond helper, without touching the router.
 */
import { ApplicationCommandType, ContextMenuCommandBuilder, type ButtonInteraction, type MessageContextMenuCommandInteraction } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../src/discord/commands/index.ts';
import { components } from '../../src/discord/components/index.ts';
import { encodeCustomId, type CustomId } from '../../src/discord/custom-id.ts';
import { respond } from '../../src/discord/respond.ts';
import type { Command, ComponentHandler } from '../../src/discord/types.ts';
import { renderNotice } from '../../src/render/discord.ts';
import { BotHarness } from './harness.ts';

/** A message context menu in the shape of "Find sources": echoes the target's text. */
const findSources: Command = {
  data: new ContextMenuCommandBuilder().setName('Echo text').setType(ApplicationCommandType.Message),
  async execute(interaction: MessageContextMenuCommandInteraction) {
    await respond(interaction, renderNotice(`checking: ${interaction.targetMessage.content}`), { ephemeral: true });
    return 'checked';
  },
};

/** A feedback button handler keyed by its custom id prefix. */
const feedback: ComponentHandler = {
  prefix: 'fb',
  async execute(interaction: ButtonInteraction, id: CustomId) {
    await respond(interaction, renderNotice(`thanks (${id.payload})`), { ephemeral: true });
    return 'feedback';
  },
};

let h: BotHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('command and component registries', () => {
  it('routes a message context menu and a new button prefix added to the registries', async () => {
    h = await BotHarness.start({ commands: [...commands, findSources], components: [...components, feedback] });
    const menu = await h.send(h.fake.messageContextMenu({ name: 'Echo text', targetMessage: { content: 'Albania cut ties @everyone' } }));
    expect(menu.handled.outcome).toBe('checked');
    expect(menu.data.content).toBe('checking: Albania cut ties @everyone');
    expect(menu.data.allowed_mentions).toEqual({ parse: [] });
    expect(menu.ephemeral).toBe(true);

    const press = await h.press(encodeCustomId('fb', 1, 'up'), h.fake.buildMessage());
    expect(press.handled.outcome).toBe('feedback');
    expect(press.data.content).toBe('thanks (up)');
  });
});
