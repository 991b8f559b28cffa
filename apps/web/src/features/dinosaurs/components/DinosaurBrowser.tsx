import type { Dinosaur } from '@dinosaurs/dinosaur-domain';
import { useRef } from 'react';
import { useDinosaurs } from '../api/get-dinosaurs';
import { useView } from '../use-view';
import { applyView, DEFAULT_VIEW } from '../view';
import { DinosaurList } from './DinosaurList';
import { SizeChart } from './SizeChart';
import { ViewControls } from './ViewControls';

/** The controls, then whichever of loading, error, empty or the dinosaurs applies. */
export function DinosaurBrowser() {
  const [dinosaurs, retry] = useDinosaurs();
  const [view, setView] = useView();
  // One live region for the whole life of the page: screen readers announce changes to a region
  // that is already there, not a region that appears with its text. It also takes the focus when
  // the button just pressed goes away (Retry, Show all), so the keyboard keeps its place.
  const status = useRef<HTMLParagraphElement>(null);
  const all: readonly Dinosaur[] | undefined = dinosaurs.status === 'ready' ? dinosaurs.data : undefined;
  const shown = all ? applyView(all, view) : [];
  return (
    <>
      <ViewControls view={view} onChange={setView} />
      <p ref={status} role="status" className="count" tabIndex={-1}>
        {dinosaurs.status === 'loading' && 'Loading the dinosaurs…'}
        {all && `Showing ${shown.length} of ${all.length} dinosaurs`}
      </p>
      {dinosaurs.status === 'error' && (
        <div className="notice notice-error">
          <p role="alert">
            <strong>The dinosaurs could not be loaded.</strong> {dinosaurs.error.message}
          </p>
          <button
            type="button"
            onClick={() => {
              retry();
              status.current?.focus();
            }}
          >
            Retry
          </button>
        </div>
      )}
      {all?.length === 0 && <p className="notice">The API has no dinosaurs to show.</p>}
      {all && all.length > 0 && shown.length === 0 && (
        <div className="notice">
          <p>No dinosaur matches this search and diet.</p>
          <button
            type="button"
            onClick={() => {
              setView(DEFAULT_VIEW);
              status.current?.focus();
            }}
          >
            Show all dinosaurs
          </button>
        </div>
      )}
      {all && shown.length > 0 && (
        <div className="results">
          <DinosaurList dinosaurs={shown} />
          <SizeChart shown={shown} all={all} />
        </div>
      )}
    </>
  );
}
