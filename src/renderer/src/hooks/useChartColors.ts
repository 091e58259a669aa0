/**
 * Chart colours come from the same CSS variables as the rest of the theme. SVG presentation attributes
 * cannot use `var()`, so the values are read and re-read when the OS switches light/dark.
 */
import { useSyncExternalStore } from 'react';

export interface ChartColors {
  bar: string;
  barMuted: string;
  track: string;
  grid: string;
  text: string;
}

const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');
let cached: { dark: boolean; colors: ChartColors } | undefined;

function read(): ChartColors {
  if (cached?.dark === darkQuery.matches) return cached.colors;
  const style = getComputedStyle(document.documentElement);
  const value = (name: string) => style.getPropertyValue(name).trim();
  const colors = {
    bar: value('--chart-bar'),
    barMuted: value('--chart-bar-muted'),
    track: value('--chart-track'),
    grid: value('--chart-grid'),
    text: value('--text-muted'),
  };
  cached = { dark: darkQuery.matches, colors };
  return colors;
}

function subscribe(listener: () => void): () => void {
  darkQuery.addEventListener('change', listener);
  return () => darkQuery.removeEventListener('change', listener);
}

export function useChartColors(): ChartColors {
  return useSyncExternalStore(subscribe, read);
}
