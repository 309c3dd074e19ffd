import { loadEngine } from '../src/bootstrap.ts';
const [dir, word, ...q] = process.argv.slice(2);
const { engine } = await loadEngine(dir!);
console.log(engine.analyse(q.join(' ')).terms.find((t) => t.text === word)?.forms.map((f) => `${f.label}~${f.weight.toFixed(2)}`).join(', '));
