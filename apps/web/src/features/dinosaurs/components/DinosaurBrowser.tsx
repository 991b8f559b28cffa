import type { Dinosaur } from '@dinosaurs/domain';
import { useDinosaurs } from '../api/get-dinosaurs';
import { useView } from '../use-view';
import { applyView, DEFAULT_VIEW, type View } from '../view';
import { DinosaurList } from './DinosaurList';
import { SizeChart } from './SizeChart';
import { ViewControls } from './ViewControls';

/** The controls, then whichever of loading, error, empty or the dinosaurs applies. */
export function DinosaurBrowser() {
  const [dinosaurs, retry] = useDinosaurs();
  const [view, setView] = useView();
  return (
    <>
      <ViewControls view={view} onChange={setView} />
      {dinosaurs.status === 'loading' && (
        <p role="status" className="notice">
          Loading the dinosaurs…
        </p>
      )}
      {dinosaurs.status === 'error' && (
        <div role="alert" className="notice notice-error">
          <p>
            <strong>The dinosaurs could not be loaded.</strong> {dinosaurs.error.message}
          </p>
          <button type="button" onClick={retry}>
            Retry
          </button>
        </div>
      )}
      {dinosaurs.status === 'ready' && (
        <Results all={dinosaurs.data} view={view} onShowAll={() => setView(DEFAULT_VIEW)} />
      )}
    </>
  );
}

interface ResultsProps {
  all: readonly Dinosaur[];
  view: View;
  onShowAll: () => void;
}

function Results({ all, view, onShowAll }: ResultsProps) {
  const shown = applyView(all, view);
  return (
    <>
      <p role="status" className="count">
        Showing {shown.length} of {all.length} dinosaurs
      </p>
      {shown.length === 0 ? (
        <div className="notice">
          <p>No dinosaur matches this search and diet.</p>
          <button type="button" onClick={onShowAll}>
            Show all dinosaurs
          </button>
        </div>
      ) : (
        <div className="results">
          <DinosaurList dinosaurs={shown} />
          <SizeChart shown={shown} all={all} />
        </div>
      )}
    </>
  );
}
