import { configure } from '@testing-library/react';
import '@testing-library/jest-dom';

// Pages load lazily; on a loaded CI machine the first render can take more
// than testing-library's default 1 s, so findBy*/waitFor wait up to 10 s.
configure({ asyncUtilTimeout: 10_000 });
