import { describe, expect, it } from 'vitest';
import { assembleKnowledgeBase, parseKnowledgeFile } from '../../src/knowledge/load.ts';
import { AnswerEngine } from '../../src/search/engine.ts';
import { RoleIndex } from '../../src/search/roles.ts';

describe('titles linked to names', () => {
  it('reads which names the sources give which titles', () => {
    const roles = new RoleIndex(['Prime Minister Edi Rama spoke first.', 'Governor Ruth Ambler declared an emergency.', 'The governor of the bank resigned.']);
    expect([...(roles.namesFor('prime minist') ?? [])]).toEqual(['rama']);
    expect([...(roles.namesFor('governor') ?? [])]).toEqual(['ambler']);
    expect(roles.namesFor('mayor')).toBeUndefined();
  });

  it('finds the sentence that names a person by surname only when the question asks by title', () => {
    const kb = assembleKnowledgeBase([
      parseKnowledgeFile(
        'storm.md',
        Buffer.from(
          '---\nid: storm\ntitle: Storm hits the coast\n---\n\n' +
            'Governor Ruth Ambler declared a state of emergency on Tuesday.\n\n' +
            'Ambler accused the power company of failing to trim trees near its lines.\n\n' +
            'The power company said crews were working through the night.\n',
        ),
      ),
    ]);
    const engine = AnswerEngine.fromKnowledge(kb);
    const answer = engine.ask('who did the governor accuse');
    expect(answer.abstained).toBe(false);
    expect(answer.answers[0]!.text).toMatch(/^Ambler accused the power company/);
  });
});

describe('names used as modifiers', () => {
  it('prefers the sentence about the country to one that only uses its name as a modifier ("U.S. lawmakers")', async () => {
    const { loadKnowledge } = await import('../../src/load/load.ts');
    const { engine } = await loadKnowledge('knowledge');
    for (const q of ['what did the us do about it', 'did the US do anything']) {
      expect(engine.ask(q).answers[0]!.text, q).toMatch(/^The United States supported the move/);
    }
    // Asked about the lawmakers themselves, the modifier use is the answer.
    expect(engine.ask('were US lawmakers invited').answers[0]!.text).toMatch(/U\.S\. lawmakers among the invitees/);
  });
});
