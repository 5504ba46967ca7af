/** Every Recharts view of the dashboard, as one lazily loaded chunk (see chart-views.ts). */
export { DailyHoursChartView } from '@/features/dashboard/charts/DailyHoursChart';
export { DistributionChartView } from '@/features/dashboard/charts/DistributionChart';
export { ProductiveHoursChartView } from '@/features/dashboard/charts/ProductiveHoursChart';
export { TaskBreakdownChartView } from '@/features/dashboard/charts/TaskBreakdownChart';
export { TrendChartView } from '@/features/dashboard/charts/TrendChart';
