import { afterEach, beforeEach } from 'vitest';
import { FakeDiscord } from '../../testkit/fake-discord/index.ts';
import type { ChildScript } from '../../testkit/process.ts';

/**
 * For tests that run the bot as child processes: a fresh FakeDiscord before each test
 * (handed to `onStart`), and after it every script the test `track`ed killed, then the
 * fake stopped, so one test's processes never answer another's interactions.
 */
export function fakeDiscordPerTest(onStart: (fake: FakeDiscord) => void): (script: ChildScript) => ChildScript {
  let fake: FakeDiscord | undefined;
  const running: ChildScript[] = [];
  beforeEach(async () => {
    fake = new FakeDiscord();
    await fake.start();
    onStart(fake);
  });
  afterEach(async () => {
    for (const script of running.splice(0)) await script.kill();
    await fake?.stop();
  });
  return (script) => {
    running.push(script);
    return script;
  };
}
