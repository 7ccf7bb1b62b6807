import { createSuiteReport } from '../helpers/suiteReport';

export const { say, note, checked, step, anyStepFailed, printSummary } = createSuiteReport('e2e');
