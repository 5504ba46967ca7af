import { lazy } from 'react';

/**
 * The drawn charts, loaded on demand: Recharts is most of the dashboard's weight, and the
 * metric cards, tables and empty states shouldn't wait for it. All views share one chunk.
 */
const load = () => import('@/features/dashboard/charts/chart-views-bundle');

export const DailyHoursChartView = lazy(() => load().then((m) => ({ default: m.DailyHoursChartView })));
export const TrendChartView = lazy(() => load().then((m) => ({ default: m.TrendChartView })));
export const DistributionChartView = lazy(() => load().then((m) => ({ default: m.DistributionChartView })));
export const ProductiveHoursChartView = lazy(() => load().then((m) => ({ default: m.ProductiveHoursChartView })));
export const TaskBreakdownChartView = lazy(() => load().then((m) => ({ default: m.TaskBreakdownChartView })));
