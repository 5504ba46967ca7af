import fc from 'fast-check';
import { TASK_SORTS, TASK_STATUSES, type TaskStatus } from '@stint/contracts';
import { AppError } from '../common/errors/app-error';
import { completedAtAfter, normaliseTags, splitList, taskOrderBy } from './task-rules';

describe('normaliseTags', () => {
  it('trims, drops exact duplicates keeping the first and the order, and keeps case', () => {
    expect(normaliseTags([' b ', 'a', 'b', 'A', 'a '])).toEqual(['b', 'a', 'A']);
  });

  it('treats the composed and decomposed forms of a letter as one tag (NFC)', () => {
    expect(normaliseTags(['caf\u00e9', 'cafe\u0301'])).toEqual(['caf\u00e9']);
  });

  it('leaves blanks for the validators to refuse', () => {
    expect(normaliseTags(['ok', '   '])).toEqual(['ok', '']);
  });

  it('passes anything but a list of strings through unchanged', () => {
    for (const value of [null, undefined, 'a,b', 3, ['a', 1], [null]]) expect(normaliseTags(value)).toBe(value);
  });

  it('is idempotent and yields unique, trimmed tags', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 8 })), (tags) => {
        const once = normaliseTags(tags) as string[];
        expect(normaliseTags(once)).toEqual(once);
        expect(new Set(once).size).toBe(once.length);
        expect(once.every((tag) => tag === tag.trim())).toBe(true);
      }),
    );
  });
});

describe('splitList', () => {
  it('accepts one value, comma-separated values and repeated keys', () => {
    expect(splitList('todo')).toEqual(['todo']);
    expect(splitList('todo, done')).toEqual(['todo', 'done']);
    expect(splitList(['todo', 'done,archived', 'todo'])).toEqual(['todo', 'done', 'archived']);
  });

  it('drops blank items', () => {
    expect(splitList(',todo,,')).toEqual(['todo']);
    expect(splitList('')).toEqual([]);
  });

  it('passes non-strings through for the validators', () => {
    expect(splitList(3)).toBe(3);
    expect(splitList([{}])).toEqual([{}]);
  });
});

describe('completedAtAfter', () => {
  const now = new Date('2026-05-01T12:00:00Z');
  const earlier = new Date('2026-04-01T12:00:00Z');

  it('is set when the task becomes done', () => {
    for (const status of ['todo', 'in_progress', 'archived'] as const) expect(completedAtAfter({ status, completedAt: null }, 'done', now)).toBe(now);
  });

  it('keeps the first completion while the task stays done', () => {
    expect(completedAtAfter({ status: 'done', completedAt: earlier }, 'done', now)).toBe(earlier);
  });

  it('is kept when a task is archived, and stays empty for a task archived unfinished', () => {
    expect(completedAtAfter({ status: 'done', completedAt: earlier }, 'archived', now)).toBe(earlier);
    expect(completedAtAfter({ status: 'todo', completedAt: null }, 'archived', now)).toBeNull();
  });

  it('is cleared when the task is reopened', () => {
    for (const status of ['todo', 'in_progress'] as const) expect(completedAtAfter({ status: 'done', completedAt: earlier }, status, now)).toBeNull();
  });

  it('is non-null exactly for done tasks and tasks archived after completion', () => {
    const statuses = fc.constantFrom<TaskStatus>(...TASK_STATUSES);
    fc.assert(
      fc.property(fc.array(statuses, { minLength: 1, maxLength: 12 }), (changes) => {
        let state = { status: 'todo' as TaskStatus, completedAt: null as Date | null };
        let completedOnce = false;
        for (const next of changes) {
          state = { status: next, completedAt: completedAtAfter(state, next, now) };
          if (next === 'done') completedOnce = true;
          if (next === 'todo' || next === 'in_progress') completedOnce = false;
          expect(state.completedAt !== null).toBe(next === 'done' || (next === 'archived' && completedOnce));
        }
      }),
    );
  });
});

describe('taskOrderBy', () => {
  it('defaults to newest first, or to relevance when searching', () => {
    expect(taskOrderBy({})).toBe('created_at DESC, id ASC');
    expect(taskOrderBy({ q: 'x' })).toBe('search_rank DESC, created_at DESC, id ASC');
  });

  it('uses each sort’s natural default direction, and the given one', () => {
    expect(taskOrderBy({ sort: 'priority' })).toBe('priority DESC, created_at DESC, id ASC');
    expect(taskOrderBy({ sort: 'due_date' })).toBe('due_date ASC NULLS LAST, created_at DESC, id ASC');
    expect(taskOrderBy({ sort: 'due_date', order: 'desc' })).toBe('due_date DESC NULLS LAST, created_at DESC, id ASC');
    expect(taskOrderBy({ sort: 'title' })).toBe('lower(title) ASC, created_at DESC, id ASC');
    expect(taskOrderBy({ sort: 'created_at', order: 'asc' })).toBe('created_at ASC, id ASC');
  });

  it('breaks ties by relevance when an explicit sort is combined with a search', () => {
    expect(taskOrderBy({ sort: 'status', q: 'x' })).toBe('status ASC, search_rank DESC, created_at DESC, id ASC');
  });

  it('refuses relevance without a search', () => {
    expect(() => taskOrderBy({ sort: 'relevance' })).toThrow(AppError);
  });

  it('only ever emits whitelisted SQL and always ends with the id tiebreak', () => {
    const allowed = /^(search_rank|created_at|updated_at|due_date|priority|status|lower\(title\)|id) (ASC|DESC)( NULLS LAST)?$/;
    fc.assert(
      fc.property(fc.constantFrom(...TASK_SORTS), fc.constantFrom('asc', 'desc', undefined), fc.constantFrom('words', undefined), (sort, order, q) => {
        if (sort === 'relevance' && !q) return;
        const terms = taskOrderBy({ sort, order: order as 'asc' | 'desc' | undefined, q }).split(', ');
        expect(terms.every((term) => allowed.test(term))).toBe(true);
        expect(terms.at(-1)).toBe('id ASC');
      }),
    );
  });
});
