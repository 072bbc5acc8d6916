// SPDX-License-Identifier: MIT
// c10d rendezvous (TCPStore) and collectives (ProcessGroupGloo / ProcessGroupNCCL). Failures
// become TrainingError naming the rank that went silent, so no rank hangs on a dead peer.
#include "core/distributed/gloo_gradient_sync.h"

#include "core/config/core_logger.h"
#include "core/config/error.h"

#include <c10/util/Exception.h>
#include <spdlog/spdlog.h>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/torch.h>
#ifdef FPT_HAVE_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#ifdef USE_C10D_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <chrono>
#include <cstdlib>
#include <netdb.h>
#include <numeric>
#include <optional>
#include <sstream>
#include <sys/socket.h>
#include <unistd.h>

namespace fpt::core {

namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds toMillis(double seconds) {
    return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000.0));
}

std::string formatSeconds(double seconds) {
    std::ostringstream out;
    out << seconds << " s";
    return out.str();
}

/// One line of an exception's text: no C++ backtrace, no leading "[file.cc:123] ".
std::string describe(const std::exception& e) {
    const auto* c10Error = dynamic_cast<const c10::Error*>(&e);
    std::string text = c10Error != nullptr ? c10Error->what_without_backtrace() : e.what();
    if (const auto newline = text.find('\n'); newline != std::string::npos) {
        text.resize(newline);
    }
    if (!text.empty() && text.front() == '[') {
        if (const auto close = text.find("] "); close != std::string::npos) {
            text.erase(0, close + 2);
        }
    }
    return text;
}

/// The local address this host uses to reach `host` (a connected UDP socket sends nothing), so
/// Gloo listens on the interface the other ranks can reach rather than wherever the hostname
/// resolves (Debian maps it to 127.0.1.1). "" when it cannot be told.
std::string localAddressTowards(const std::string& host, int port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) {
        return "";
    }
    std::string local;
    for (const addrinfo* a = found; a != nullptr && local.empty(); a = a->ai_next) {
        const int fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd < 0) {
            continue;
        }
        sockaddr_storage self{};
        socklen_t size = sizeof(self);
        std::array<char, INET6_ADDRSTRLEN> text{};
        if (connect(fd, a->ai_addr, a->ai_addrlen) == 0 &&
            getsockname(fd, reinterpret_cast<sockaddr*>(&self), &size) == 0) {
            const void* ip =
                self.ss_family == AF_INET
                    ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(&self)->sin_addr)
                    : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(&self)->sin6_addr);
            if (inet_ntop(self.ss_family, ip, text.data(), text.size()) != nullptr) {
                local = text.data();
            }
        }
        close(fd);
    }
    freeaddrinfo(found);
    return local;
}

/// "rank 2" or "ranks 1, 3".
std::string rankList(const std::vector<int>& ranks) {
    std::string text = ranks.size() == 1 ? "rank " : "ranks ";
    for (size_t i = 0; i < ranks.size(); ++i) {
        text += (i > 0 ? ", " : "") + std::to_string(ranks[i]);
    }
    return text;
}

}  // namespace

struct GlooGradientSync::Impl {
    DistributedOptions options;
    c10::intrusive_ptr<c10d::TCPStore> store;
    c10::intrusive_ptr<c10d::ProcessGroup> group;
    torch::Device device{torch::kCPU};  // where collective buffers live (CUDA for NCCL)
    int64_t bytes = 0;
    int64_t calls = 0;
    double seconds = 0.0;
    std::string broken;  // the error of a failed collective; the group is unusable after it

    std::string master() const {
        return options.master_addr + ":" + std::to_string(options.master_port);
    }

    void connectStore();
    void createGroup();
    /// Checks this rank in under `prefix` and waits up to `wait` for the others: the ranks that
    /// did not check in (nullopt: the store went away while looking). Throws when this rank
    /// cannot check in at all.
    std::optional<std::vector<int>> rollCall(const std::string& prefix,
                                             std::chrono::milliseconds wait);
    void wait(const c10::intrusive_ptr<c10d::Work>& work, const std::string& what);
    std::string lostRanks();

    void checkUsable() const {
        if (!broken.empty()) {
            throw TrainingError(broken);
        }
    }
};

void GlooGradientSync::Impl::connectStore() {
    c10d::TCPStoreOptions o;
    o.port = static_cast<std::uint16_t>(options.master_port);
    o.isServer = options.rank == 0;
    o.waitWorkers = false;  // a roll call below names the ranks that are missing
    o.timeout = toMillis(options.timeout_s);
    try {
        store = c10::make_intrusive<c10d::TCPStore>(options.master_addr, o);
    } catch (const std::exception& e) {
        if (options.rank == 0) {
            throw TrainingError("rank 0 could not serve the rendezvous at " + master() + " (" +
                                describe(e) +
                                "); is another job using that port? Pick another --master port");
        }
        throw TrainingError("rank " + std::to_string(options.rank) +
                            " could not reach the master " + master() + " within " +
                            formatSeconds(options.timeout_s) + " (" + describe(e) +
                            "); is rank 0 running with the same --master, and is "
                            "that address reachable from this host?");
    }
    // Every rank checks in and waits for the others, so a missing rank is named.
    std::optional<std::vector<int>> missing;
    try {
        missing = rollCall("fpt/joined/", toMillis(options.timeout_s));
    } catch (const std::exception& e) {
        throw TrainingError("rank " + std::to_string(options.rank) + " lost the master " +
                            master() + " while joining (" + describe(e) + ")");
    }
    if (!missing || !missing->empty()) {
        throw TrainingError((missing ? rankList(*missing) : std::string("some ranks")) +
                            " did not join " + master() + " within " +
                            formatSeconds(options.timeout_s) + " (world size " +
                            std::to_string(options.world_size) +
                            "); start every rank with "
                            "--world-size " +
                            std::to_string(options.world_size) + " and the same --master");
    }
}

void GlooGradientSync::Impl::createGroup() {
    const auto timeout = toMillis(options.timeout_s);
    try {
        if (options.backend == "nccl") {
#ifdef USE_C10D_NCCL
            // Untested here (no GPU): one GPU per process, chosen by CUDA_VISIBLE_DEVICES.
            auto o = c10d::ProcessGroupNCCL::Options::create();
            o->timeout = timeout;
            group = c10::make_intrusive<c10d::ProcessGroupNCCL>(store, options.rank,
                                                                options.world_size, o);
            device = torch::Device(torch::kCUDA);
#endif
        } else {
#ifdef FPT_HAVE_GLOO
            auto o = c10d::ProcessGroupGloo::Options::create(timeout);
            const char* ifname = std::getenv("GLOO_SOCKET_IFNAME");
            const std::string local = localAddressTowards(options.master_addr, options.master_port);
            if (ifname != nullptr && *ifname != '\0') {
                o->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(ifname));
            } else if (!local.empty()) {
                o->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname(local));
            } else {
                o->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
            }
            o->threads = 1;  // one collective at a time: the trainer waits on each
            group = c10::make_intrusive<c10d::ProcessGroupGloo>(store, options.rank,
                                                                options.world_size, o);
#endif
        }
    } catch (const std::exception& e) {
        throw TrainingError("rank " + std::to_string(options.rank) + " could not connect to all " +
                            std::to_string(options.world_size) + " ranks within " +
                            formatSeconds(options.timeout_s) + " (" + describe(e) +
                            "); check that the hosts can reach each other (GLOO_SOCKET_IFNAME "
                            "picks the network interface)");
    }
}

std::optional<std::vector<int>> GlooGradientSync::Impl::rollCall(const std::string& prefix,
                                                                 std::chrono::milliseconds wait) {
    store->set(prefix + std::to_string(options.rank), std::vector<uint8_t>{1});
    std::vector<std::string> keys;
    keys.reserve(static_cast<size_t>(options.world_size));
    for (int r = 0; r < options.world_size; ++r) {
        keys.push_back(prefix + std::to_string(r));
    }
    try {
        store->wait(keys, wait);
        return std::vector<int>{};
    } catch (const std::exception&) {
        // not all checked in within `wait`: find out who is missing
    }
    std::vector<int> missing;
    for (int r = 0; r < options.world_size; ++r) {
        try {
            if (!store->check({keys[static_cast<size_t>(r)]})) {
                missing.push_back(r);
            }
        } catch (const std::exception&) {
            return std::nullopt;  // the store (rank 0) went away meanwhile
        }
    }
    return missing;
}

std::string GlooGradientSync::Impl::lostRanks() {
    if (options.world_size == 2) {
        return "rank " + std::to_string(1 - options.rank);
    }
    // Survivors check in; the silent ones are missing. Rank 0 serves the store, so a store that
    // cannot be written to means rank 0 is gone.
    try {
        const auto missing = rollCall("fpt/alive/", toMillis(std::min(options.timeout_s, 5.0)));
        return missing && !missing->empty() ? rankList(*missing) : "a rank";
    } catch (const std::exception&) {
        return "rank 0 (the master at " + master() + ")";
    }
}

void GlooGradientSync::Impl::wait(const c10::intrusive_ptr<c10d::Work>& work,
                                  const std::string& what) {
    try {
        work->wait();  // the backend enforces options.timeout_s on every transfer
    } catch (const std::exception& e) {
        const std::string lost = lostRanks();
        broken = lost + " stopped responding (" + what + ": " + describe(e) +
                 "); the run folder keeps the last checkpoint";
        throw TrainingError(broken);
    }
}

GlooGradientSync::GlooGradientSync(DistributedOptions options)
    : m_impl(std::make_unique<Impl>()) {
    m_impl->options = std::move(options);
    const auto& o = m_impl->options;
    if (const auto issues = validate(o); !issues.empty()) {
        throw ConfigValidationError("distributed options", issues);
    }
    if (!backendAvailable(o.backend)) {
        throw ConfigError(o.backend == "nccl"
                              ? "backend nccl needs a LibTorch built with CUDA and NCCL; this one "
                                "has neither: use --dist-backend gloo"
                              : "backend gloo needs Gloo's headers at build time: install "
                                "libgloo-dev and rebuild fpt");
    }
    const auto t0 = Clock::now();
    m_impl->connectStore();
    m_impl->createGroup();
    coreLogger()->info("rank {} of {} joined {} ({}) in {:.2f} s", o.rank, o.world_size,
                       m_impl->master(), o.backend,
                       std::chrono::duration<double>(Clock::now() - t0).count());
}

GlooGradientSync::~GlooGradientSync() {
    if (m_impl->calls > 0) {
        coreLogger()->info("rank {}: {} all-reduces, {} bytes, {:.3f} s", m_impl->options.rank,
                           m_impl->calls, m_impl->bytes, m_impl->seconds);
    }
    m_impl->group.reset();  // the process group before the store it rendezvoused through
    m_impl->store.reset();
}

bool GlooGradientSync::backendAvailable(const std::string& backend) {
#ifdef FPT_HAVE_GLOO
    if (backend == "gloo") {
        return true;
    }
#endif
#ifdef USE_C10D_NCCL
    if (backend == "nccl") {
        return torch::cuda::is_available();
    }
#endif
    (void)backend;
    return false;
}

int GlooGradientSync::rank() const {
    return m_impl->options.rank;
}

int GlooGradientSync::worldSize() const {
    return m_impl->options.world_size;
}

std::string GlooGradientSync::backend() const {
    return m_impl->options.backend;
}

void GlooGradientSync::broadcast(std::vector<torch::Tensor>& tensors) {
    m_impl->checkUsable();
    if (worldSize() == 1 || tensors.empty()) {
        return;
    }
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> parts;
    parts.reserve(tensors.size());
    for (const auto& t : tensors) {
        parts.push_back(t.detach().reshape({-1}).to(m_impl->device));
    }
    // Ranks built from different configs would broadcast buffers of different sizes: compare
    // first (max of n and of -n gives the largest and the smallest count).
    const auto n = static_cast<double>(
        std::accumulate(parts.begin(), parts.end(), int64_t{0},
                        [](int64_t s, const auto& p) { return s + p.numel(); }));
    std::vector<torch::Tensor> sizes = {torch::tensor({n, -n}, torch::kFloat64).to(m_impl->device)};
    c10d::AllreduceOptions maxOp;
    maxOp.reduceOp = c10d::ReduceOp::MAX;
    m_impl->wait(m_impl->group->allreduce(sizes, maxOp), "comparing model sizes");
    const auto range = sizes[0].cpu();
    if (range[0].item<double>() != -range[1].item<double>()) {
        throw ConfigError("the ranks built different models (" +
                          std::to_string(static_cast<int64_t>(-range[1].item<double>())) + " to " +
                          std::to_string(static_cast<int64_t>(range[0].item<double>())) +
                          " values to broadcast): start every rank with the same preset and --set "
                          "overrides");
    }
    std::vector<torch::Tensor> flat = {torch::cat(parts)};  // (sum of numel,)
    c10d::BroadcastOptions fromRank0;
    fromRank0.rootRank = 0;
    m_impl->wait(m_impl->group->broadcast(flat, fromRank0), "broadcast of the initial weights");
    int64_t offset = 0;
    for (auto& t : tensors) {
        const int64_t size = t.numel();
        t.copy_(flat[0].narrow(0, offset, size).view(t.sizes()));
        offset += size;
    }
}

void GlooGradientSync::averageGradients(std::vector<torch::Tensor>& grads) {
    m_impl->checkUsable();
    if (worldSize() == 1 || grads.empty()) {
        return;
    }
    const auto t0 = Clock::now();
    std::vector<torch::Tensor> parts;
    parts.reserve(grads.size());
    for (const auto& g : grads) {
        parts.push_back(g.reshape({-1}));
    }
    // FPT trains ~0.1% of the weights: one small buffer, one all-reduce per step.
    std::vector<torch::Tensor> flat = {torch::cat(parts)};  // (sum of numel,)
    m_impl->wait(m_impl->group->allreduce(flat), "all-reduce of the gradients");
    flat[0].div_(worldSize());
    int64_t offset = 0;
    for (auto& g : grads) {
        const int64_t size = g.numel();
        g.copy_(flat[0].narrow(0, offset, size).view(g.sizes()));
        offset += size;
    }
    m_impl->bytes += flat[0].numel() * static_cast<int64_t>(flat[0].element_size());
    m_impl->calls += 1;
    m_impl->seconds += std::chrono::duration<double>(Clock::now() - t0).count();
}

std::vector<double> GlooGradientSync::averageValues(const std::vector<double>& values) {
    m_impl->checkUsable();
    if (worldSize() == 1 || values.empty()) {
        return values;
    }
    const auto t0 = Clock::now();
    std::vector<torch::Tensor> buffer = {
        torch::tensor(values, torch::kFloat64).to(m_impl->device)};  // (values,)
    m_impl->wait(m_impl->group->allreduce(buffer), "all-reduce of loss and accuracy");
    const auto mean = buffer[0].div(worldSize()).cpu();
    m_impl->bytes += mean.numel() * static_cast<int64_t>(mean.element_size());
    m_impl->calls += 1;
    m_impl->seconds += std::chrono::duration<double>(Clock::now() - t0).count();
    return {mean.data_ptr<double>(), mean.data_ptr<double>() + mean.numel()};
}

void GlooGradientSync::barrier() {
    m_impl->checkUsable();
    if (worldSize() > 1) {
        m_impl->wait(m_impl->group->barrier(), "barrier");
    }
}

int64_t GlooGradientSync::bytesReduced() const {
    return m_impl->bytes;
}

int64_t GlooGradientSync::allReduceCalls() const {
    return m_impl->calls;
}

double GlooGradientSync::syncSeconds() const {
    return m_impl->seconds;
}

}  // namespace fpt::core
