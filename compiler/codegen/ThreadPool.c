// The thread pool every compiled library links in place of the Halide
// runtime's: a strong halide_do_par_for, which overrides the runtime's weak
// one. It is C with pthreads only, since the library links nothing else.
//
// Why not Halide's pool: its workers claim a parallel loop's iterations one
// at a time, so a worker gets different rows in each kernel. On this
// project's 2-vCPU machines a cache line written by the other vCPU costs
// three times as much to read (1.5 MB: 55-60 us against 17-18), and
// memory-bound chains (MobileNetV2's 1x1, depthwise and 1x1 blocks) ran no
// faster on two threads than on one. Here the caller and each worker start
// on their own contiguous share of the iterations, the same share in every
// kernel of a call, and take what is left of the others' shares when they
// run out (a vCPU of these VMs is sometimes slow). Workers spin between
// kernels, then sleep. MobileNetV2 at two threads: 5.65 -> 4.64 ms.
//
// The pool's state is process-wide, as the Halide runtime's is: one pool
// per library, created at its first parallel loop, stopped when the library
// is unloaded. A call from inside a task, or from a second thread while a
// loop runs, runs its iterations serially on the calling thread.
#include <immintrin.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

// Halide 14's halide_task_t (HalideRuntime.h).
typedef int (*halide_task_t)(void *user_context, int task_number, uint8_t *closure);

enum {
  kMaxThreads = 64,
  // 0.64 ms of pause instructions here: longer than the glue between two
  // kernels, short enough not to burn a core long after a call.
  kSpinsBeforeSleep = 1 << 15,
  kMaxIterations = (1 << 20) - 1, // a share's end fits in 20 bits
};

// Each share is one word: generation (24 bits) | end (20) | next (20), so
// that claiming an iteration (a compare-and-swap) fails for a worker that
// still looks at an earlier loop.
static _Atomic uint64_t shares[kMaxThreads];
// The generation of the loop in progress, which workers wait on.
static _Atomic uint64_t current_generation;

static halide_task_t loop_task;
static void *loop_context;
static uint8_t *loop_closure;
static int loop_min;
static atomic_int iterations_done;
static atomic_int loop_error;

static pthread_mutex_t caller_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t sleep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake_workers = PTHREAD_COND_INITIALIZER;
static atomic_int sleeping_workers;
static atomic_int stopping;
static pthread_once_t pool_started = PTHREAD_ONCE_INIT;
static pthread_t workers[kMaxThreads - 1];
static int worker_count;
static int participants = 1;
static uint64_t last_generation;
static _Thread_local int inside_task;

static uint64_t generation_of(uint64_t word) { return word >> 40; }

// Runs the iterations of one share that are left, while the share belongs
// to `generation`.
static void run_share(_Atomic uint64_t *share, uint64_t generation) {
  uint64_t word = atomic_load(share);
  while (generation_of(word) == generation) {
    uint64_t end = (word >> 20) & 0xFFFFF, next = word & 0xFFFFF;
    if (next >= end)
      return;
    if (!atomic_compare_exchange_weak(share, &word, word + 1))
      continue;
    // The claimed iteration is not done, so the caller is still waiting
    // and the loop's fields are stable.
    inside_task = 1;
    int result = loop_task(loop_context, loop_min + (int)next, loop_closure);
    inside_task = 0;
    if (result)
      atomic_store(&loop_error, result);
    atomic_fetch_add(&iterations_done, 1);
    word = atomic_load(share);
  }
}

// Participant `self`'s own share first, then the others'.
static void run_loop(uint64_t generation, int self) {
  for (int i = 0; i < participants; ++i)
    run_share(&shares[(self + i) % participants], generation);
}

static void wait_for_loop(uint64_t seen) {
  int spins = 0;
  while (atomic_load(&current_generation) == seen && !atomic_load(&stopping)) {
    if (++spins < kSpinsBeforeSleep) {
      _mm_pause();
      continue;
    }
    pthread_mutex_lock(&sleep_lock);
    atomic_fetch_add(&sleeping_workers, 1);
    while (atomic_load(&current_generation) == seen && !atomic_load(&stopping))
      pthread_cond_wait(&wake_workers, &sleep_lock);
    atomic_fetch_sub(&sleeping_workers, 1);
    pthread_mutex_unlock(&sleep_lock);
    spins = 0;
  }
}

static void *worker_main(void *self) {
  // The pool starts before the first loop is published, which may be
  // before this thread runs: generation 0 is the one before any loop.
  uint64_t seen = 0;
  for (;;) {
    wait_for_loop(seen);
    if (atomic_load(&stopping))
      return NULL;
    seen = atomic_load(&current_generation);
    run_loop(seen, (int)(intptr_t)self);
  }
}

// HL_NUM_THREADS (or HL_NUMTHREADS), else the online CPUs: as Halide's pool.
static int thread_count(void) {
  const char *value = getenv("HL_NUM_THREADS");
  if (!value)
    value = getenv("HL_NUMTHREADS");
  long threads = value ? atol(value) : sysconf(_SC_NPROCESSORS_ONLN);
  return threads < 1 ? 1 : threads > kMaxThreads ? kMaxThreads : (int)threads;
}

static void start_pool(void) {
  int threads = thread_count();
  for (int i = 1; i < threads; ++i)
    if (pthread_create(&workers[worker_count], NULL, worker_main, (void *)(intptr_t)i) == 0)
      ++worker_count;
    else
      break;
  participants = worker_count + 1;
}

// Workers run the library's code: they must be gone before it is unloaded.
__attribute__((destructor)) static void stop_pool(void) {
  atomic_store(&stopping, 1);
  pthread_mutex_lock(&sleep_lock);
  pthread_cond_broadcast(&wake_workers);
  pthread_mutex_unlock(&sleep_lock);
  for (int i = 0; i < worker_count; ++i)
    pthread_join(workers[i], NULL);
  worker_count = 0;
}

static int run_serially(void *user_context, halide_task_t task, int min, int size,
                        uint8_t *closure) {
  for (int i = 0; i < size; ++i) {
    int result = task(user_context, min + i, closure);
    if (result)
      return result;
  }
  return 0;
}

// Iterations [min, min + size) on every participant; size <= kMaxIterations.
static int run_parallel(void *user_context, halide_task_t task, int min, int size,
                        uint8_t *closure) {
  loop_task = task, loop_context = user_context, loop_closure = closure, loop_min = min;
  atomic_store(&iterations_done, 0);
  atomic_store(&loop_error, 0);
  uint64_t generation = last_generation = (last_generation + 1) & 0xFFFFFF;
  for (int i = 0; i < participants; ++i) {
    uint64_t begin = (uint64_t)size * i / participants;
    uint64_t end = (uint64_t)size * (i + 1) / participants;
    atomic_store(&shares[i], generation << 40 | end << 20 | begin);
  }
  atomic_store(&current_generation, generation);
  // A worker counts itself sleeping before it checks the generation, and
  // the generation is stored before this check (both sequentially
  // consistent): either it sees the new loop or it is woken.
  if (atomic_load(&sleeping_workers) > 0) {
    pthread_mutex_lock(&sleep_lock);
    pthread_cond_broadcast(&wake_workers);
    pthread_mutex_unlock(&sleep_lock);
  }
  run_loop(generation, 0);
  while (atomic_load(&iterations_done) < size)
    _mm_pause();
  return atomic_load(&loop_error);
}

int halide_do_par_for(void *user_context, halide_task_t task, int min, int size, uint8_t *closure) {
  if (size <= 0)
    return 0;
  pthread_once(&pool_started, start_pool);
  if (inside_task || worker_count == 0 || size == 1 || pthread_mutex_trylock(&caller_lock) != 0)
    return run_serially(user_context, task, min, size, closure);
  int error = 0;
  for (int start = 0; start < size && !error; start += kMaxIterations) {
    int count = size - start < kMaxIterations ? size - start : kMaxIterations;
    error = run_parallel(user_context, task, min + start, count, closure);
  }
  pthread_mutex_unlock(&caller_lock);
  return error;
}
