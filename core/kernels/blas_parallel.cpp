// SPDX-License-Identifier: MIT
// OpenBLAS (pthreads build) threads each GEMM above ~64³ itself; nested inside our own workers
// that would oversubscribe the cores, so openblas_set_num_threads(1) brackets the parallel
// region. The symbols are looked up at run time: other BLAS builds simply lack them.
#include "core/kernels/blas_parallel.h"

#include <dlfcn.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace fpt::core {

namespace {

using SetThreadsFn = void (*)(int);
using GetThreadsFn = int (*)();

struct OpenBlasThreads {
    SetThreadsFn set = nullptr;
    GetThreadsFn get = nullptr;
};

const OpenBlasThreads& openBlas() {
    static const OpenBlasThreads fns = [] {
        OpenBlasThreads f;
        f.set = reinterpret_cast<SetThreadsFn>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
        f.get = reinterpret_cast<GetThreadsFn>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
        if (f.set == nullptr || f.get == nullptr) {
            f = {};
        }
        return f;
    }();
    return fns;
}

/// Holds OpenBLAS at one thread for the guard's lifetime.
class SingleThreadedBlas {
public:
    SingleThreadedBlas() {
        if (openBlas().get != nullptr) {
            m_previous = openBlas().get();
            openBlas().set(1);
        }
    }
    ~SingleThreadedBlas() {
        if (m_previous > 1) {
            openBlas().set(m_previous);
        }
    }
    SingleThreadedBlas(const SingleThreadedBlas&) = delete;
    SingleThreadedBlas& operator=(const SingleThreadedBlas&) = delete;

private:
    int m_previous = 0;
};

std::mutex& regionMutex() {
    static std::mutex m;
    return m;
}

}  // namespace

int blasParallelThreads() {
    static const int threads = [] {
        const int cores = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
        const int blas = openBlas().get != nullptr ? openBlas().get() : cores;
        return std::max(1, std::min(cores, blas));
    }();
    return threads;
}

void parallelForBlas(int64_t items, const std::function<void(int, int64_t)>& fn) {
    const int threads = static_cast<int>(std::min<int64_t>(blasParallelThreads(), items));
    if (threads <= 1) {
        for (int64_t i = 0; i < items; ++i) {
            fn(0, i);
        }
        return;
    }
    // One region at a time: two concurrent regions would each restore the other's thread count.
    std::lock_guard<std::mutex> lock(regionMutex());
    SingleThreadedBlas guard;
    std::atomic<int64_t> next{0};
    std::exception_ptr error;
    std::mutex errorMutex;
    auto work = [&](int worker) {
        try {
            for (int64_t i = next++; i < items; i = next++) {
                fn(worker, i);
            }
        } catch (...) {
            std::lock_guard<std::mutex> errorLock(errorMutex);
            if (!error) {
                error = std::current_exception();
            }
            next = items;  // the others stop at their next item
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(static_cast<std::size_t>(threads - 1));
    for (int w = 1; w < threads; ++w) {
        pool.emplace_back(work, w);
    }
    work(0);
    for (auto& t : pool) {
        t.join();
    }
    if (error) {
        std::rethrow_exception(error);
    }
}

}  // namespace fpt::core
