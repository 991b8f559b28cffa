import { DIETS, type SortKey, type SortOrder } from '@dinosaurs/domain';
import { useId } from 'react';
import type { View } from '../view';
import { capitalize } from './format';

const SORTS: { value: `${SortKey}-${SortOrder}`; label: string }[] = [
  { value: 'name-asc', label: 'Name, A to Z' },
  { value: 'name-desc', label: 'Name, Z to A' },
  { value: 'length-asc', label: 'Length, shortest first' },
  { value: 'length-desc', label: 'Length, longest first' },
];

const DIET_CHOICES = [
  { value: 'all', label: 'All' },
  ...DIETS.map((diet) => ({ value: diet, label: capitalize(diet) })),
];

interface ViewControlsProps {
  view: View;
  onChange: (view: View, options?: { replace?: boolean }) => void;
}

/** Filter by diet, search by name, sort: native controls, so keyboards and screen readers know them. */
export function ViewControls({ view, onChange }: ViewControlsProps) {
  const searchId = useId();
  const sortId = useId();
  return (
    <form className="controls" role="search" onSubmit={(event) => event.preventDefault()}>
      <div className="control">
        <label htmlFor={searchId}>Search by name</label>
        <input
          id={searchId}
          type="search"
          autoComplete="off"
          spellCheck={false}
          value={view.q}
          onChange={(event) => onChange({ ...view, q: event.target.value }, { replace: true })}
        />
      </div>
      <fieldset className="control diets">
        <legend>Diet</legend>
        {DIET_CHOICES.map(({ value, label }) => (
          <label key={value} className="diet-choice">
            <input
              type="radio"
              name="diet"
              value={value}
              checked={view.diet === value}
              onChange={() => onChange({ ...view, diet: value as View['diet'] })}
            />
            {label}
          </label>
        ))}
      </fieldset>
      <div className="control">
        <label htmlFor={sortId}>Sort by</label>
        <select
          id={sortId}
          value={`${view.sort}-${view.order}`}
          onChange={(event) => {
            const [sort, order] = event.target.value.split('-') as [SortKey, SortOrder];
            onChange({ ...view, sort, order });
          }}
        >
          {SORTS.map(({ value, label }) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}
