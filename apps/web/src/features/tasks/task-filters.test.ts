import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS, effectiveSort, parseTaskFilters, sortedBy, toTaskListQuery, writeTaskFilters, type TaskFilters } from '@/features/tasks/task-filters';

const PROJECT = '0b8f3c8e-1d2a-4c55-9f0e-2a7d3c1b9e10';
const parse = (query: string) => parseTaskFilters(new URLSearchParams(query));

describe('task filters in the URL', () => {
  it('round-trips every filter through the query string', () => {
    const filters: TaskFilters = {
      q: 'invoice rounding',
      status: ['todo', 'in_progress'],
      priority: 'high',
      project: PROJECT,
      tags: ['backend', 'Q3 goals'],
      dueFrom: '2026-03-01',
      dueTo: '2026-03-31',
      sort: 'due_date',
      order: 'asc',
      page: 3,
      perPage: 50,
    };
    const search = writeTaskFilters(filters);
    expect(search.toString()).toBe(
      'q=invoice+rounding&status=todo&status=in_progress&priority=high&project=0b8f3c8e-1d2a-4c55-9f0e-2a7d3c1b9e10' +
        '&tag=backend&tag=Q3+goals&due_from=2026-03-01&due_to=2026-03-31&sort=due_date&order=asc&page=3&per_page=50',
    );
    expect(parseTaskFilters(search)).toEqual(filters);
  });

  it('leaves defaults out, so the plain list has a plain URL, and keeps unrelated parameters', () => {
    expect(writeTaskFilters(DEFAULT_FILTERS).toString()).toBe('');
    expect(writeTaskFilters({ ...DEFAULT_FILTERS, page: 1 }, new URLSearchParams('tab=members&page=4')).toString()).toBe('tab=members');
  });

  it('ignores what a hand-edited or outdated link gets wrong instead of failing', () => {
    expect(parse('status=todo,bogus&status=done&priority=extreme&project=not-a-uuid&due_from=2026-02-30&sort=title&order=up&page=-2&per_page=7')).toEqual({
      ...DEFAULT_FILTERS,
      status: ['todo', 'done'],
    });
    expect(parse('project=none').project).toBe('none');
    expect(parse('tag=a&tag=a&tag=%20&tag=with,comma').tags).toEqual(['a']);
  });
});

describe('task filters to the API query', () => {
  it('turns due days into instants in the user’s time zone, "to" inclusive', () => {
    // 2026-03-29 is the day Berlin moves to summer time (UTC+1 → UTC+2).
    const query = toTaskListQuery({ ...DEFAULT_FILTERS, dueFrom: '2026-03-10', dueTo: '2026-03-29' }, 'Europe/Berlin');
    expect(query.due_after).toBe('2026-03-09T23:00:00.000Z');
    expect(query.due_before).toBe('2026-03-29T22:00:00.000Z');
  });

  it('leaves out an inverted due range instead of sending a request that fails', () => {
    const query = toTaskListQuery({ ...DEFAULT_FILTERS, dueFrom: '2026-04-02', dueTo: '2026-04-01' }, 'UTC');
    expect(query).not.toHaveProperty('due_after');
    expect(query).not.toHaveProperty('due_before');
  });

  it('sends the filters, the chosen sort with its direction, and the page', () => {
    const filters = parse(`q=login&status=done&priority=urgent&project=${PROJECT}&tag=api&sort=priority&page=2&per_page=10`);
    expect(toTaskListQuery(filters, 'UTC')).toEqual({
      q: 'login',
      status: ['done'],
      priority: 'urgent',
      project_id: PROJECT,
      tag: ['api'],
      sort: 'priority',
      order: 'desc',
      page: 2,
      per_page: 10,
    });
  });

  it("on a project's page, always filters by that project", () => {
    expect(toTaskListQuery(parse('project=none'), 'UTC', PROJECT).project_id).toBe(PROJECT);
  });
});

describe('sorting', () => {
  it('defaults to newest first, or relevance while searching', () => {
    expect(effectiveSort(DEFAULT_FILTERS)).toEqual({ column: 'created_at', order: 'desc' });
    expect(effectiveSort({ ...DEFAULT_FILTERS, q: 'x' })).toEqual({ column: null, order: 'desc' });
  });

  it('flips the direction of the current column and starts another at its natural direction, back on page 1', () => {
    const page3 = { ...DEFAULT_FILTERS, page: 3 };
    expect(sortedBy(page3, 'created_at')).toMatchObject({ sort: 'created_at', order: 'asc', page: 1 });
    expect(sortedBy(page3, 'due_date')).toMatchObject({ sort: 'due_date', order: 'asc', page: 1 });
    expect(sortedBy(sortedBy(page3, 'due_date'), 'due_date')).toMatchObject({ sort: 'due_date', order: 'desc' });
    expect(sortedBy(page3, 'priority')).toMatchObject({ sort: 'priority', order: 'desc' });
  });
});
