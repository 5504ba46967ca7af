import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCalendarDate } from '@/lib/dates';
import { formatHours, formatSecondsAsHours } from '@/features/dashboard/format';
import { useDailyHours, type DailyHoursProps } from '@/features/dashboard/charts/DailyHoursTable';
import { PatternDefs, seriesFill, Swatch, useSvgId } from '@/features/dashboard/charts/ChartPatterns';
import { ChartTooltip } from '@/features/dashboard/charts/ChartTooltip';
import { useReducedMotion } from '@/features/dashboard/charts/useReducedMotion';
import { AXIS_TICK, CHART_HEIGHT, CHART_MARGIN } from '@/features/dashboard/charts/chart-style';

/** Hours per day as bars, stacked by project when the split is known. */
export function DailyHoursChartView({ days, byProject = null, title }: DailyHoursProps) {
  const { series, rows } = useDailyHours(days, byProject);
  const prefix = useSvgId();
  const reducedMotion = useReducedMotion();
  const stacked = series.length > 1;
  return (
    <>
      <BarChart data={rows} responsive style={{ width: '100%', height: CHART_HEIGHT }} margin={CHART_MARGIN} title={title}>
        <PatternDefs prefix={prefix} styles={series.map((item) => item.style)} />
        <CartesianGrid vertical={false} />
        <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} minTickGap={8} />
        <YAxis tick={AXIS_TICK} tickLine={false} axisLine={false} width={44} tickFormatter={(value: number) => `${value} h`} allowDecimals />
        <Tooltip
          content={(props) => (
            <ChartTooltip<(typeof rows)[number]>
              active={props.active}
              payload={props.payload}
              describe={(row) => ({
                title: formatCalendarDate(row.date),
                lines: [
                  ...(stacked ? series.map((item) => ({ label: item.label, value: formatHours(row.hours[item.key]), style: item.style })) : []),
                  { label: 'Total', value: formatHours(row.totalHours), total: true },
                ],
              })}
            />
          )}
        />
        {series.map((item, index) => (
          <Bar
            key={item.key}
            dataKey={(row: (typeof rows)[number]) => row.hours[item.key]}
            name={item.label}
            stackId="day"
            fill={seriesFill(prefix, index, item.style)}
            stroke={item.style.colour}
            isAnimationActive={!reducedMotion}
            maxBarSize={48}
          />
        ))}
      </BarChart>
      {stacked && (
        <ul className="chart-legend" aria-label="Projects">
          {series.map((item) => (
            <li key={item.key}>
              <Swatch style={item.style} />
              <span>{item.label}</span>
              <span className="chart-legend-value">{formatSecondsAsHours(item.totalSeconds)}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
