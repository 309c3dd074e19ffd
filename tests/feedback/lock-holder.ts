/**
 * Another process holding the feedback database's write lock, for as long as the test
 * wants: it takes the lock (BEGIN IMMEDIATE), prints "locked", and commits when its
 * standard input closes.
 * Usage: node --import tsx tests/feedback/lock-holder.ts <database file>
 */
import { SqliteDatabase } from '../../src/feedback/sqlite.ts';

const file = process.argv[2];
if (!file) {
  console.error('usage: lock-holder <database file>');
  process.exit(2);
}
const db = new SqliteDatabase(file, { timeout: 10_000 });
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\n');
process.stdin.resume();
process.stdin.on('end', () => {
  db.exec('COMMIT');
  db.close();
  process.exit(0);
});
