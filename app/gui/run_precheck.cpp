// SPDX-License-Identifier: MIT
// Depth and data checks before a run is queued (see run_precheck.h).
#include "app/gui/run_precheck.h"

#include "app/gui/config_bridge.h"
#include "core/backbones/backbone_registry.h"
#include "core/data/data_paths.h"
#include "core/model/gpt2_config.h"

#include <QDir>
#include <QFileInfo>

namespace fpt::app {

namespace {

// The body's depth: the backbone's config for a pretrained body, else model.n_layer; -1 when
// the backbone cannot be resolved (the config reader reports that itself).
int64_t bodyDepth(const core::ModelConfig& model) {
    if (model.kind == core::ModelKind::Lstm || model.backbone.empty() || model.backbone == "random") {
        return model.n_layer;
    }
    try {
        const auto info = core::BackboneRegistry::resolve(model.backbone);
        return core::readGpt2Config(info.folder + "/config.json").n_layer;
    } catch (const std::exception&) {
        return -1;
    }
}

void checkLayers(const std::vector<int64_t>& layers, int64_t depth, const QString& path,
                 QList<QPair<QString, QString>>& issues) {
    for (size_t i = 0; i < layers.size(); ++i) {
        if (layers[i] >= depth || layers[i] < -depth) {
            issues.append({path, QObject::tr("layer %1 does not exist: the body has %2 layers "
                                             "(use 0 to %3, or -1 for the last)")
                                     .arg(layers[i]).arg(depth).arg(depth - 1)});
        }
    }
}

// Files a task's folder must hold (besides being a non-empty folder).
QStringList requiredFiles(core::TaskKind task) {
    if (task == core::TaskKind::Cifar10 || task == core::TaskKind::Cifar10Lra) {
        return {QStringLiteral("data_batch_1.bin"), QStringLiteral("test_batch.bin")};
    }
    return {};
}

QString dataProblem(const core::TaskConfig& task) {
    if (task.name == core::TaskKind::ListOps && task.source != "files") {
        return {};  // the built-in generator needs no files
    }
    const QString folder = QString::fromStdString(core::resolveDataPath(task));
    if (folder.isEmpty()) {
        return {};  // generated data (bit tasks)
    }
    const QString where = QObject::tr("see docs/data.md for where to get the %1 files")
                              .arg(QString::fromStdString(core::toString(task.name)));
    if (!QFileInfo(folder).isDir()) {
        return QObject::tr("data folder '%1' does not exist; %2").arg(folder, where);
    }
    QStringList missing;
    for (const auto& file : requiredFiles(task.name)) {
        if (!QFileInfo::exists(QDir(folder).filePath(file))) {
            missing.append(file);
        }
    }
    if (!missing.isEmpty()) {
        return QObject::tr("data folder '%1' lacks %2; %3").arg(folder, missing.join(QStringLiteral(", ")), where);
    }
    if (QDir(folder).entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot).isEmpty()) {
        return QObject::tr("data folder '%1' is empty; %2").arg(folder, where);
    }
    return {};
}

}  // namespace

QList<QPair<QString, QString>> precheckRun(const core::RunConfig& config) {
    QList<QPair<QString, QString>> issues;
    const int64_t depth = bodyDepth(config.model);
    if (depth > 0) {
        checkLayers(config.model.unfreeze_attn_layers, depth, QStringLiteral("/model/unfreeze_attn_layers"), issues);
        checkLayers(config.model.unfreeze_ff_layers, depth, QStringLiteral("/model/unfreeze_ff_layers"), issues);
    }
    if (const QString problem = dataProblem(config.task); !problem.isEmpty()) {
        issues.append({QStringLiteral("/task/data_path"), problem});
    }
    return issues;
}

QString presetDataNote(const QString& presetPath) {
    QString error;
    const auto json = ConfigBridge::loadPreset(presetPath, error);
    if (json.isEmpty()) {
        return {};
    }
    QList<QPair<QString, QString>> issues;
    const auto parsed = ConfigBridge::fromJson(json, issues);
    return issues.isEmpty() ? dataProblem(parsed.task) : QString();
}

}  // namespace fpt::app
