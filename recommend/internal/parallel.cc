#include "recommend/internal/parallel.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace meute::recommend::internal {

int ThreadCount(int requested) {
  if (requested > 0) return requested;
  return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 16u));
}

void ParallelFor(int tasks, int threads, const std::function<void(int)>& fn) {
  threads = std::clamp(threads, 1, std::max(tasks, 1));
  if (threads == 1) {
    for (int t = 0; t < tasks; ++t) fn(t);
    return;
  }
  std::atomic<int> next{0};
  auto worker = [&] {
    for (int t = next++; t < tasks; t = next++) fn(t);
  };
  std::vector<std::thread> pool;
  pool.reserve(static_cast<size_t>(threads - 1));
  for (int i = 1; i < threads; ++i) pool.emplace_back(worker);
  worker();
  for (std::thread& th : pool) th.join();
}

}  // namespace meute::recommend::internal
