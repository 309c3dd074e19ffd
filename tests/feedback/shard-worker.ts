/**
 * One "shard process" for the multi-process test: opens the feedback store in the given
 * directory and writes `count` questions, each with a vote, as fast as it can.
 * Usage: node --import tsx tests/feedback/shard-worker.ts <dataDir> <label> <count>
 */
import { FeedbackStore } from '../../src/feedback/store.ts';

const [dataDir, label, countText] = process.argv.slice(2);
if (!dataDir || !label || !countText) {
  console.error('usage: shard-worker <dataDir> <label> <count>');
  process.exit(2);
}
const GUILD = '100000000000000001';
const store = new FeedbackStore({ dataDir, busyTimeoutMs: 30_000 });
try {
  for (let i = 0; i < Number(countText); i++) {
    const id = store.recordQuestion({
      question: `${label} question ${i}`,
      guildId: GUILD,
      answerIds: ['doc:1.1', 'doc:2.1'],
      abstained: i % 2 === 0,
    });
    store.recordVote({ questionId: id, answerId: 'doc:1.1', vote: i % 3 === 0 ? 'up' : 'down', userId: `${label}-user-${i}`, guildId: GUILD });
  }
} finally {
  store.close();
}
