import { loadEngine, loadOptionsFrom } from './bootstrap.ts';
import { runConsole } from './cli/console.ts';
import { cliLogger, readConfig, runMain } from './cli/run.ts';
import { buildTimeline } from './moderation/timeline.ts';
import { renderTimelineText } from './render/text.ts';

/**
 * `npm start`: the Discord bot when DISCORD_TOKEN is set, otherwise the console mode on
 * the bundled knowledge.
 */
runMain(async () => {
  const config = readConfig();
  if (config.DISCORD_TOKEN) {
    const { startBot } = await import('./discord/start.ts');
    await startBot(config);
    return;
  }
  const logger = cliLogger(config);
  const { kb, engine } = await loadEngine(config.KNOWLEDGE_DIR, { ...loadOptionsFrom(config, logger), warmUp: true });
  const count = engine.sources().length;
  process.stdout.write(
    `factdesk is running locally on ${count} article${count === 1 ? '' : 's'} in ${config.KNOWLEDGE_DIR}/ (no DISCORD_TOKEN set; put it in .env to connect to Discord).\n`,
  );
  const sources = new Map(kb.documents.map((d) => [d.meta.id, d.meta]));
  const timeline = () => renderTimelineText(buildTimeline(kb), sources);
  await runConsole(
    engine,
    { input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true },
    { commands: { timeline }, onError: (error) => logger.error({ err: error }, 'could not answer a console question') },
  );
});
