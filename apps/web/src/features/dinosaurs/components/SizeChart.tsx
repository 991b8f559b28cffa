import type { Dinosaur } from '@dinosaurs/dinosaur-domain';
import { useId } from 'react';
import { formatMeters } from '../format';

/** Things everyone has stood next to, drawn beside the dinosaurs for scale. */
const REFERENCES = [
  { name: 'Person', LengthInMeters: 1.8, kind: 'person' },
  { name: 'School bus', LengthInMeters: 12, kind: 'bus' },
] as const;

interface SizeChartProps {
  /** The dinosaurs to draw. */
  shown: readonly Dinosaur[];
  /** Every dinosaur: the longest of them sets the scale, so bars keep their size while filtering. */
  all: readonly Dinosaur[];
}

/**
 * Bars scaled by length, longest first, with a person and a bus among them. Each row's text says
 * the same as its bar, so the bars themselves are hidden from screen readers.
 */
export function SizeChart({ shown, all }: SizeChartProps) {
  const headingId = useId();
  const scaleMeters = Math.max(...[...all, ...REFERENCES].map((thing) => thing.LengthInMeters));
  const rows = [
    ...shown.map((dinosaur) => ({ name: dinosaur.Name, LengthInMeters: dinosaur.LengthInMeters, kind: dinosaur.Diet })),
    ...REFERENCES,
  ].sort((a, b) => b.LengthInMeters - a.LengthInMeters || a.name.localeCompare(b.name, 'en'));
  return (
    <section className="size-chart" aria-labelledby={headingId}>
      <h2 id={headingId}>Size comparison</h2>
      <ul aria-label="Lengths, longest first">
        {rows.map((row) => (
          <li key={row.name} className={`size-row size-${row.kind}`}>
            <span className="size-label">
              {row.name}, {formatMeters(row.LengthInMeters)}
            </span>
            <svg
              className="size-bar"
              viewBox="0 0 100 1"
              preserveAspectRatio="none"
              aria-hidden="true"
              data-testid="bar"
            >
              <rect width={(100 * row.LengthInMeters) / scaleMeters} height="1" />
            </svg>
          </li>
        ))}
      </ul>
    </section>
  );
}
