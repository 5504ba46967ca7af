import type { TimeDistribution } from '@stint/contracts';
import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { formatHours } from '@/features/dashboard/format';
import { shapeHourly, type HourRow } from '@/features/dashboard/charts/chart-data';
import { seriesStyle } from '@/features/dashboard/charts/palette';
import { PatternDefs, seriesFill, Swatch, useSvgId } from '@/features/dashboard/charts/ChartPatterns';
import { ChartTooltip } from '@/features/dashboard/charts/ChartTooltip';
import { useReducedMotion } from '@/features/dashboard/charts/useReducedMotion';
import { AXIS_TICK, CHART_HEIGHT, CHART_MARGIN } from '@/features/dashboard/charts/chart-style';
import { rankText } from '@/features/dashboard/charts/ProductiveHoursTable';

/** The top hours in another colour and striped, so they stand out without relying on hue. */
const REGULAR = seriesStyle(0);
const TOP = { colour: seriesStyle(1).colour, pattern: 'diagonal' as const };

interface HourBar extends HourRow {
  regular: number;
  top: number;
}

/** Tracked time by hour of the day (in the user's zone), the most productive hours marked. */
export function ProductiveHoursChartView({ distribution, title }: { distribution: TimeDistribution; title: string }) {
  const rows = useMemo<HourBar[]>(
    () => shapeHourly(distribution).map((row) => ({ ...row, regular: row.rank === null ? row.hours : 0, top: row.rank === null ? 0 : row.hours })),
    [distribution],
  );
  const prefix = useSvgId();
  const reducedMotion = useReducedMotion();
  return (
    <>
      <BarChart data={rows} responsive style={{ width: '100%', height: CHART_HEIGHT }} margin={CHART_MARGIN} title={title}>
        <PatternDefs prefix={prefix} styles={[REGULAR, TOP]} />
        <CartesianGrid vertical={false} />
        <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} interval={2} />
        <YAxis tick={AXIS_TICK} tickLine={false} axisLine={false} width={44} tickFormatter={(value: number) => `${value} h`} />
        <Tooltip
          content={(props) => (
            <ChartTooltip<HourBar>
              active={props.active}
              payload={props.payload}
              describe={(row) => ({
                title: row.slot,
                lines: [{ label: rankText(row.rank) || 'Hours', value: formatHours(row.hours), style: row.rank === null ? REGULAR : TOP }],
              })}
            />
          )}
        />
        <Bar dataKey="regular" name="Hours" stackId="hour" fill={seriesFill(prefix, 0, REGULAR)} isAnimationActive={!reducedMotion} />
        <Bar dataKey="top" name="Most productive hours" stackId="hour" fill={seriesFill(prefix, 1, TOP)} stroke={TOP.colour} isAnimationActive={!reducedMotion} />
      </BarChart>
      <ul className="chart-legend" aria-label="Bars">
        <li>
          <Swatch style={REGULAR} />
          <span>Hours tracked</span>
        </li>
        <li>
          <Swatch style={TOP} />
          <span>Most productive hours (striped)</span>
        </li>
      </ul>
    </>
  );
}
