import type { ReactNode } from 'react';
import type { SeriesStyle } from '@/features/dashboard/charts/palette';
import { Swatch } from '@/features/dashboard/charts/ChartPatterns';

export interface TooltipLine {
  label: ReactNode;
  value: string;
  style?: SeriesStyle;
  line?: 'solid' | 'dashed';
  /** A total line, set apart from the series lines. */
  total?: boolean;
}

export interface TooltipText {
  title: ReactNode;
  lines: TooltipLine[];
}

interface ChartTooltipProps<Row> {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: unknown }>;
  describe: (row: Row) => TooltipText;
}

/** The exact figures of the hovered or keyboard-focused point, from the row both the chart and its table read. */
export function ChartTooltip<Row>({ active, payload, describe }: ChartTooltipProps<Row>) {
  const row = payload?.[0]?.payload as Row | undefined;
  if (!active || row === undefined) return null;
  const { title, lines } = describe(row);
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-title">{title}</p>
      <dl className="chart-tooltip-lines">
        {lines.map((line, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the lines are rebuilt for each hover; their position is their identity.
          <div key={index} className={line.total ? 'chart-tooltip-line chart-tooltip-total' : 'chart-tooltip-line'}>
            <dt>
              {line.style && <Swatch style={line.style} line={line.line} />}
              {line.label}
            </dt>
            <dd>{line.value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
