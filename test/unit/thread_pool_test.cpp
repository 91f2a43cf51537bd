// The thread pool compiled libraries link (compiler/codegen/ThreadPool.c),
// called directly as the kernels call it.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

extern "C" int halide_do_par_for(void *user_context,
                                 int (*task)(void *user_context, int index, uint8_t *closure),
                                 int min, int size, uint8_t *closure);

namespace {

// Two threads, as on the project's machines; read when the pool starts (at
// the first loop of each test process).
void useTwoThreads() { setenv("HL_NUM_THREADS", "2", 1); }

struct Counts {
  std::vector<std::atomic<int>> runs;
  explicit Counts(int size) : runs(size) {}
};

int countRun(void *, int index, uint8_t *closure) {
  reinterpret_cast<Counts *>(closure)->runs[index - 100]++;
  return 0;
}

TEST(ThreadPool, RunsEveryIterationOnce) {
  useTwoThreads();
  for (int size : {1, 2, 3, 7, 64, 1000, 4099}) {
    Counts counts(size);
    ASSERT_EQ(halide_do_par_for(nullptr, countRun, 100, size, reinterpret_cast<uint8_t *>(&counts)),
              0);
    for (int i = 0; i < size; ++i)
      ASSERT_EQ(counts.runs[i], 1) << "iteration " << i << " of " << size;
  }
}

struct Threads {
  std::mutex lock;
  std::set<std::thread::id> ids;
};

int recordThread(void *, int, uint8_t *closure) {
  auto *threads = reinterpret_cast<Threads *>(closure);
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  std::lock_guard<std::mutex> guard(threads->lock);
  threads->ids.insert(std::this_thread::get_id());
  return 0;
}

TEST(ThreadPool, SharesIterationsBetweenThreads) {
  useTwoThreads();
  Threads threads;
  ASSERT_EQ(halide_do_par_for(nullptr, recordThread, 0, 16, reinterpret_cast<uint8_t *>(&threads)),
            0);
  EXPECT_EQ(threads.ids.size(), 2u);
}

int failAt37(void *, int index, uint8_t *) { return index == 37 ? -5 : 0; }

TEST(ThreadPool, ReturnsATaskError) {
  useTwoThreads();
  EXPECT_EQ(halide_do_par_for(nullptr, failAt37, 0, 100, nullptr), -5);
  EXPECT_EQ(halide_do_par_for(nullptr, failAt37, 0, 30, nullptr), 0);
  EXPECT_EQ(halide_do_par_for(nullptr, failAt37, 37, 1, nullptr), -5);
}

int innerRun(void *, int, uint8_t *closure) {
  reinterpret_cast<std::atomic<int> *>(closure)->fetch_add(1);
  return 0;
}

int outerRun(void *, int, uint8_t *closure) {
  // A parallel loop inside a task runs serially on the task's thread.
  return halide_do_par_for(nullptr, innerRun, 0, 16, closure);
}

TEST(ThreadPool, RunsNestedLoops) {
  useTwoThreads();
  std::atomic<int> inner{0};
  ASSERT_EQ(halide_do_par_for(nullptr, outerRun, 0, 8, reinterpret_cast<uint8_t *>(&inner)), 0);
  EXPECT_EQ(inner, 8 * 16);
}

TEST(ThreadPool, RunsLoopsFromConcurrentCallers) {
  useTwoThreads();
  std::vector<std::thread> callers;
  std::vector<std::atomic<int>> totals(4);
  for (int c = 0; c < 4; ++c)
    callers.emplace_back([&, c] {
      for (int repeat = 0; repeat < 200; ++repeat)
        halide_do_par_for(nullptr, innerRun, 0, 50, reinterpret_cast<uint8_t *>(&totals[c]));
    });
  for (std::thread &caller : callers)
    caller.join();
  for (int c = 0; c < 4; ++c)
    EXPECT_EQ(totals[c], 200 * 50) << "caller " << c;
}

} // namespace
