// SPDX-License-Identifier: MIT
// GradientSync over PyTorch's own c10d: a TCPStore served by rank 0 for the rendezvous and a Gloo
// process group (NCCL on a CUDA LibTorch) for the collectives. One flat buffer per all-reduce.
#pragma once

#include "core/distributed/distributed_options.h"
#include "core/distributed/gradient_sync.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace fpt::core {

class GlooGradientSync : public GradientSync {
public:
    /// Joins the group: rank 0 serves the TCPStore at master_addr:master_port, every rank connects
    /// to it and Gloo connects all ranks pairwise. Blocks until all world_size ranks are there.
    /// Throws ConfigError for bad options or a backend this build lacks, TrainingError when the
    /// group cannot form within timeout_s. Not thread-safe: one training thread per object.
    explicit GlooGradientSync(DistributedOptions options);
    ~GlooGradientSync() override;
    GlooGradientSync(const GlooGradientSync&) = delete;
    GlooGradientSync& operator=(const GlooGradientSync&) = delete;

    /// Whether this build can run `backend` ("gloo" needs Gloo's headers at build time, "nccl" a
    /// CUDA LibTorch with NCCL).
    static bool backendAvailable(const std::string& backend);

    int rank() const override;
    int worldSize() const override;
    std::string backend() const override;
    /// One flat broadcast from rank 0; tensors may require grad (copied under NoGradGuard).
    void broadcast(std::vector<torch::Tensor>& tensors) override;
    /// Flattens the gradients into one buffer, all-reduces its sum once, divides by the world
    /// size and copies back. Every rank must pass the same shapes in the same order.
    void averageGradients(std::vector<torch::Tensor>& grads) override;
    std::vector<double> averageValues(const std::vector<double>& values) override;
    /// Bytes of every all-reduce buffer so far (gradients and values; broadcasts not counted).
    int64_t bytesReduced() const override;

    /// Blocks until every rank has called barrier() (or throws TrainingError on a lost rank).
    void barrier();
    /// All-reduce calls so far and the wall seconds spent in them (flatten and copy-back included).
    int64_t allReduceCalls() const;
    double syncSeconds() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace fpt::core
