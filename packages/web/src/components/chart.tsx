import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Tree-shaken ECharts: bar charts on canvas only. Canvas needs no inline styles, and the
// tooltip renders as rich text on the canvas (no HTML with style attributes), so a strict CSP
// (`style-src 'self'`) holds.
echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export type BarSeries = { name: string; values: number[]; labels: string[] };

/** A bar chart; `summary` is its text alternative (the data tables follow it on the page). */
export function BarChartView({
  categories,
  series,
  summary,
  testId,
}: {
  categories: string[];
  series: BarSeries[];
  summary: string;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const chart = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.setOption({
      // Screenshots and tests need the final frame at once.
      animation: !navigator.webdriver,
      color: ['#1d4f91', '#b35c00', '#2e7d32'],
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, data: series.map((s) => s.name) },
      tooltip: {
        trigger: 'axis',
        renderMode: 'richText',
        formatter: (params: unknown) => {
          const list = Array.isArray(params)
            ? (params as { seriesIndex: number; dataIndex: number; name: string }[])
            : [];
          const first = list[0];
          if (!first) return '';
          return [
            first.name,
            ...list.map(
              (p) =>
                `${series[p.seriesIndex]?.name ?? ''}: ${series[p.seriesIndex]?.labels[p.dataIndex] ?? ''}`,
            ),
          ].join('\n');
        },
      },
      xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, hideOverlap: true } },
      yAxis: series.map((s, i) => ({
        type: 'value',
        name: s.name,
        position: i === 0 ? 'left' : 'right',
        nameTextStyle: { align: i === 0 ? 'left' : 'right' },
      })),
      series: series.map((s, i) => ({ type: 'bar', name: s.name, yAxisIndex: i, data: s.values })),
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [categories, series]);
  return <div ref={ref} className="chart" role="img" aria-label={summary} data-testid={testId} />;
}
