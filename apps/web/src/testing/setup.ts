import '@testing-library/jest-dom';

// The view lives in the URL, and jsdom keeps one window for a whole test file.
beforeEach(() => window.history.replaceState(null, '', '/'));
