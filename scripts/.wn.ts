import { WordNet } from '../src/search/language/wordnet.ts';
const w = new WordNet();
for (const word of process.argv.slice(2)) console.log(word, '→', w.related(word).slice(0, 30).map((r) => `${r.word}:${r.relation}${r.sense}/${r.ownSense}`).join(', '));
