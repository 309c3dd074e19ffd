const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
import { loadSotu } from '../bench/corpus.ts';
import { SOTU_QUESTIONS, WARMUP_QUESTIONS } from '../bench/questions.ts';
import { AnswerEngine, clipQuestion } from '../src/search/engine.ts';
const kb = loadSotu();
const engine = AnswerEngine.fromKnowledge(kb);
engine.warmUp();
for (const q of WARMUP_QUESTIONS) engine.ask(q);
let tRank = 0, tAll = 0;
const per: number[] = [];
for (let rep = 0; rep < (Number(process.env.REPS) || 3); rep++) for (const q of SOTU_QUESTIONS) {
  const a = cpu();
  engine.rank(clipQuestion(q), 6);
  const b = cpu();
  engine.ask(q);
  const c = cpu();
  tRank += b - a; tAll += c - b; per.push(c - b);
}
per.sort((x, y) => x - y);
console.log(`rank ${(tRank / per.length).toFixed(2)} ms, ask ${(tAll / per.length).toFixed(2)} ms, p50 ${per[per.length >> 1]!.toFixed(2)} p99 ${per[Math.floor(per.length * 0.99)]!.toFixed(2)}`);
