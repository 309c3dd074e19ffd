import { loadEngine } from '../src/bootstrap.ts';
let t = performance.now();
const { engine } = await loadEngine('knowledge', { cacheDir: '/tmp/lc', warmUp: false });
console.log('load', (performance.now() - t).toFixed(0));
t = performance.now();
console.log(engine.warmUp(), 'warm', (performance.now() - t).toFixed(0));
for (const q of ['why did albania cut ties', 'what happened', 'who is rama', 'when did the diplomats leave']) {
  t = performance.now(); engine.ask(q); console.log(q, (performance.now() - t).toFixed(1));
}
