import { DinosaurBrowser } from '../features/dinosaurs/components/DinosaurBrowser';
import { ServedBy } from '../features/info/components/ServedBy';

export function App() {
  return (
    <>
      <header className="page-header">
        <h1>Dinosaurs</h1>
        <p>What they ate and how long they grew, side by side.</p>
      </header>
      <main className="page-main">
        <DinosaurBrowser />
      </main>
      <footer className="page-footer">
        <ServedBy />
      </footer>
    </>
  );
}
