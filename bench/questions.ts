import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEvalFile } from '../src/cli/evaluation.ts';

/**
 * The benchmark's questions. They are fixed so runs compare, and written the way people
 * ask: plain questions about State of the Union topics, some with typos, some off-topic.
 * Warm-up questions are different ones, asked first and not timed, so the timed
 * questions meet a warm process but not answers it has already worked out.
 */

export const SOTU_QUESTIONS: readonly string[] = [
  'What did the president say about slavery?',
  'Why did the United States go to war with Spain?',
  'When was the Panama Canal built?',
  'How much is the national debt?',
  'What did Lincoln say about the Union?',
  'How many troops were sent to Vietnam?',
  'What is the government doing about unemployment?',
  'What was said about the Louisiana purchase?',
  'Why was the tariff raised?',
  'What did Roosevelt propose to end the Depression?',
  'How will we pay for Social Security?',
  'What are the plans for health care reform?',
  'What did the president say about terrorism after September 11?',
  'When did the Civil War end?',
  'What is our policy toward Mexico?',
  'How are we helping farmers?',
  'What about the gold standard and the coinage of silver?',
  'Who are our allies in Europe?',
  'What was done about the Indian tribes?',
  'How much money goes to education?',
  'Are we going to put a man on the moon?',
  'Will the nuclear arms race stop?',
  'What happened to the banks in the financial crisis?',
  'How do we protect the environment and keep the air clean?',
  'What did he say about immigration at the border?',
  'Why do we need a strong navy?',
  'How big was the surplus in the treasury?',
  'How is the post office doing?',
  'What was said about civil rights and the right to vote?',
  'What is being done about inflation and rising prices?',
  'How will new highways be paid for?',
  'What did they say about the Soviet Union?',
  'When was the income tax introduced?',
  'What about the railroads?',
  // Typos, as people type them.
  'wat did they say about the econmy',
  'how is the goverment reducing the defict',
  'what about imigration reform',
  'presidnet on terorism',
  'when did the civl war end',
  'helth care for veterns',
  // Off-topic: the right answer is to abstain.
  'What is the capital of France?',
  'Who won the 2018 World Cup?',
  'How do I bake sourdough bread?',
  'best pizza near me',
  'What is the recipe for chocolate cake?',
];

export const WARMUP_QUESTIONS: readonly string[] = [
  'What did the president say about the army?',
  'How much did the war cost?',
  'What about trade with China?',
  'When was Alaska bought?',
  'Who leads the Department of State?',
  'what is the weather tomorrow',
  'taxs on imports',
  'Why did Congress pass the law?',
];

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The development questions for the bundled knowledge. */
export function devQuestions(): string[] {
  const file = path.join(ROOT, 'tests', 'fixtures', 'questions.dev.jsonl');
  return parseEvalFile(readFileSync(file, 'utf8'), file).map((q) => q.question);
}

/** What an autocomplete request sees while the question is being typed: its first 60 %. */
export function typingPrefix(question: string, share = 0.6): string {
  return question.slice(0, Math.max(1, Math.ceil(question.length * share)));
}
