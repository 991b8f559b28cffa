import type { Dinosaur } from '@dinosaurs/domain';
import { capitalize, formatMeters } from './format';

/** One card per dinosaur: what it is called, how to say it, what it ate, how long it grew. */
export function DinosaurList({ dinosaurs }: { dinosaurs: readonly Dinosaur[] }) {
  return (
    <ul className="cards" aria-label="Dinosaurs">
      {dinosaurs.map((dinosaur) => (
        <li key={dinosaur.Name} className="card">
          <h2>{dinosaur.Name}</h2>
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
  );
}
