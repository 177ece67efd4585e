// ParallelFor: runs fn(begin, end) over [0, n) cut into contiguous ranges, one
// per core (at most), on short-lived threads; the calling thread takes the
// first range. For pure per-item work whose result does not depend on the
// cut (each item written by one range only), such as hashing records.
//
// Thread safety: fn is called concurrently from several threads, on disjoint
// ranges.

#ifndef MEUTE_BASE_PARALLEL_H_
#define MEUTE_BASE_PARALLEL_H_

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace meute {

// Calls fn(begin, end) on ranges covering [0, n), each of at least
// `min_per_thread` items (so that small inputs stay on the caller's thread).
template <typename Fn>
void ParallelFor(size_t n, size_t min_per_thread, const Fn& fn) {
  const size_t cores = std::max(1U, std::thread::hardware_concurrency());
  const size_t threads =
      std::min(cores, std::max<size_t>(1, n / std::max<size_t>(1, min_per_thread)));
  if (threads <= 1) {
    if (n > 0) fn(size_t{0}, n);
    return;
  }
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  const size_t step = (n + threads - 1) / threads;
  for (size_t t = 1; t < threads; ++t) {
    const size_t begin = std::min(n, t * step), end = std::min(n, begin + step);
    if (begin < end) pool.emplace_back([&fn, begin, end] { fn(begin, end); });
  }
  fn(size_t{0}, std::min(n, step));
  for (std::thread& th : pool) th.join();
}

}  // namespace meute

#endif  // MEUTE_BASE_PARALLEL_H_
