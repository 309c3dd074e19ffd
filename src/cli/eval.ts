import { readFile } from 'node:fs/promises';
import { loadKnowledge, loadOptionsFrom } from '../load/load.ts';
import { questionOf } from '../question.ts';
import { MiniSearchBaseline } from '../search/baselines/minisearch.ts';
import { formatMetrics, judge, metrics, parseEvalFile, type EvalQuestion, type EvalResult } from './evaluation.ts';
import { cliLogger, readConfig, runMain, UsageError } from '../run.ts';

const USAGE = 'Usage: npm run eval -- FILE [--json] [--baseline minisearch]';

runMain(async () => {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const baselineAt = args.indexOf('--baseline');
  const baseline = baselineAt >= 0 ? args[baselineAt + 1] : undefined;
  if (baselineAt >= 0 && baseline !== 'minisearch') throw new UsageError(`Unknown baseline "${baseline ?? ''}" (known: minisearch). ${USAGE}`);
  const files = args.filter((a, i) => !a.startsWith('--') && !(baselineAt >= 0 && i === baselineAt + 1));
  if (files.length !== 1) throw new UsageError(USAGE);
  const file = files[0]!;
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let questions;
  try {
    questions = parseEvalFile(source, file);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const config = readConfig();
  const { kb, engine } = await loadKnowledge(config.KNOWLEDGE_DIR, loadOptionsFrom(config, cliLogger(config)));
  const unknown = questions.find((q) => q.source !== undefined && !engine.sources().some((s) => s.id === q.source));
  if (unknown) throw new UsageError(`${file}: question "${unknown.id}" is about article "${unknown.source}", which is not in ${config.KNOWLEDGE_DIR}`);
  const engines: Array<[string, (q: EvalQuestion) => EvalResult]> = [
    [
      'factdesk',
      (q) => {
        const { text } = questionOf(q.question);
        return judge(
          q,
          engine.ask(text, q.source === undefined ? {} : { source: q.source }),
          q.source === undefined ? undefined : engine.rankArticle(text, q.source).map((s) => s.text),
        );
      },
    ],
  ];
  if (baseline) {
    const mini = new MiniSearchBaseline(kb);
    engines.push([
      'minisearch (BM25, fuzzy 0.2, prefix)',
      (q) => {
        const { text } = questionOf(q.question);
        return judge(q, mini.ask(text, 5, q.source), q.source === undefined ? undefined : mini.rankArticle(text, q.source));
      },
    ]);
  }
  const runs = engines.map(([name, run]) => {
    const results = questions.map(run);
    return { name, results, metrics: metrics(results) };
  });
  if (json) {
    const [main, ...others] = runs;
    const out: Record<string, unknown> = {
      metrics: main!.metrics,
      results: main!.results.map(({ id, question, abstained, answers }) => ({ id, question, abstained, answers })),
    };
    if (others.length) out.baselines = Object.fromEntries(others.map((r) => [r.name, r.metrics]));
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  process.stdout.write(`${runs.map((r) => formatMetrics(r.name, r.metrics)).join('\n\n')}\n`);
});
