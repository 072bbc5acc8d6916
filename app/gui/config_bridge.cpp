// SPDX-License-Identifier: MIT
// Config conversions through JSON text (the one format both sides already agree on).
#include "app/gui/config_bridge.h"

#include "core/config/error.h"

#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

#include <nlohmann/json.hpp>

namespace fpt::app {

QJsonObject ConfigBridge::toJson(const core::RunConfig& config) {
    const nlohmann::json j = config;
    const auto text = QByteArray::fromStdString(j.dump());
    return QJsonDocument::fromJson(text).object();
}

core::RunConfig ConfigBridge::fromJson(const QJsonObject& json, QList<QPair<QString, QString>>& issues) {
    issues.clear();
    const auto text = QJsonDocument(json).toJson(QJsonDocument::Compact).toStdString();
    std::vector<core::ConfigIssue> problems;
    core::RunConfig config;
    try {
        config = core::readRunConfig(nlohmann::json::parse(text), problems);
    } catch (const std::exception& e) {
        issues.append({QStringLiteral("/"), QString::fromUtf8(e.what())});
        return config;
    }
    for (auto& p : core::validate(config)) {
        problems.push_back(std::move(p));
    }
    for (const auto& p : problems) {
        issues.append({QString::fromStdString(p.path), QString::fromStdString(p.message)});
    }
    return config;
}

QJsonObject ConfigBridge::loadPreset(const QString& path, QString& error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        error = QStringLiteral("Cannot open '%1': %2").arg(path, file.errorString());
        return {};
    }
    QJsonParseError parseError{};
    const auto doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        error = QStringLiteral("'%1' is not a JSON object: %2").arg(path, parseError.errorString());
        return {};
    }
    auto object = doc.object();
    if (object.contains(QStringLiteral("config")) && object.contains(QStringLiteral("status"))) {
        object = object.value(QStringLiteral("config")).toObject();  // a run.json
    }
    return object;
}

bool ConfigBridge::savePreset(const QString& path, const QJsonObject& json, QString& error) {
    QSaveFile file(path);  // temp + rename, like core's AtomicFileWriter
    if (!file.open(QIODevice::WriteOnly)) {
        error = file.errorString();
        return false;
    }
    file.write(QJsonDocument(json).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        error = file.errorString();
        return false;
    }
    return true;
}

}  // namespace fpt::app
