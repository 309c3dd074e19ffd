/**
 * `npm run start:sharded` as a real process against FakeDiscord: the ShardingManager
 * spawns the bot entry point through tsx, one process per shard.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MEMBER_PERMISSIONS, FakeDiscord, snowflake } from '../../testkit/fake-discord/index.ts';
import { botEnv, runScript, type ChildScript } from '../../testkit/process.ts';

let fake: FakeDiscord;
let manager: ChildScript | undefined;

/**
 * Each test waits on what the processes do (log lines, gateway payloads, answers), never
 * for a set time; this bound is only there so a hung test ends. Starting shard processes
 * through tsx is slow on a loaded machine.
 */
const PATIENCE = 180_000;

beforeEach(async () => {
  fake = new FakeDiscord();
  await fake.start();
});

afterEach(async () => {
  await manager?.kill();
  await fake.stop();
});

describe('npm run start:sharded', () => {
  it(
    'spawns the recommended number of shards through tsx, each answering, and stops them on SIGTERM',
    async () => {
      manager = runScript('src/discord/shard.ts', botEnv(fake));
      await manager.waitForOutput(/connected to Discord/);
      const identify = await fake.waitForGatewayPayload((p) => p.op === 2, PATIENCE);
      expect(identify.d.shard).toEqual([0, 1]);
      expect(fake.requests.some((r) => r.route === '/gateway/bot')).toBe(true);

      const { id } = fake.sendInteraction(fake.slashCommand({ name: 'ask', options: { question: 'why did Albania cut ties with Iran?' } }));
      expect((await fake.waitForResponse(id, PATIENCE)).callbackType).toBe(4);

      manager.child.kill('SIGTERM');
      expect((await manager.exited).code).toBe(0);
      expect(manager.stderr + manager.stdout).not.toContain(fake.token);
    },
    PATIENCE,
  );

  it(
    'stops every shard and exits 78, without respawning, when Discord refuses the token',
    async () => {
      const wrong = `${'x'.repeat(24)}.wrong.${'y'.repeat(27)}`;
      manager = runScript('src/discord/shard.ts', botEnv(fake, { DISCORD_TOKEN: wrong, SHARD_COUNT: '1' }));
      expect((await manager.exited).code).toBe(78);
      // The shard asked once; a respawn would have asked again.
      expect(fake.requests.filter((r) => r.route === '/gateway/bot').map((r) => r.status)).toEqual([401]);
      expect(manager.stderr).toMatch(/DISCORD_TOKEN .*invalid/);
      expect(manager.stderr).toMatch(/Shard 0 stopped because Discord refused DISCORD_TOKEN/);
      expect(manager.stderr + manager.stdout).not.toContain(wrong);
    },
    PATIENCE,
  );

  it(
    'exits 78 naming DISCORD_TOKEN when Discord refuses it while counting shards',
    async () => {
      const wrong = `${'x'.repeat(24)}.wrong.${'y'.repeat(27)}`;
      manager = runScript('src/discord/shard.ts', botEnv(fake, { DISCORD_TOKEN: wrong }));
      expect((await manager.exited).code).toBe(78);
      expect(manager.stderr).toMatch(/DISCORD_TOKEN .*invalid/);
      expect(manager.stderr).not.toMatch(/Unexpected error|\n\s+at /);
      expect(fake.identifyCount).toBe(0);
    },
    PATIENCE,
  );

  it(
    'reloads every shard on /reload, and says so',
    async () => {
      manager = runScript('src/discord/shard.ts', botEnv(fake, { SHARD_COUNT: '2' }));
      await manager.waitForOutput(/"shards":\[1\][^\n]*connected to Discord|connected to Discord[^\n]*"shards":\[1\]/);
      await manager.waitForOutput(/"shards":\[0\][^\n]*connected to Discord|connected to Discord[^\n]*"shards":\[0\]/);

      const moderator = { id: snowflake(), username: 'mod' };
      const { id } = fake.sendInteraction(fake.slashCommand({ name: 'reload', user: moderator, permissions: DEFAULT_MEMBER_PERMISSIONS | (1n << 5n) }));
      const reply = await fake.waitForInteractionEvent(id, (e) => e.kind === 'edit' || (e.kind === 'callback' && e.callbackType === 4), PATIENCE);
      expect(reply.content).toContain('**Reloaded**');
      expect(reply.content).toContain('1 other shard reloaded too.');
      // Both shard processes logged a reload asked by the moderator (the one that got the command
      // skips itself when it asks the others). The other shard's line travels through its own pipe,
      // so it may come after the reply: wait for it.
      await manager.waitForOutput(/"msg":"knowledge reloaded"[\s\S]*"msg":"knowledge reloaded"/);
      const reloads = manager.logs().filter((l) => l.event === 'knowledge-reload' && l.outcome === 'reloaded');
      expect(reloads.map((l) => l.by)).toEqual([moderator.id, moderator.id]);
    },
    PATIENCE,
  );
});
