/**
 * `npm run bench:discord [-- --json] [--sizes 200,200,1000] [--window MS] [--warmup N]`
 *
 * Bursts of /ask against the bot as it really runs: `src/main.ts` with a token, in a
 * child process of its own (discord.js client, router, engine on the bundled knowledge,
 * JSON logs at info level), talking to FakeDiscord on 127.0.0.1 in this process. Each
 * burst sends `size` questions from `size` distinct members, spread evenly over
 * `--window` ms (default 900, so a burst is all dispatched within 1 s), and waits for
 * every answer.
 *
 * Reported per burst: whether anything was lost (answers missing, doubled, failed or
 * answering another question), how many first responses came later than Discord's 3 s
 * (FakeDiscord refuses them as Discord would), and dispatch-to-answer times measured on
 * the fake's side: from the moment the INTERACTION_CREATE frame is sent to the moment
 * the reply (or the edit of a deferred reply) is accepted. p50/p90/p99 are nearest-rank
 * percentiles. By default two bursts of 200: the first reaches a bot that has just
 * connected (cold: nothing compiled or cached yet, as after a deploy), the second a warm
 * one; `--warmup N` sends N unreported questions first.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AnswerClock, dispatchBurst, lossReport, waitForAnswers, type BurstItem, type LossReport } from '../testkit/burst.ts';
import { FakeDiscord } from '../testkit/fake-discord/index.ts';
import { botEnv, runScript, type ChildScript } from '../testkit/process.ts';
import { parseArgs as parseCliArgs } from 'node:util';
import { percentile, round } from './stats.ts';

interface Options {
  json: boolean;
  sizes: number[];
  windowMs: number;
  warmup: number;
}

function parseArgs(argv: string[]): Options {
  const { values } = parseCliArgs({
    args: argv,
    options: { json: { type: 'boolean' }, sizes: { type: 'string' }, window: { type: 'string' }, warmup: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write('Usage: npm run bench:discord -- [--json] [--sizes 200,200,1000] [--window MS] [--warmup N]\n');
    process.exit(0);
  }
  const options: Options = {
    json: values.json ?? false,
    sizes: values.sizes ? values.sizes.split(',').map(Number) : [200, 200],
    windowMs: values.window ? Number(values.window) : 900,
    warmup: values.warmup ? Number(values.warmup) : 0,
  };
  if (options.sizes.some((s) => !Number.isInteger(s) || s < 1 || s > 20_000)) throw new Error('--sizes takes whole numbers from 1 to 20000');
  if (!(options.windowMs >= 0 && options.windowMs <= 60_000)) throw new Error('--window takes 0 to 60000 ms');
  if (!(Number.isInteger(options.warmup) && options.warmup >= 0)) throw new Error('--warmup takes a whole number');
  return options;
}

interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

interface BurstResult {
  size: number;
  /** Questions the bot had answered before this burst (0: it had just connected). */
  askedBefore: number;
  windowMs: number;
  /** From the first dispatch to the last (ms). */
  dispatchedInMs: number;
  /** From the first dispatch to the last answer (ms). */
  completedInMs: number;
  answersPerSecond: number;
  loss: Omit<LossReport, 'missing' | 'doubled' | 'failed' | 'mismatched'> & { missing: number; doubled: number; failed: number; mismatched: number };
  /** Interactions whose first response FakeDiscord refused for coming later than 3 s after dispatch. */
  late: number;
  /** Dispatch to first acknowledgement (reply or defer): what Discord's 3 s rule measures. */
  firstResponseMs: Percentiles;
  /** Dispatch to the answer the member sees. */
  answerMs: Percentiles;
}

function percentiles(values: number[]): Percentiles {
  return {
    p50: round(percentile(values, 0.5), 1),
    p90: round(percentile(values, 0.9), 1),
    p99: round(percentile(values, 0.99), 1),
    max: round(values.length ? Math.max(...values) : Number.NaN, 1),
  };
}

async function burst(fake: FakeDiscord, size: number, windowMs: number, label: string, askedBefore: number): Promise<BurstResult> {
  const clock = new AnswerClock(fake);
  const lateBefore = lateCount(fake);
  let items: BurstItem[];
  try {
    items = await dispatchBurst(fake, { count: size, windowMs, label });
    clock.track(items);
    // Bounded: a lost answer shows up in the report rather than hanging the benchmark.
    await waitForAnswers(fake, items, 30_000 + size * 50).catch(() => undefined);
    // Let a doubled answer, if any, arrive before judging.
    await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    clock.stop();
  }
  const report = lossReport(fake, items);
  const firsts: number[] = [];
  const answers: number[] = [];
  let lastAnswer = items[0]?.dispatchedAt ?? 0;
  for (const item of items) {
    const timing = clock.timings.get(item.id);
    if (timing?.firstResponseAt !== undefined) firsts.push(timing.firstResponseAt - item.dispatchedAt);
    if (timing?.answeredAt !== undefined) {
      answers.push(timing.answeredAt - item.dispatchedAt);
      lastAnswer = Math.max(lastAnswer, timing.answeredAt);
    }
  }
  const start = items[0]?.dispatchedAt ?? 0;
  const completedInMs = lastAnswer - start;
  return {
    size,
    askedBefore,
    windowMs,
    dispatchedInMs: round((items.at(-1)?.dispatchedAt ?? start) - start, 1),
    completedInMs: round(completedInMs, 1),
    answersPerSecond: round(completedInMs > 0 ? (answers.length * 1000) / completedInMs : Number.NaN, 1),
    loss: {
      dispatched: report.dispatched,
      answered: report.answered,
      missing: report.missing.length,
      doubled: report.doubled.length,
      failed: report.failed.length,
      mismatched: report.mismatched.length,
    },
    late: lateCount(fake) - lateBefore,
    firstResponseMs: percentiles(firsts),
    answerMs: percentiles(answers),
  };
}

/** Interactions whose callback FakeDiscord refused as Unknown interaction (its 3 s deadline). */
function lateCount(fake: FakeDiscord): number {
  const late = fake.requests.filter((r) => r.route.endsWith('/callback') && r.status === 404 && r.response?.code === 10062);
  return new Set(late.map((r) => r.route.split('/')[2])).size;
}

function report(results: BurstResult[]): string {
  const lines = [
    'Discord bursts: /ask from distinct members against `npm start` (child process) and FakeDiscord on 127.0.0.1',
    '',
    '| burst | bot had answered | dispatched in | answered | lost | doubled | late (> 3 s) | answer p50 | p90 | p99 | max | first response p99 | answers/s |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    const lost = r.loss.missing + r.loss.failed + r.loss.mismatched;
    lines.push(
      `| ${r.size} | ${r.askedBefore} | ${r.dispatchedInMs} ms | ${r.loss.answered}/${r.loss.dispatched} | ${lost} | ${r.loss.doubled} | ${r.late} | ${r.answerMs.p50} ms | ${r.answerMs.p90} ms | ${r.answerMs.p99} ms | ${r.answerMs.max} ms | ${r.firstResponseMs.p99} ms | ${r.answersPerSecond} |`,
    );
  }
  lines.push('', 'Times run from sending the INTERACTION_CREATE frame to the reply accepted by the fake; "lost" counts missing, failed and mismatched answers.');
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const fake = new FakeDiscord({ interactionDeadlineMs: 3000 });
  await fake.start();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'factdesk-bench-'));
  let bot: ChildScript | undefined;
  try {
    bot = runScript('src/main.ts', botEnv(fake, { LOG_LEVEL: 'info', DATA_DIR: dataDir }));
    await fake.waitForReady({ timeoutMs: 60_000 });
    await bot.waitForOutput(/connected to Discord/);
    let asked = 0;
    if (options.warmup > 0) asked += (await burst(fake, options.warmup, 0, 'warmup', 0)).size;
    const results: BurstResult[] = [];
    for (const [i, size] of options.sizes.entries()) {
      if (!options.json) process.stderr.write(`burst of ${size}…\n`);
      results.push(await burst(fake, size, options.windowMs, `burst${i}`, asked));
      asked += size;
    }
    if (options.json) process.stdout.write(`${JSON.stringify({ bot: 'npm start (child process)', node: process.version, cpus: os.cpus().length, results })}\n`);
    else process.stdout.write(report(results));
    bot.child.kill('SIGTERM');
    const exit = await Promise.race([bot.exited, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref())]);
    if (exit === 'timeout' || exit.code !== 0) process.stderr.write(`the bot did not stop cleanly: ${JSON.stringify(exit)}\n`);
  } finally {
    await bot?.kill();
    await fake.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
