import { readFileSync } from 'node:fs';
import { loadEngine } from '../src/bootstrap.ts';
import { foldForMatch, parseEvalFile } from '../src/cli/evaluation.ts';
import { clipQuestion } from '../src/search/engine.ts';
import { confidenceInputs, CONFIDENCE_INPUTS } from '../src/search/rerank.ts';
const [dir, file, mode] = process.argv.slice(2);
const { engine } = await loadEngine(dir!);
for (const q of parseEvalFile(readFileSync(file!, 'utf8'))) {
  if (mode === 'off' ? q.expect.length : !q.expect.length) continue;
  const { list, analysis } = engine.rerank(clipQuestion(q.question), 5, q.source ? { source: q.source } : {});
  if (!list.length) { if (mode === 'off') console.log('EMPTY', q.question); continue; }
  const top = list[0]!;
  const right = q.expect.map(foldForMatch).some((e) => foldForMatch(engine.index.sentences[top.first.index]!.text).includes(e));
  if (mode !== 'off' && top.confidence >= 0.29) continue;
  const x = confidenceInputs(list, 0, !!q.source).map((v, k) => `${CONFIDENCE_INPUTS[k]}=${v.toFixed(2)}`).join(' ');
  console.log(`${top.confidence.toFixed(2)} ${right ? 'R' : '-'} ${x} | ${q.question.slice(0, 60)} | terms ${analysis.terms.length}`);
}
