import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCalendarDate } from '@/lib/dates';
import type { BurnDownPoint } from '@/features/budgets/budget-logic';

/** Budget (flat), actual cumulative cost, and the forecast to the run-out date. A table of the same figures follows for screen readers. */
export function BurnDownChart({ points, currency }: { points: BurnDownPoint[]; currency: string }) {
  const format = (value: number) => `${value.toFixed(2)} ${currency}`;
  return (
    <figure className="budget-chart" aria-label="Burn-down">
      <LineChart data={points} responsive style={{ width: '100%', height: 280 }} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid vertical={false} />
        <XAxis dataKey="date" tickFormatter={(date: string) => formatCalendarDate(date)} minTickGap={24} tickLine={false} />
        <YAxis width={72} tickLine={false} axisLine={false} />
        <Tooltip labelFormatter={(date) => formatCalendarDate(String(date))} formatter={(value) => format(Number(value))} />
        <Legend />
        <Line type="stepAfter" dataKey="budget" name="Budget" stroke="var(--color-budget-exceeded)" strokeDasharray="6 4" dot={false} isAnimationActive={false} />
        <Line type="monotone" dataKey="actual" name="Actual cost" stroke="var(--color-accent)" strokeWidth={2} dot={false} connectNulls={false} isAnimationActive={false} />
        <Line
          type="linear"
          dataKey="forecast"
          name="Forecast"
          stroke="var(--color-budget-warning)"
          strokeDasharray="3 3"
          dot={false}
          connectNulls={false}
          isAnimationActive={false}
        />
      </LineChart>
    </figure>
  );
}
