// SPDX-License-Identifier: MIT
// Computes trainable / total parameter counts for the editor's config off the GUI thread
// (core::countParameters reads at most a backbone's config.json). Newer requests supersede older.
#pragma once

#include "core/model/freeze_policy.h"

#include <QFutureWatcher>
#include <QJsonObject>
#include <QObject>

namespace fpt::app {

struct CountResult {
    qint64 trainable = -1;
    qint64 total = -1;
    bool pretrained = false;
};

class ParameterCountService : public QObject {
    Q_OBJECT

public:
    explicit ParameterCountService(QObject* parent = nullptr);
    ~ParameterCountService() override;

    void request(const QJsonObject& config);
    /// Synchronous form (tests and the CLI-like uses).
    static CountResult compute(const QJsonObject& config);

Q_SIGNALS:
    void counted(qint64 trainable, qint64 total);
    void architectureLocked(bool locked);

private:
    void launch();
    QFutureWatcher<CountResult> m_watcher;
    QJsonObject m_pending;
    bool m_hasPending = false;
};

}  // namespace fpt::app
