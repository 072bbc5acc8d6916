// SPDX-License-Identifier: MIT
// Task pretraining through the Trainer, then body export with widened positions.
#include "core/pretraining/task_pretrainer.h"

#include "core/formats/atomic_file_writer.h"
#include "core/backbones/backbone_export.h"
#include "core/config/error.h"
#include "core/model/gpt2_checkpoint.h"
#include "core/training/run_folder.h"
#include "core/tasks/task_factory.h"
#include "core/training/trainer.h"

#include <filesystem>

namespace fpt::core {

namespace fs = std::filesystem;

RunConfig TaskPretrainer::defaultConfig(const std::string& kind) {
    RunConfig c;
    if (kind == "vision") {
        c.name = "pretrain_vision";
        c.description =
            "GPT-2 body trained fully on Fashion-MNIST (4x4 patches as tokens): the "
            "stand-in for the paper's ViT backbone";
        c.task.name = TaskKind::FashionMnist;
        c.train.batch_size = 32;
        c.train.steps = 3000;
    } else if (kind == "bits") {
        c.name = "pretrain_bits";
        c.description =
            "GPT-2 body trained fully on Bit Memory: the paper's bit-memory-pretrained "
            "backbone";
        c.task.name = TaskKind::BitMemory;
        c.train.batch_size = 16;
        c.train.steps = 2000;
    } else {
        throw ConfigError("pretrain: kind '" + kind + "' is not language, vision or bits");
    }
    c.model.kind = ModelKind::Full;
    c.model.backbone = kRandomBackbone;
    c.model.n_layer = 4;
    c.model.n_embd = 256;
    c.model.n_head = 4;
    c.model.dropout = 0.1;
    c.train.learning_rate = 1e-4;  // full-transformer training is unstable at FPT's 1e-3
    c.train.eval_every = 250;
    c.train.eval_batches = 16;
    c.train.checkpoint_every = 250;
    c.train.keep_checkpoints = 1;
    c.train.snapshot_every = 0;
    return c;
}

RunConfig TaskPretrainer::savedConfig(const std::string& outDir) {
    const auto folder = RunFolder::open((fs::path(outDir) / "run").string());
    try {
        return folder.record().at("config").get<RunConfig>();
    } catch (const nlohmann::json::exception& e) {
        throw CheckpointError("'" + folder.file("run.json") + "': unreadable config: " + e.what());
    }
}

TaskPretrainer::TaskPretrainer(std::string kind,
                               RunConfig config,
                               std::string outDir,
                               int64_t nPositions,
                               std::string dtype,
                               bool resume,
                               nlohmann::json record)
    : m_kind(std::move(kind))
    , m_config(std::move(config))
    , m_outDir(std::move(outDir))
    , m_nPositions(nPositions)
    , m_dtype(std::move(dtype))
    , m_resume(resume)
    , m_record(std::move(record)) {
    if (m_config.model.kind != ModelKind::Full || !isRandomBackbone(m_config.model.backbone)) {
        throw ConfigError("pretrain " + m_kind +
                          ": the body must be trained fully from a random "
                          "init (model.kind \"full\", model.backbone \"random\")");
    }
    if (m_outDir.empty()) {
        throw ConfigError("pretrain: an output folder (--out) is needed");
    }
    storageDtype(m_dtype);  // validates
    const auto spec = taskSpecFor(m_config.task);
    if (m_nPositions < spec.seq_len) {
        throw ConfigError("pretrain: --positions " + std::to_string(m_nPositions) +
                          " is fewer than the task's " + std::to_string(spec.seq_len) + " tokens");
    }
}

PretrainResult TaskPretrainer::run(TrainingObserver& observer) {
    TrainerOptions options;
    options.run_dir = (fs::path(m_outDir) / "run").string();
    options.resume = m_resume;
    options.extra_record = m_record;
    Trainer trainer(m_config, options);
    const auto summary = trainer.fit(observer);
    auto& body = trainer.model()->transformer();
    exportBackbone(body, m_outDir, m_nPositions, storageDtype(m_dtype),
                   static_cast<uint64_t>(m_config.train.seed));
    PretrainResult result;
    result.out_dir = m_outDir;
    result.status = summary.status;
    result.message = summary.message;
    result.steps = summary.steps;
    result.seconds = summary.seconds;
    result.seconds_per_step = summary.steps_per_s > 0 ? 1.0 / summary.steps_per_s : 0.0;
    result.test_accuracy = summary.test_accuracy;
    result.test_loss = summary.test_loss;
    const auto& bc = body->config();
    nlohmann::json record = m_record;
    record.update({{"kind", m_kind},
                   {"status", summary.status},
                   {"message", summary.message},
                   {"task", m_config.task},
                   {"config", trainer.config()},
                   {"model",
                    {{"architecture", "GPT2Model (no wte: tasks feed inputs_embeds)"},
                     {"n_layer", bc.n_layer},
                     {"n_embd", bc.n_embd},
                     {"n_head", bc.n_head},
                     {"n_positions", std::max(m_nPositions, bc.n_positions)},
                     {"trained_positions", bc.n_positions},
                     {"activation_function", bc.activation_function}}},
                   {"steps", summary.steps},
                   {"test_accuracy", summary.test_accuracy},
                   {"test_loss", summary.test_loss},
                   {"train_accuracy", summary.train_accuracy},
                   {"wall_time_s", summary.seconds},
                   {"seconds_per_step", result.seconds_per_step},
                   {"run_dir", "run"},
                   {"dtype", m_dtype},
                   {"fingerprint", Gpt2Checkpoint(m_outDir).fingerprint()},
                   {"libtorch_version", TORCH_VERSION},
                   {"fpt_version", FPT_VERSION}});
    AtomicFileWriter::writeText((fs::path(m_outDir) / "pretrain.json").string(),
                                record.dump(2) + "\n");
    return result;
}

}  // namespace fpt::core
