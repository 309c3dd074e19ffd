import { WordNet } from '../src/search/language/wordnet.ts';
const w = new WordNet();
let t = performance.now();
w.related('die');
console.log('first related(die) ms', (performance.now() - t).toFixed(1));
t = performance.now();
w.related('leave');
console.log('second related(leave) ms', (performance.now() - t).toFixed(1));
