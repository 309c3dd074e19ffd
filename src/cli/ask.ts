import { loadKnowledge, loadOptionsFrom } from '../load/load.ts';
import { questionOf } from '../question.ts';
import { answerToJson } from '../render/json.ts';
import { renderAnswerText } from '../render/text.ts';
import { cliLogger, readConfig, runMain, UsageError } from '../run.ts';

const USAGE = 'Usage: npm run ask -- [--json] [--source <article id>] "your question"';

runMain(async () => {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const sourceAt = args.indexOf('--source');
  const source = sourceAt >= 0 ? args[sourceAt + 1] : undefined;
  if (sourceAt >= 0 && (!source || source.startsWith('--'))) throw new UsageError(`--source needs an article id. ${USAGE}`);
  const words = args.filter((a, i) => a !== '--json' && !(sourceAt >= 0 && (i === sourceAt || i === sourceAt + 1)));
  if (words.some((w) => w === '--help' || w === '-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const question = questionOf(words.join(' '));
  if (!question.text) throw new UsageError(`Please ask a question. ${USAGE}`);
  const config = readConfig();
  const { engine } = await loadKnowledge(config.KNOWLEDGE_DIR, loadOptionsFrom(config, cliLogger(config)));
  if (source !== undefined && !engine.sources().some((s) => s.id === source)) {
    const known = engine.sources().map((s) => s.id);
    throw new UsageError(`There is no article "${source}" in ${config.KNOWLEDGE_DIR} (articles: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''}).`);
  }
  const answer = engine.ask(question.text, source === undefined ? {} : { source });
  process.stdout.write(json ? `${JSON.stringify(answerToJson(answer))}\n` : `${renderAnswerText(answer)}\n`);
});
