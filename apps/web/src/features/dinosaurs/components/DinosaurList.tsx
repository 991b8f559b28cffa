import type { Dinosaur } from '@dinosaurs/dinosaur-domain';
import { useId } from 'react';
import { capitalize, formatMeters } from '../format';

/** One card per dinosaur: what it is called, how to say it, what it ate, how long it grew. */
export function DinosaurList({ dinosaurs }: { dinosaurs: readonly Dinosaur[] }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      {/* The cards' names are headings too, so the outline needs one above them. */}
      <h2 id={headingId} className="visually-hidden">
        The dinosaurs
      </h2>
      <ul className="cards" aria-label="Dinosaurs">
        {dinosaurs.map((dinosaur) => (
          <li key={dinosaur.Name} className="card">
            <h3>{dinosaur.Name}</h3>
            <p className="pronunciation">
              <span className="visually-hidden">Pronounced </span>
              {dinosaur.Pronunciation}
            </p>
            <dl className="facts">
              <div>
                <dt>Diet</dt>
                <dd>
                  <span className={`diet diet-${dinosaur.Diet}`}>{capitalize(dinosaur.Diet)}</span>
                </dd>
              </div>
              <div>
                <dt>Length</dt>
                <dd>{formatMeters(dinosaur.LengthInMeters)}</dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}
