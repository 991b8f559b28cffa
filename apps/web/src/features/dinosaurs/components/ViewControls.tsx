import { DIETS, type SortKey, type SortOrder } from '@dinosaurs/dinosaur-domain';
import { useId } from 'react';
import type { SetView } from '../use-view';
import type { View } from '../view';
import { capitalize } from '../format';

/** Every pair of key and order, each with its words; the type makes a new key or order need them. */
const SORT_LABELS: Record<`${SortKey}-${SortOrder}`, string> = {
  'name-asc': 'Name, A to Z',
  'name-desc': 'Name, Z to A',
  'length-asc': 'Length, shortest first',
  'length-desc': 'Length, longest first',
};

const DIET_CHOICES: { value: View['diet']; label: string }[] = [
  { value: 'all', label: 'All' },
  ...DIETS.map((diet) => ({ value: diet, label: capitalize(diet) })),
];

interface ViewControlsProps {
  view: View;
  onChange: SetView;
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
              onChange={() => onChange({ ...view, diet: value })}
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
          {Object.entries(SORT_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}
