import type { ProjectBudgetResponse } from '@stint/contracts';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { BudgetSummary } from '@/features/budgets/ProjectBudgetPage';

function aBudget(overrides: Partial<ProjectBudgetResponse>): ProjectBudgetResponse {
  return {
    view: 'full',
    id: 'b1',
    project_id: 'p1',
    project_name: 'Website',
    project_key: 'WEB',
    currency: 'USD',
    total_budget: '1000.00',
    allocated_budget: null,
    total_cost: '0.00',
    total_cost_exact: '0.0000',
    remaining: '1000.00',
    percent_used: 0,
    status: 'active',
    alert_threshold: 80,
    critical_threshold: 100,
    is_locked: false,
    cap_reached: false,
    start_date: null,
    end_date: null,
    active_timers_cost: '0.00',
    active_timers: 0,
    burn_rate_per_day: '0.00',
    forecast_date: null,
    exceeded_on: null,
    open_alerts: 0,
    tracking_enabled: true,
    alerts_enabled: true,
    created_at: '2026-03-01T00:00:00.000Z',
    updated_at: '2026-03-01T00:00:00.000Z',
    ...overrides,
  };
}

/** The number in a rendered amount ("$1,000.01" → 100001 cents). */
const cents = (text: string) => Math.round(Number(text.replace(/[^\d.-]/g, '')) * 100);

function shown() {
  const [cost, total] = screen.getByText('Cost / budget').nextElementSibling!.textContent!.split(' / ');
  const remaining = screen.getByText('Remaining').nextElementSibling!.textContent!;
  return { cost: cents(cost), total: cents(total), remaining: cents(remaining) };
}

describe('BudgetSummary', () => {
  it('shows cost and remaining that add up to the budget as displayed, even from a separately rounded remainder', () => {
    // What the API sent before the fix: the exact cost 856.925 rounded twice (856.93 and 143.08).
    render(<BudgetSummary budget={aBudget({ total_cost: '856.93', total_cost_exact: '856.9250', remaining: '143.08', percent_used: 85.69 })} />);
    const figures = shown();
    expect(figures).toEqual({ cost: 85693, total: 100000, remaining: 14307 });
    expect(figures.cost + figures.remaining).toBe(figures.total);
  });

  it('adds up past the budget too (a negative remainder)', () => {
    render(<BudgetSummary budget={aBudget({ total_cost: '1000.01', total_cost_exact: '1000.0050', remaining: '-0.01', percent_used: 100 })} />);
    const figures = shown();
    expect(figures.cost + figures.remaining).toBe(figures.total);
    expect(figures.remaining).toBe(-1);
  });
});
