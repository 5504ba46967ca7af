import type { ProductivityTrend } from '@stint/contracts';
import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCalendarDate } from '@/lib/dates';
import { formatHours } from '@/features/dashboard/format';
import { dayTitle, periodLabel } from '@/features/dashboard/charts/TrendTable';
import { shapeTrend, type TrendRow } from '@/features/dashboard/charts/chart-data';
import { OTHER_COLOUR, seriesStyle } from '@/features/dashboard/charts/palette';
import { Swatch } from '@/features/dashboard/charts/ChartPatterns';
import { ChartTooltip } from '@/features/dashboard/charts/ChartTooltip';
import { useReducedMotion } from '@/features/dashboard/charts/useReducedMotion';
import { AXIS_TICK, CHART_HEIGHT, CHART_MARGIN } from '@/features/dashboard/charts/chart-style';

const CURRENT = seriesStyle(0);
const PREVIOUS = { colour: OTHER_COLOUR, pattern: 'solid' as const };

/** This period's hours per day (solid line) against the previous period's (dashed), day 1 beside day 1. */
export function TrendChartView({ trend, title }: { trend: ProductivityTrend; title: string }) {
  const rows = useMemo(() => shapeTrend(trend), [trend]);
  const reducedMotion = useReducedMotion();
  return (
    <>
      <LineChart data={rows} responsive style={{ width: '100%', height: CHART_HEIGHT }} margin={CHART_MARGIN} title={title}>
        <CartesianGrid vertical={false} />
        <XAxis dataKey="day" tick={AXIS_TICK} tickLine={false} tickFormatter={(day: number) => `Day ${day}`} minTickGap={12} />
        <YAxis tick={AXIS_TICK} tickLine={false} axisLine={false} width={44} tickFormatter={(value: number) => `${value} h`} />
        <Tooltip
          content={(props) => (
            <ChartTooltip<TrendRow>
              active={props.active}
              payload={props.payload}
              describe={(row) => ({
                title: dayTitle(row),
                lines: [
                  {
                    label: row.currentDate ? formatCalendarDate(row.currentDate) : 'This period',
                    value: row.currentHours === null ? '—' : formatHours(row.currentHours),
                    style: CURRENT,
                    line: 'solid',
                  },
                  {
                    label: row.previousDate ? formatCalendarDate(row.previousDate) : 'Previous period',
                    value: row.previousHours === null ? '—' : formatHours(row.previousHours),
                    style: PREVIOUS,
                    line: 'dashed',
                  },
                ],
              })}
            />
          )}
        />
        <Line
          type="linear"
          dataKey="previousHours"
          name="Previous period"
          stroke={PREVIOUS.colour}
          strokeWidth={2}
          strokeDasharray="6 4"
          dot={{ r: 3, fill: PREVIOUS.colour }}
          isAnimationActive={!reducedMotion}
        />
        <Line
          type="linear"
          dataKey="currentHours"
          name="This period"
          stroke={CURRENT.colour}
          strokeWidth={3}
          dot={{ r: 3.5, fill: CURRENT.colour }}
          isAnimationActive={!reducedMotion}
        />
      </LineChart>
      <ul className="chart-legend" aria-label="Lines">
        <li>
          <Swatch style={CURRENT} line="solid" />
          <span>This period ({periodLabel(trend, 'current')}), solid line</span>
        </li>
        <li>
          <Swatch style={PREVIOUS} line="dashed" />
          <span>Previous period ({periodLabel(trend, 'previous')}), dashed line</span>
        </li>
      </ul>
    </>
  );
}
