#pragma once
// The one way gilfree runs independent work items on several threads: files
// to scan, blobs of a git scan, modules to import, test-suite mode runs.
#include <cstddef>
#include <functional>

namespace gilfree {

// The number of worker threads for `jobs` (0: one per core, at least 1).
unsigned resolve_jobs(unsigned jobs);

// Calls work(i) for every i in [0, count), on up to `jobs` threads (0: one per
// core), the calling thread being one of them; items are handed out in order.
// Returns once every started item has finished. When an item throws, no new
// items are started and the exception of the lowest-numbered failed item is
// rethrown here. jobs == 1 runs everything inline, on this thread.
void parallel_for(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& work);

}  // namespace gilfree
