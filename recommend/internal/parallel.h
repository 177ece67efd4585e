// A minimal parallel loop for the recommender (no thread pool, no shared
// state): the model build's sparse products, normalisations and record
// analysis.
//
// Thread safety: ParallelFor() may be called from any thread; `fn` must be
// safe to run concurrently for distinct tasks.

#ifndef MEUTE_RECOMMEND_INTERNAL_PARALLEL_H_
#define MEUTE_RECOMMEND_INTERNAL_PARALLEL_H_

#include <functional>

namespace meute::recommend::internal {

// `requested` if positive, else the hardware's concurrency (1 to 16).
int ThreadCount(int requested);

// Runs fn(0) ... fn(tasks - 1) on up to `threads` threads, the caller being
// one of them, and returns when all are done. Which thread runs a task is not
// fixed: each task must write only its own outputs, so that the result does
// not depend on the number of threads.
void ParallelFor(int tasks, int threads, const std::function<void(int)>& fn);

}  // namespace meute::recommend::internal

#endif  // MEUTE_RECOMMEND_INTERNAL_PARALLEL_H_
