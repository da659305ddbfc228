/** A grouped bar chart on canvas with ECharts, imported piece by piece so the bundle holds only bars. */
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const COLOURS = ['#1d4f91', '#2e8b57', '#c8102e', '#b8860b'];

export function Bars({
  categories,
  series,
  label,
}: {
  categories: string[];
  series: { name: string; values: number[] }[];
  label: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      color: COLOURS,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      // Room for a legend that wraps to two lines on a narrow panel, and for station names on two.
      grid: { left: 36, right: 12, top: 60, bottom: 40 },
      xAxis: {
        type: 'category',
        data: categories,
        // A few long names (stations) each get their slot, wrapped; many short ones (months) thin out.
        axisLabel:
          categories.length <= 6
            ? { interval: 0, overflow: 'break', width: (el.current.clientWidth - 48) / categories.length - 8 }
            : {},
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: series.map((s) => ({ type: 'bar', name: s.name, data: s.values, barMaxWidth: 18 })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [categories, series]);
  return <div ref={el} className="chart" role="img" aria-label={label} />;
}
