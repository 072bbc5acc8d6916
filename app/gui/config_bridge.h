// SPDX-License-Identifier: MIT
// QJsonObject (widgets) <-> nlohmann::json <-> core::RunConfig, and validation issues as
// (JSON pointer, message) pairs the editor highlights.
#pragma once

#include "core/config/run_config.h"

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace fpt::app {

class ConfigBridge {
public:
    static QJsonObject toJson(const core::RunConfig& config);
    /// The CLI's strict parse + validation (core::checkedRunConfig); problems go to `issues`
    /// (empty when the config is usable). Converts; does not validate on its own.
    static core::RunConfig fromJson(const QJsonObject& json, QList<QPair<QString, QString>>& issues);
    static nlohmann::json toNlohmann(const QJsonObject& json);
    static QJsonObject loadPreset(const QString& path, QString& error);
    static bool savePreset(const QString& path, const QJsonObject& json, QString& error);
};

}  // namespace fpt::app
