// SPDX-License-Identifier: MIT
// ParameterCountService implementation.
#include "app/gui/parameter_count_service.h"

#include "app/gui/config_bridge.h"
#include "core/training/parameter_count.h"

#include <QtConcurrent/QtConcurrentRun>

namespace fpt::app {

ParameterCountService::ParameterCountService(QObject* parent)
    : QObject(parent) {
    connect(&m_watcher, &QFutureWatcher<CountResult>::finished, this, [this]() {
        const auto result = m_watcher.result();
        Q_EMIT counted(result.trainable, result.total);
        Q_EMIT architectureLocked(result.pretrained);
        if (m_hasPending) {
            launch();
        }
    });
}

ParameterCountService::~ParameterCountService() { m_watcher.waitForFinished(); }

CountResult ParameterCountService::compute(const QJsonObject& json) {
    CountResult result;
    QList<QPair<QString, QString>> issues;
    const auto config = ConfigBridge::fromJson(json, issues);
    result.pretrained = config.model.kind != core::ModelKind::Lstm && !core::isRandomBackbone(config.model.backbone);
    if (!issues.isEmpty()) {
        return result;
    }
    try {
        const auto counts = core::countParameters(config);
        result.trainable = counts.trainable;
        result.total = counts.total;
    } catch (const std::exception&) {
        // unknown backbone / task: shown as "unknown"; the editor's validation says why
    }
    return result;
}

void ParameterCountService::request(const QJsonObject& config) {
    m_pending = config;
    m_hasPending = true;
    if (!m_watcher.isRunning()) {
        launch();
    }
}

void ParameterCountService::launch() {
    m_hasPending = false;
    const QJsonObject config = m_pending;
    m_watcher.setFuture(QtConcurrent::run([config]() { return compute(config); }));
}

}  // namespace fpt::app
