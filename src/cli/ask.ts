import { loadEngine, loadOptionsFrom } from '../bootstrap.ts';
import { answerToJson } from '../render/json.ts';
import { renderAnswerText } from '../render/text.ts';
import { cliLogger, readConfig, runMain, UsageError } from './run.ts';

const USAGE = 'Usage: npm run ask -- [--json] "your question"';

runMain(async () => {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const words = args.filter((a) => a !== '--json');
  if (words.some((w) => w === '--help' || w === '-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const question = words.join(' ');
  if (!question.trim()) throw new UsageError(`Please ask a question. ${USAGE}`);
  const config = readConfig();
  const { engine } = await loadEngine(config.KNOWLEDGE_DIR, loadOptionsFrom(config, cliLogger(config)));
  const answer = engine.ask(question);
  process.stdout.write(json ? `${JSON.stringify(answerToJson(answer))}\n` : `${renderAnswerText(answer)}\n`);
});
