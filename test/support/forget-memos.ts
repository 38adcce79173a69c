import { beforeAll } from 'vitest'
import { forgetMemos } from '../../src/domain/memo.js'

// The mutation run imports the sources once for all test files (isolate: false) and switches
// mutants at run time: a formatter memoised by an earlier run would hide a mutant in the code
// that builds it. Each test file starts with every memo empty.
beforeAll(forgetMemos)
