/**
 * Fits the second-stage ranking model (`src/search/rerank.ts`) and its confidence
 * calibration on the development questions, reports cross-validated figures, and writes
 * `src/search/ranker-model.ts`.
 *
 *   npm run train            # fit, report, write the model
 *   npm run train -- --check # fit and report only
 *
 * Data: the seed article's development questions and the SelQA development set (crowd
 * questions over Wikipedia sections), asked of the whole folder and of the question's own
 * article; each SelQA question is also asked of another section of the same Wikipedia
 * article (or another article when it has none), where the right answer is to abstain.
 *
 * Method: a model over the rerank features (linear, plus a few tanh units), fitted with
 * a listwise (softmax) loss, so it learns to put a right sentence first; then a logistic
 * calibration of "this shown answer is right" from the model's score, its margin to the
 * others and its coverage, fitted on held-out scores; then the thresholds for abstaining
 * and for the confidence words, chosen on the calibrated estimates. Every figure printed
 * comes from 5-fold cross-validation (folds by article, so no article is in training and
 * test at once); the model written is then fitted on all the data, and its calibration on
 * every fold's held-out scores.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { loadKnowledge } from '../src/load/load.ts';
import { foldForMatch, parseEvalFile, type EvalQuestion } from '../src/cli/evaluation.ts';
import { assembleKnowledgeBase, loadKnowledgeBase } from '../src/knowledge/load.ts';
import { AnswerEngine } from '../src/search/engine.ts';
import { CONFIDENCE_INPUTS, confidenceInputs, FEATURE_COUNT, FEATURE_NAMES, modelScore, sigmoid, type RankingModel, type RerankedSentence } from '../src/search/rerank.ts';

const FOLDS = 5;
const MISSING_ARTICLE = 'selqa article missing';
/** The set whose precision a set's answers count towards (questions about missing articles belong with the folder's). */
const familyOf = (set: string) => (set === MISSING_ARTICLE ? 'selqa whole folder' : set);
const L2 = 0.01;
/** Shown answers per question that the calibration learns from (what members see). */
const SHOWN = 5;
/**
 * Targets for the confidence words: the mean precision over the sets of the answers
 * labelled so, and the least any one set may have when it has enough such answers.
 */
const STRONG_PRECISION = 0.92;
const STRONG_FLOOR = 0.9;
const GOOD_PRECISION = 0.75;
const GOOD_FLOOR = 0.7;
const MIN_BAND_ANSWERS = 20;
/** Answers after the first are shown from this share of the abstention threshold up. */
const FOLLOWER_SHARE = 0.1;
/**
 * What a mistake costs when choosing where to abstain: telling a member the sources don't
 * cover what they do, answering a question they don't cover (the answer is labelled
 * "partial match" and cited, so the member can see it is off), and answering an
 * answerable question wrongly (a right answer may still be second or third).
 */
const COST = { needlessAbstention: 1, offTopicAnswer: 0.6, wrongAnswer: 0.4 };
const COST_TOLERANCE = 0.03;
/**
 * Sets that weigh less than one in the choice of thresholds. The questions about missing
 * articles are all hard cases (a question about a film asked of a folder that lacks it
 * but has other films): members' off-topic questions mostly share no words with the
 * sources and find no candidate at all, so these stand for a small part of them.
 */
const SET_WEIGHT: Record<string, number> = { [MISSING_ARTICLE]: 0.25 };

interface Example {
  set: string;
  /** Questions about one article share a fold. */
  group: string;
  features: Float64Array[];
  right: boolean[];
  /** False for questions whose right answer is to abstain. */
  answerable: boolean;
  perArticle: boolean;
}

async function examplesOf(
  set: string,
  dir: string,
  file: string,
  { negatives = false, rewrite }: { negatives?: boolean; rewrite?: (question: string) => string } = {},
): Promise<Example[]> {
  const { engine } = await loadKnowledge(dir);
  const questions = parseEvalFile(readFileSync(file, 'utf8'), file).map((q) => (rewrite ? { ...q, question: rewrite(q.question) } : q));
  const out: Example[] = [];
  const titles = new Map(engine.sources().map((s) => [s.id, s.title]));
  for (const q of questions) {
    out.push(example(set, engine, q, q.source));
    if (negatives && q.source) {
      const other = siblingOf(q.source, titles);
      if (other) out.push(example(set, engine, { ...q, expect: [] }, other, q.source));
    }
  }
  return out;
}

/**
 * Questions about articles that are not there: each fold's questions asked of the
 * folder without that fold's articles (the right answer is to abstain, bar the rare
 * question another article happens to answer).
 */
async function missingArticleExamples(set: string, dir: string, file: string): Promise<Example[]> {
  const kb = await loadKnowledgeBase(dir);
  const questions = parseEvalFile(readFileSync(file, 'utf8'), file);
  const out: Example[] = [];
  for (let k = 0; k < FOLDS; k++) {
    const documents = kb.documents.filter((d) => foldOf(d.meta.id) !== k);
    const engine = AnswerEngine.fromKnowledge(assembleKnowledgeBase(documents));
    for (const q of questions) if (q.source && foldOf(q.source) === k) out.push(example(set, engine, { ...q, source: undefined, expect: [] }, undefined, q.source));
  }
  return out;
}

function example(set: string, engine: AnswerEngine, q: EvalQuestion, source: string | undefined, group = source ?? q.source): Example {
  const { list } = engine.rerank(q.question, SHOWN, source === undefined ? {} : { source });
  const expect = q.expect.map(foldForMatch);
  const text = (s: RerankedSentence) => foldForMatch(engine.index.sentences[s.first.index]!.text);
  return {
    set,
    group: group ?? q.id,
    features: list.map((s) => s.features),
    right: list.map((s) => expect.some((e) => text(s).includes(e))),
    answerable: expect.length > 0,
    perArticle: source !== undefined,
  };
}

/** Another section of the same Wikipedia article ("Title — Section"), or the next article. */
function siblingOf(id: string, titles: Map<string, string>): string | undefined {
  const base = (t: string) => t.split(' — ')[0];
  const mine = base(titles.get(id) ?? '');
  const ids = [...titles.keys()];
  return ids.find((o) => o !== id && base(titles.get(o)!) === mine) ?? ids[(ids.indexOf(id) + 1) % ids.length];
}

/**
 * A question as typed into a search box: lower case, no punctuation, no question word or
 * other function words ("What did the Shawshank Redemption get on Metacritic?" →
 * "shawshank redemption get metacritic").
 */
const SEARCH_BOX_DROPS = new Set('what which who whom whose when where why how is are was were do does did the a an of in on to for'.split(' '));
const asSearchQuery = (question: string) =>
  question
    .toLowerCase()
    .replace(/[?.!,"]/g, '')
    .split(/\s+/)
    .filter((w) => w && !SEARCH_BOX_DROPS.has(w))
    .join(' ');

const foldOf = (group: string) => createHash('sha256').update(group).digest()[0]! % FOLDS;

/** Hidden units beside the linear part (`--hidden N` to try another number; 0 is linear only). */
const HIDDEN = Number(argValue('--hidden') ?? 6);
const STEPS = Number(argValue('--steps') ?? 600);
const L2_OUTPUT = Number(argValue('--l2-output') ?? 0.001);

function argValue(name: string): string | undefined {
  const k = process.argv.indexOf(name);
  return k >= 0 ? process.argv[k + 1] : undefined;
}

/**
 * Listwise softmax loss with L2, minimised by gradient descent with Adam. The model is
 * linear in the features plus a few tanh units (`modelScore`): the units let the weight
 * of one feature depend on others (a lead sentence is the answer to "what happened", not
 * to a question about a detail the lead lacks), which a linear model cannot express.
 */
function fitRanker(data: Example[]): RankingModel {
  const lists = data.filter((e) => e.right.some(Boolean) && e.features.length > 1);
  // Each set weighs the same, however many questions it has (see fitCalibration).
  const perSet = new Map<string, number>();
  for (const e of lists) perSet.set(e.set, (perSet.get(e.set) ?? 0) + 1);
  const weightOf = (e: Example) => 1 / (perSet.get(e.set)! * perSet.size);
  const dims = lists[0]?.features[0]?.length ?? FEATURE_COUNT;
  const H = HIDDEN;
  // Parameters, flat: linear weights, then per unit its input weights and bias, then the output weights.
  const unitAt = (h: number) => dims + h * (dims + 1);
  const outAt = dims + H * (dims + 1);
  const size = outAt + H;
  const p = new Float64Array(size);
  // Small deterministic starting weights for the units (a fixed linear congruential sequence).
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
  for (let h = 0; h < H; h++) for (let j = 0; j <= dims; j++) p[unitAt(h) + j] = next();
  // Every weight but the units' biases; the units' output weights more lightly.
  const l2 = (i: number) => (i >= outAt ? L2_OUTPUT : i < dims || (i - dims) % (dims + 1) !== dims ? L2 : 0);
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  const rate = 0.05;
  for (let step = 1; step <= STEPS; step++) {
    const grad = new Float64Array(size);
    for (const e of lists) {
      const acts = e.features.map((f) => {
        const a = new Float64Array(H);
        for (let h = 0; h < H; h++) {
          let x = p[unitAt(h) + dims]!;
          for (let j = 0; j < dims; j++) x += p[unitAt(h) + j]! * f[j]!;
          a[h] = Math.tanh(x);
        }
        return a;
      });
      const z = e.features.map((f, k) => {
        let x = 0;
        for (let j = 0; j < dims; j++) x += p[j]! * f[j]!;
        for (let h = 0; h < H; h++) x += p[outAt + h]! * acts[k]![h]!;
        return x;
      });
      const top = Math.max(...z);
      const exp = z.map((x) => Math.exp(x - top));
      const all = exp.reduce((a, b) => a + b, 0);
      const rel = exp.reduce((a, x, k) => a + (e.right[k] ? x : 0), 0);
      const we = weightOf(e);
      e.features.forEach((f, k) => {
        const g = (exp[k]! / all - (e.right[k] ? exp[k]! / rel : 0)) * we;
        if (g === 0) return;
        for (let j = 0; j < dims; j++) grad[j]! += g * f[j]!;
        const act = acts[k]!;
        for (let h = 0; h < H; h++) {
          const t = act[h]!;
          grad[outAt + h]! += g * t;
          const back = g * p[outAt + h]! * (1 - t * t);
          if (back === 0) continue;
          for (let j = 0; j < dims; j++) grad[unitAt(h) + j]! += back * f[j]!;
          grad[unitAt(h) + dims]! += back;
        }
      });
    }
    for (let j = 0; j < size; j++) {
      const g = grad[j]! + l2(j) * p[j]!;
      m[j] = 0.9 * m[j]! + 0.1 * g;
      v[j] = 0.999 * v[j]! + 0.001 * g * g;
      p[j]! -= (rate * (m[j]! / (1 - 0.9 ** step))) / (Math.sqrt(v[j]! / (1 - 0.999 ** step)) + 1e-8);
    }
  }
  // The softmax is blind to a constant: the calibration sets the level.
  const model: RankingModel = { weights: [...p.subarray(0, dims)].map(round4), bias: 0 };
  if (H > 0) {
    model.hidden = {
      weights: Array.from({ length: H }, (_, h) => [...p.subarray(unitAt(h), unitAt(h) + dims)].map(round4)),
      bias: Array.from({ length: H }, (_, h) => round4(p[unitAt(h) + dims]!)),
      output: [...p.subarray(outAt, outAt + H)].map(round4),
    };
  }
  return model;
}

interface Scored {
  set: string;
  answerable: boolean;
  perArticle: boolean;
  /** Shown candidates, best first: calibration inputs and whether right. */
  shown: Array<{ x: number[]; right: boolean }>;
}

/** Scores and orders each example's candidates with a model, as the engine does. */
function scoreWith(model: RankingModel, data: Example[]): Scored[] {
  return data.map((e) => {
    const order = e.features.map((f, k) => ({ z: modelScore(model, f), features: f, right: e.right[k]! })).sort((a, b) => b.z - a.z);
    return {
      set: e.set,
      answerable: e.answerable,
      perArticle: e.perArticle,
      shown: order.slice(0, SHOWN).map((c, k) => ({ x: confidenceInputs(order, k, e.perArticle), right: c.right })),
    };
  });
}

type Calibration = { bias: number; weights: number[] };

/** Logistic regression of "right" on the calibration inputs (Newton's method, light L2). */
function fitCalibration(scored: Scored[]): Calibration {
  // Each set weighs the same, however many questions it has: the small sets of members'
  // questions about news matter as much as the large encyclopedic one.
  const perSet = new Map<string, number>();
  for (const s of scored) perSet.set(s.set, (perSet.get(s.set) ?? 0) + s.shown.length);
  const rows = scored.flatMap((s) => s.shown.map((c) => ({ x: [1, ...c.x], y: c.right ? 1 : 0, w: 1000 / perSet.get(s.set)! })));
  const n = CONFIDENCE_INPUTS.length + 1;
  let b = new Array<number>(n).fill(0);
  for (let it = 0; it < 30; it++) {
    const g = new Array<number>(n).fill(0);
    const h = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (const r of rows) {
      const p = sigmoid(dot(b, r.x));
      for (let i = 0; i < n; i++) {
        g[i]! += r.w * (p - r.y) * r.x[i]! + (i ? 1e-2 * b[i]! : 0);
        for (let j = 0; j < n; j++) h[i]![j]! += r.w * p * (1 - p) * r.x[i]! * r.x[j]! + (i === j && i ? 1e-2 : 0);
      }
    }
    const step = solve(h, g);
    b = b.map((v, i) => v - step[i]!);
  }
  return { bias: round4(b[0]!), weights: b.slice(1).map(round4) };
}

function solve(a: number[][], y: number[]): number[] {
  const n = y.length;
  const m = a.map((row, i) => [...row, y[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c || m[c]![c] === 0) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / (row[i]! || 1));
}

const confidence = (c: Calibration, x: number[]) => sigmoid(c.bias + dot(c.weights, x));

interface Thresholds {
  /** Per way of asking: of the whole folder, or of one article (where "not in this article" is common). */
  abstain: { folder: number; article: number };
  follower: number;
  good: number;
  strong: number;
}

type HeldOut = { set: string; answerable: boolean; perArticle: boolean; p: number[]; right: boolean[] };
const abstainFor = (t: Thresholds, r: HeldOut) => (r.perArticle ? t.abstain.article : t.abstain.folder);

/**
 * Thresholds from calibrated estimates: abstain, for each way of asking, where answering
 * costs more than abstaining (COST, each set weighing the same); show later answers above
 * a tenth of that; the lowest "strong" and "good"
 * levels whose answers reach their precision targets.
 */
function chooseThresholds(rows: HeldOut[]): Thresholds {
  const grid = Array.from({ length: 99 }, (_, k) => (k + 1) / 100);
  const perSet = new Map<string, number>();
  for (const r of rows) perSet.set(r.set, (perSet.get(r.set) ?? 0) + 1);
  // Each set weighs the same (see fitCalibration).
  const cost = (t: number, perArticle: boolean) => {
    let c = 0;
    for (const r of rows) {
      if (r.perArticle !== perArticle) continue;
      const answers = r.p[0]! >= t;
      const w = (SET_WEIGHT[r.set] ?? 1) / perSet.get(r.set)!;
      if (r.answerable && !answers) c += w * COST.needlessAbstention;
      if (answers && !r.right[0]) c += w * (r.answerable ? COST.wrongAnswer : COST.offTopicAnswer);
    }
    return c;
  };
  // Where the cost is flat, the highest threshold within COST_TOLERANCE of the least cost:
  // between two near-equal choices, saying "the sources don't cover that" is the safer.
  const best = (perArticle: boolean) => {
    const least = Math.min(...grid.map((t) => cost(t, perArticle)));
    return grid.filter((t) => cost(t, perArticle) <= least * (1 + COST_TOLERANCE)).at(-1)!;
  };
  const abstain = { folder: best(false), article: best(true) };
  // Later answers are shown (labelled "partial match" when unsure) unless nearly hopeless:
  // a right answer in second or third place is still a help.
  const follower = round4(Math.min(abstain.folder, abstain.article) * FOLLOWER_SHARE);
  const families = [...new Set(rows.map((r) => familyOf(r.set)))];
  // Each set's answers count with its SET_WEIGHT, as in the choice of the abstention thresholds.
  const band = (lo: number, hi: number, family: string) => {
    let n = 0;
    let weighed = 0;
    let right = 0;
    for (const r of rows) {
      if (familyOf(r.set) !== family || r.p[0]! < (r.perArticle ? abstain.article : abstain.folder)) continue;
      const w = SET_WEIGHT[r.set] ?? 1;
      r.p.forEach((p, k) => {
        if ((k === 0 || p >= follower) && p >= lo && p < hi) {
          n++;
          weighed += w;
          if (r.right[k]) right += w;
        }
      });
    }
    return { n, precision: weighed ? right / weighed : 1 };
  };
  // The mean precision of the sets with enough answers in the band to tell must reach the
  // target, and so must each of them (a few answers of a small set are too few to judge:
  // two wrong of four would otherwise decide the threshold for everyone).
  const meets = (lo: number, hi: number, target: number, floor: number) => {
    const bands = families.map((f) => band(lo, hi, f)).filter((b) => b.n >= MIN_BAND_ANSWERS);
    if (!bands.length) return true;
    const mean = bands.reduce((a, b) => a + b.precision, 0) / bands.length;
    return mean >= target && bands.every((b) => b.precision >= floor);
  };
  const strong = grid.find((t) => meets(t, 2, STRONG_PRECISION, STRONG_FLOOR)) ?? 0.99;
  const good = grid.find((t) => t <= strong && meets(t, strong, GOOD_PRECISION, GOOD_FLOOR)) ?? strong;
  return { abstain, follower, good, strong };
}

function report(label: string, rows: HeldOut[], t: Thresholds): string {
  const lines = [`${label}:`];
  for (const set of [...new Set(rows.map((r) => r.set))]) {
    const mine = rows.filter((r) => r.set === set);
    const answerable = mine.filter((r) => r.answerable);
    const p1 = answerable.filter((r) => r.right[0]).length / (answerable.length || 1);
    const answered = mine.filter((r) => r.p[0]! >= abstainFor(t, r));
    const falseAbstains = answerable.filter((r) => r.p[0]! < abstainFor(t, r)).length;
    const words = { strong: [0, 0], good: [0, 0], partial: [0, 0] };
    for (const r of answered) {
      r.p.forEach((p, k) => {
        if (k > 0 && p < t.follower) return;
        const w = p >= t.strong ? words.strong : p >= t.good ? words.good : words.partial;
        w[0]!++;
        if (r.right[k]) w[1]!++;
      });
    }
    const pct = (a: number, b: number) => (b ? `${((a / b) * 100).toFixed(1)} %` : '—');
    lines.push(
      `  ${set.padEnd(22)} questions ${String(mine.length).padStart(4)}  P@1 ${pct(p1 * 1000, 1000).padStart(7)}  ` +
        `abstained ${mine.length - answered.length} (${falseAbstains} answerable)  ` +
        `strong ${words.strong[1]}/${words.strong[0]} (${pct(words.strong[1]!, words.strong[0]!)})  good ${words.good[1]}/${words.good[0]} (${pct(words.good[1]!, words.good[0]!)})`,
    );
  }
  return lines.join('\n');
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
}
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

const started = performance.now();
const data = [
  ...(await examplesOf('seed dev', 'knowledge', 'tests/fixtures/questions.dev.jsonl')),
  ...(await examplesOf('seed holdout', 'knowledge', 'tests/fixtures/questions.holdout.jsonl')),
  ...(await examplesOf('seed members', 'knowledge', 'tests/fixtures/questions.extra.jsonl')),
  ...(await examplesOf('four news articles', 'tests/fixtures/articles', 'tests/fixtures/questions.articles.jsonl')),
  ...(await missingArticleExamples(MISSING_ARTICLE, 'tests/fixtures/selqa-dev/knowledge', 'tests/fixtures/selqa-dev/questions.per-article.jsonl')),
  ...(await examplesOf('selqa whole folder', 'tests/fixtures/selqa-dev/knowledge', 'tests/fixtures/selqa-dev/questions.jsonl')),
  ...(await examplesOf('selqa per article', 'tests/fixtures/selqa-dev/knowledge', 'tests/fixtures/selqa-dev/questions.per-article.jsonl', { negatives: true })),
  ...(await examplesOf('selqa search queries', 'tests/fixtures/selqa-dev/knowledge', 'tests/fixtures/selqa-dev/questions.per-article.jsonl', {
    negatives: true,
    rewrite: asSearchQuery,
  })),
];
process.stderr.write(`features of ${data.length} questions in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

// Cross-validation: every estimate below is made by models that never saw its fold.
// The calibration learns from scores of questions the ranking model never saw: a model
// scores its own training questions with wider margins than new ones, and a calibration
// fitted on those would be sure of itself where it should not be. Fold k's estimates come
// from a calibration fitted on the other folds' held-out scores.
const outOfFold: Scored[][] = [];
for (let k = 0; k < FOLDS; k++) {
  const train = data.filter((e) => foldOf(e.group) !== k);
  const test = data.filter((e) => foldOf(e.group) === k);
  outOfFold.push(scoreWith(fitRanker(train), test));
}
const held: HeldOut[] = [];
for (let k = 0; k < FOLDS; k++) {
  const calibration = fitCalibration(outOfFold.filter((_, j) => j !== k).flat());
  for (const s of outOfFold[k]!)
    held.push({ set: s.set, answerable: s.answerable, perArticle: s.perArticle, p: s.shown.map((c) => confidence(calibration, c.x)), right: s.shown.map((c) => c.right) });
}
const thresholds = chooseThresholds(held);
if (process.argv.includes('--abstention')) {
  for (const t of [0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4]) {
    const cells = [...new Set(held.map((r) => r.set))].map((set) => {
      const mine = held.filter((r) => r.set === set);
      const fa = mine.filter((r) => r.answerable && r.p[0]! < t).length;
      const off = mine.filter((r) => !r.answerable && r.p[0]! >= t).length;
      const lost = mine.filter((r) => r.answerable && r.right[0] && r.p[0]! < t).length;
      return `${set.slice(0, 14)} FA ${fa} (${lost} right) offAns ${off}/${mine.filter((r) => !r.answerable).length}`;
    });
    process.stdout.write(`t=${t.toFixed(2)}  ${cells.join(' | ')}\n`);
  }
}
if (process.argv.includes('--curves')) {
  for (let t = 0.4; t < 1; t += 0.05) {
    const cells = [...new Set(held.map((r) => r.set))].map((set) => {
      let n = 0;
      let right = 0;
      for (const r of held)
        if (r.set === set && r.p[0]! >= abstainFor(thresholds, r))
          r.p.forEach((p, k) => {
            if (p >= t) {
              n++;
              if (r.right[k]) right++;
            }
          });
      return `${set.slice(0, 12)} ${n ? ((right / n) * 100).toFixed(0) : '-'}%/${n}`;
    });
    process.stdout.write(`t=${t.toFixed(2)}  ${cells.join('  ')}\n`);
  }
}
if (process.argv.includes('--histogram')) {
  for (const set of [...new Set(held.map((r) => r.set))]) {
    const bins = (f: (r: (typeof held)[number]) => boolean) =>
      Array.from({ length: 10 }, (_, b) => held.filter((r) => r.set === set && f(r) && Math.min(9, Math.floor(r.p[0]! * 10)) === b).length).join(' ');
    process.stdout.write(`${set}\n  right top ${bins((r) => r.right[0]!)}\n  wrong top ${bins((r) => r.answerable && !r.right[0])}\n  off-topic ${bins((r) => !r.answerable)}\n`);
  }
}
const cvReport = report(`cross-validated (${FOLDS} folds by article)`, held, thresholds);
process.stdout.write(`${cvReport}\nthresholds ${JSON.stringify(thresholds)}\n`);

const model = fitRanker(data);
const calibration = fitCalibration(outOfFold.flat());
process.stdout.write(
  `weights ${FEATURE_NAMES.map((n, k) => `${n} ${model.weights[k]}`).join(', ')}\ncalibration ${CONFIDENCE_INPUTS.map((n, k) => `${n} ${calibration.weights[k]}`).join(', ')}, bias ${calibration.bias}\n`,
);

if (!process.argv.includes('--check')) {
  const file = 'src/search/ranker-model.ts';
  const body = {
    features: FEATURE_NAMES,
    weights: model.weights,
    bias: model.bias,
    ...(model.hidden ? { hidden: model.hidden } : {}),
    calibration: { ...calibration, inputs: CONFIDENCE_INPUTS },
    thresholds,
  };
  writeFileSync(
    file,
    `// Fitted by scripts/train-ranker.ts (npm run train); do not edit by hand.\n` +
      `// ${cvReport.split('\n').join('\n// ')}\n` +
      `export const RANKER = ${JSON.stringify(body, null, 2)} as const;\n`,
  );
  process.stdout.write(`wrote ${file}\n`);
}
