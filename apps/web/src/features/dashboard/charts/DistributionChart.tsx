import type { TimeDistribution } from '@stint/contracts';
import { useMemo } from 'react';
import { Pie, PieChart, Tooltip } from 'recharts';
import { formatHours, formatPercent } from '@/features/dashboard/format';
import { shapeDistribution, type DistributionSlice } from '@/features/dashboard/charts/chart-data';
import { PatternDefs, seriesFill, Swatch, useSvgId } from '@/features/dashboard/charts/ChartPatterns';
import { ChartTooltip } from '@/features/dashboard/charts/ChartTooltip';
import { useReducedMotion } from '@/features/dashboard/charts/useReducedMotion';
import { CHART_HEIGHT } from '@/features/dashboard/charts/chart-style';
import { GROUP_LABELS, sliceName } from '@/features/dashboard/charts/DistributionTable';

/** A donut of where the time went, with a legend that carries every slice's exact hours and share. */
export function DistributionChartView({ distribution, title }: { distribution: TimeDistribution; title: string }) {
  const slices = useMemo(() => shapeDistribution(distribution), [distribution]);
  const prefix = useSvgId();
  const reducedMotion = useReducedMotion();
  const data = slices.map((slice, index) => ({ ...slice, name: sliceName(slice), fill: seriesFill(prefix, index, slice.style) }));
  return (
    <div className="donut">
      <div className="donut-figure">
        <PieChart responsive style={{ width: '100%', height: CHART_HEIGHT }} title={title}>
          <PatternDefs prefix={prefix} styles={slices.map((slice) => slice.style)} />
          <Pie data={data} dataKey="seconds" nameKey="name" innerRadius="58%" outerRadius="88%" paddingAngle={slices.length > 1 ? 1 : 0} isAnimationActive={!reducedMotion} />
          <Tooltip
            content={(props) => (
              <ChartTooltip<DistributionSlice>
                active={props.active}
                payload={props.payload}
                describe={(slice) => ({
                  title: sliceName(slice),
                  lines: [
                    { label: 'Hours', value: formatHours(slice.hours), style: slice.style },
                    { label: 'Share', value: formatPercent(slice.percentage) },
                  ],
                })}
              />
            )}
          />
        </PieChart>
        <p className="donut-centre" aria-hidden="true">
          <span className="donut-centre-value">{formatHours(distribution.total_hours)}</span>
          <span className="donut-centre-label">total</span>
        </p>
      </div>
      <ol className="chart-legend chart-legend-list" aria-label={`Time by ${GROUP_LABELS[distribution.group_by].toLowerCase()}`}>
        {slices.map((slice) => (
          <li key={slice.key}>
            <Swatch style={slice.style} />
            <span className="chart-legend-label">{sliceName(slice)}</span>
            <span className="chart-legend-value">
              {formatHours(slice.hours)} · {formatPercent(slice.percentage)}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
