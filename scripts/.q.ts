import { loadEngine } from '../src/bootstrap.ts';
import { confidenceInputs, CONFIDENCE_INPUTS } from '../src/search/rerank.ts';
const [dir, source, ...q] = process.argv.slice(2);
const { engine } = await loadEngine(dir!);
const { list, analysis } = engine.rerank(q.join(' '), 5, source === '-' ? {} : { source: source! });
console.log(analysis.terms.map((t) => `${t.text}:${t.importance.toFixed(2)}[${t.forms.slice(0, 6).map((f) => f.label + '~' + f.weight.toFixed(2)).join(',')}]`).join(' '), analysis.answerType);
for (const [k, s] of list.slice(0, 4).entries()) console.log(s.confidence.toFixed(2), s.z.toFixed(2), confidenceInputs(list, k, source !== '-').map((v, j) => `${CONFIDENCE_INPUTS[j]}=${v.toFixed(2)}`).join(' '), engine.index.sentences[s.first.index]!.text.slice(0, 80));
