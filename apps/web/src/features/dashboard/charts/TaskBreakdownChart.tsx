import type { TaskStatistics } from '@stint/contracts';
import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, LabelList, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount } from '@/features/dashboard/format';
import { shapeTaskCounts, type CountRow } from '@/features/dashboard/charts/chart-data';
import { seriesStyle, type SeriesStyle } from '@/features/dashboard/charts/palette';
import { PatternDefs, seriesFill, useSvgId } from '@/features/dashboard/charts/ChartPatterns';
import { ChartTooltip } from '@/features/dashboard/charts/ChartTooltip';
import { useReducedMotion } from '@/features/dashboard/charts/useReducedMotion';
import { AXIS_TICK, CHART_MARGIN } from '@/features/dashboard/charts/chart-style';

const STATUS_STYLE = { ...seriesStyle(2), pattern: 'solid' as const };
const PRIORITY_STYLE = { ...seriesStyle(3), pattern: 'dots' as const };

function CountBars({ rows, title, style }: { rows: CountRow[]; title: string; style: SeriesStyle }) {
  const prefix = useSvgId();
  const reducedMotion = useReducedMotion();
  return (
    <figure className="count-chart">
      <figcaption className="count-chart-title">{title}</figcaption>
      <BarChart data={rows} responsive style={{ width: '100%', height: 200 }} margin={{ ...CHART_MARGIN, top: 20 }} title={`Tasks ${title.toLowerCase()}`}>
        <PatternDefs prefix={prefix} styles={[style]} />
        <CartesianGrid vertical={false} />
        <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} interval={0} />
        <YAxis tick={AXIS_TICK} tickLine={false} axisLine={false} width={32} allowDecimals={false} />
        <Tooltip
          content={(props) => (
            <ChartTooltip<CountRow>
              active={props.active}
              payload={props.payload}
              describe={(row) => ({ title: row.label, lines: [{ label: 'Tasks', value: formatCount(row.count), style }] })}
            />
          )}
        />
        <Bar dataKey="count" name="Tasks" fill={seriesFill(prefix, 0, style)} stroke={style.colour} isAnimationActive={!reducedMotion} maxBarSize={56}>
          {/* The count on each bar, so the numbers read without hovering. */}
          <LabelList dataKey="count" position="top" className="chart-bar-label" />
        </Bar>
      </BarChart>
    </figure>
  );
}

/** The user's tasks (all of them, now) by status and by priority. */
export function TaskBreakdownChartView({ statistics }: { statistics: TaskStatistics }) {
  const counts = useMemo(() => shapeTaskCounts(statistics), [statistics]);
  return (
    <div className="count-charts">
      <CountBars rows={counts.status} title="By status" style={STATUS_STYLE} />
      <CountBars rows={counts.priority} title="By priority" style={PRIORITY_STYLE} />
    </div>
  );
}
