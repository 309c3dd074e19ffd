import { readFileSync } from 'node:fs';
import { loadEngine } from '../src/bootstrap.ts';
import { foldForMatch, parseEvalFile } from '../src/cli/evaluation.ts';
import { clipQuestion } from '../src/search/engine.ts';
import { FEATURE_NAMES } from '../src/search/rerank.ts';
const [dir, file, only] = process.argv.slice(2);
const { engine } = await loadEngine(dir!);
const qs = parseEvalFile(readFileSync(file!, 'utf8'));
let inPool = 0, answerable = 0;
for (const q of qs) {
  if (!q.expect.length) continue;
  answerable++;
  const { list, analysis } = engine.rerank(clipQuestion(q.question), 5, q.source ? { source: q.source } : {});
  const ex = q.expect.map(foldForMatch);
  const right = (k: number) => ex.some((e) => foldForMatch(engine.index.sentences[list[k]!.first.index]!.text).includes(e));
  const r = list.findIndex((_, k) => right(k));
  if (r >= 0) inPool++;
  if (only && !q.id.startsWith(only)) continue;
  if (r !== 0) {
    console.log(`${q.id} ${q.question}  -> right at ${r} of ${list.length}; terms: ${analysis.terms.map((t) => `${t.text}:${t.importance.toFixed(2)}`).join(' ')} type=${analysis.answerType}`);
    const show = (k: number) => {
      const s = list[k]!;
      const f = [...s.features].map((v, j) => `${FEATURE_NAMES[j]}=${v.toFixed(2)}`).filter((x) => !x.endsWith('=0.00')).join(' ');
      console.log(`   [${k}] z=${s.z.toFixed(2)} p=${s.confidence.toFixed(2)} ${engine.index.sentences[s.first.index]!.text.slice(0, 90)}\n        ${f}`);
    };
    show(0);
    if (r > 0) show(r);
  }
}
console.log(`right in pool: ${inPool}/${answerable}`);
