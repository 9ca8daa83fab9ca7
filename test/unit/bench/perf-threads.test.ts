import { samplesByThread } from '../../../bench/perf-threads';

// Three samples of the measured process (pid 100) in the window, one before it and one of another process.
const PERF_SCRIPT = `
 100/100   10.500000: 
	          1dbd638 v8::internal::JsonParser<unsigned char>::ParseJson (/usr/bin/node)
	          ba767b Builtins_JsonParse (/usr/bin/node)

 100/104   11.000000: 
	          1dbd638 v8::internal::compiler::GraphReducer::Reduce (/usr/bin/node)
	          bd54a1 v8::internal::OptimizingCompileDispatcher::CompileNext (/usr/bin/node)

 100/105   11.500000: 
	          1dbd638 v8::internal::ScavengerCollector::CollectGarbage (/usr/bin/node)

 100/100    9.000000: 
	          1dbd638 v8::internal::compiler::GraphReducer::Reduce (/usr/bin/node)

 200/200   11.000000: 
	          1dbd638 v8::internal::ScavengerCollector::CollectGarbage (/usr/bin/node)
`.split('\n');

describe('perf samples split by thread', () => {
  it("counts the window's samples of the process by thread and kind of work, and nothing else", async () => {
    const counts = await samplesByThread(PERF_SCRIPT, { pid: 100, fromNs: 10e9, toNs: 12e9 });
    expect(Object.fromEntries(counts)).toEqual({
      'main thread: everything else': 1,
      'helper threads: optimising (TurboFan)': 1,
      'helper threads: garbage collection': 1,
    });
  });
});
