/**
 * A feedback.sqlite that is not a database (a disk fault, a bad copy) does not turn
 * feedback off for good: `npm start` says so in its log, naming the file, keeps the broken
 * file aside for inspection, and starts a fresh one.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MEMBER_PERMISSIONS, FakeDiscord } from '../../testkit/fake-discord/index.ts';
import { botEnv, runScript, type ChildScript } from '../../testkit/process.ts';

let fake: FakeDiscord;
let dataDir: string;
let bot: ChildScript | undefined;

beforeEach(async () => {
  fake = new FakeDiscord();
  await fake.start();
  dataDir = mkdtempSync(path.join(tmpdir(), 'factdesk-corrupt-'));
});

afterEach(async () => {
  await bot?.kill();
  await fake.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a corrupt feedback database at start', () => {
  it('is named in the log, kept aside, and replaced by a fresh one, so votes keep working', async () => {
    const garbage = Buffer.from('this is not an SQLite database, just bytes '.repeat(200));
    writeFileSync(path.join(dataDir, 'feedback.sqlite'), garbage);
    bot = runScript('src/main.ts', botEnv(fake, { DATA_DIR: dataDir }));
    await bot.waitForOutput(/connected to Discord/);

    const corrupt = bot.logs().find((l) => l.event === 'feedback-corrupt');
    expect(corrupt).toMatchObject({ file: path.join(dataDir, 'feedback.sqlite') });
    const aside = readdirSync(dataDir).filter((f) => f.startsWith('feedback.sqlite.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(corrupt!.keptAs).toBe(path.join(dataDir, aside[0]!));
    expect(readFileSync(path.join(dataDir, aside[0]!)).equals(garbage)).toBe(true);

    const { id } = fake.sendInteraction(fake.slashCommand({ name: 'ask', options: { question: 'why did Albania cut ties with Iran?' } }));
    const answer = await fake.waitForResponse(id);
    const labels = answer.data.components.flatMap((row: { components: Array<{ label: string }> }) => row.components.map((b) => b.label));
    expect(labels.some((l: string) => l.startsWith('👎'))).toBe(true);

    // /status tells moderators too, naming the kept file (not its path on the server).
    const status = fake.sendInteraction(fake.slashCommand({ name: 'status', permissions: DEFAULT_MEMBER_PERMISSIONS | (1n << 5n) }));
    const shown = await fake.waitForResponse(status.id);
    const feedback = shown.data.embeds[0].fields.find((f: { name: string }) => f.name === 'Feedback').value as string;
    expect(feedback).toContain('SQLite, started fresh');
    expect(feedback).toContain(aside[0]!);
    expect(feedback).not.toContain(dataDir);
  });
});
