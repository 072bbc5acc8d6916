// SPDX-License-Identifier: MIT
// Run folder reading for the GUI (the files are core's; this converts them to Qt types).
#include "app/gui/run_folder_loader.h"

#include "app/gui/view_data.h"

#include "core/training/run_folder.h"
#include "core/formats/snapshot_io.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

#include <nlohmann/json.hpp>

namespace fpt::app {

namespace {

MetricRow rowFrom(const nlohmann::json& j) {
    MetricRow r;
    r.split = QString::fromStdString(j.value("split", std::string("train")));
    r.step = j.value("step", int64_t{0});
    r.timeS = j.value("time_s", 0.0);
    r.loss = j.value("loss", 0.0);
    r.accuracy = j.value("accuracy", 0.0);
    return r;
}

}  // namespace

QVector<MetricRow> RunFolderLoader::readNewMetrics(const QString& folder, qint64& offset) {
    QFile file(QDir(folder).filePath(QStringLiteral("metrics.jsonl")));
    QVector<MetricRow> rows;
    if (!file.open(QIODevice::ReadOnly) || file.size() < offset) {
        if (file.isOpen() && file.size() < offset) {
            offset = 0;  // rewritten (a resume truncated it): start over
        }
        return rows;
    }
    file.seek(offset);
    const QByteArray chunk = file.readAll();
    const int lastNewline = chunk.lastIndexOf('\n');
    if (lastNewline < 0) {
        return rows;  // only a partial line so far
    }
    offset += lastNewline + 1;
    const auto lines = core::parseMetricsLines(chunk.left(lastNewline + 1).toStdString());
    for (const auto& line : lines) {
        rows.append(rowFrom(line));
    }
    return rows;
}

QVector<SnapshotData> RunFolderLoader::readSnapshotsAfter(const QString& folder, qint64 afterStep) {
    QVector<SnapshotData> out;
    for (const auto& path : core::listSnapshots(QDir(folder).filePath(QStringLiteral("snapshots")).toStdString())) {
        try {
            auto s = core::readSnapshot(path);
            if (s.step > afterStep) {
                out.append(toSnapshotData(s));
            }
        } catch (const std::exception&) {
            // a snapshot being written right now, or damaged: skipped
        }
    }
    return out;
}

QString RunFolderLoader::readStatus(const QString& folder, qint64* step) {
    try {
        const auto record = core::RunFolder::open(folder.toStdString()).record();
        if (step != nullptr) {
            *step = record.value("step", int64_t{0});
        }
        return QString::fromStdString(record.value("status", std::string()));
    } catch (const std::exception&) {
        return {};
    }
}

LoadedRun RunFolderLoader::load(const QString& folder) {
    const auto run = core::RunFolder::open(folder.toStdString());
    const auto& record = run.record();
    LoadedRun out;
    out.folder = QFileInfo(folder).absoluteFilePath();
    out.status = QString::fromStdString(record.value("status", std::string("unknown")));
    out.message = QString::fromStdString(record.value("message", std::string()));
    out.step = record.value("step", int64_t{0});
    out.config = QJsonDocument::fromJson(QByteArray::fromStdString(record["config"].dump())).object();
    const auto& config = record["config"];
    out.name = QString::fromStdString(config.value("name", std::string()));
    if (out.name.isEmpty()) {
        out.name = QFileInfo(folder).fileName();
    }
    out.totalSteps = config.contains("train") ? config["train"].value("steps", int64_t{0}) : 0;
    if (record.contains("parameters")) {
        out.trainable = record["parameters"].value("trainable", int64_t{0});
        out.total = record["parameters"].value("total", int64_t{0});
    }
    out.info.trainable = out.trainable;
    out.info.total = out.total;
    out.info.totalSteps = out.totalSteps;
    const auto probePath = QDir(folder).filePath(QStringLiteral("probe.json"));
    if (QFile::exists(probePath)) {
        try {
            out.info.probe = toProbeDescription(core::readProbeInfo(probePath.toStdString()));
        } catch (const std::exception&) {
            // labels are a nicety: indices are used instead
        }
    }
    out.rows = readNewMetrics(folder, out.metricsBytes);
    out.snapshots = readSnapshotsAfter(folder, -1);
    return out;
}

}  // namespace fpt::app
