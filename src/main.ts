import { loadKnowledge, loadOptionsFrom } from './load/load.ts';
import { runConsole } from './cli/console.ts';
import { cliLogger, readConfig, runMain } from './run.ts';
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
  const knowledge = await loadKnowledge(config.KNOWLEDGE_DIR, { ...loadOptionsFrom(config, logger), warmUp: true });
  const { engine } = knowledge;
  const count = engine.sources().length;
  process.stdout.write(
    `factdesk is running locally on ${count} article${count === 1 ? '' : 's'} in ${config.KNOWLEDGE_DIR}/ (no DISCORD_TOKEN set; put it in .env to connect to Discord).\n`,
  );
  const timeline = () => renderTimelineText(knowledge.timeline, knowledge.sources);
  await runConsole(
    engine,
    { input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true },
    { commands: { timeline }, onError: (error) => logger.error({ err: error }, 'could not answer a console question') },
  );
});
