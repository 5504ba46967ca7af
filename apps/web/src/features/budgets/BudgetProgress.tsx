import { barWidth, LEVEL_LABELS, progressLevel, type ProgressInput } from '@/features/budgets/budget-logic';
import './budgets.css';

/** A budget's progress bar: coloured by level, with the level and the percent as text (never colour alone). */
export function BudgetProgress({ budget, label }: { budget: ProgressInput; label: string }) {
  const level = progressLevel(budget);
  const text = `${budget.percent_used.toFixed(2)}%`;
  return (
    <div className={`budget-progress budget-level-${level}`}>
      <div
        className="budget-bar"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(100, budget.percent_used)}
        aria-valuetext={`${text} used, ${LEVEL_LABELS[level]}`}
      >
        <span className="budget-bar-fill" style={{ width: `${barWidth(budget.percent_used)}%` }} />
      </div>
      <span className="budget-progress-text">
        <span className="budget-percent">{text}</span> <span className={`budget-level budget-level-tag-${level}`}>{LEVEL_LABELS[level]}</span>
      </span>
    </div>
  );
}
