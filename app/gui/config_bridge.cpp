// SPDX-License-Identifier: MIT
// Config conversions through JSON text (the one format both sides already agree on).
#include "app/gui/config_bridge.h"

#include "core/config/error.h"
#include "core/config/json_file.h"

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

nlohmann::json ConfigBridge::toNlohmann(const QJsonObject& json) {
    // QJsonObject -> text -> nlohmann: a conversion only; the text came from QJsonDocument, so it
    // always parses.
    return nlohmann::json::parse(QJsonDocument(json).toJson(QJsonDocument::Compact).toStdString());
}

core::RunConfig ConfigBridge::fromJson(const QJsonObject& json, QList<QPair<QString, QString>>& issues) {
    issues.clear();
    try {
        return core::checkedRunConfig(toNlohmann(json), "the editor's config");  // as the CLI does
    } catch (const core::ConfigValidationError& e) {
        for (const auto& p : e.issues()) {
            issues.append({QString::fromStdString(p.path), QString::fromStdString(p.message)});
        }
    } catch (const std::exception& e) {
        issues.append({QStringLiteral("/"), QString::fromUtf8(e.what())});
    }
    return {};
}

QJsonObject ConfigBridge::loadPreset(const QString& path, QString& error) {
    nlohmann::json j;
    std::string why;
    if (!core::tryReadJsonFile(path.toStdString(), "a preset or a run's run.json", j, why)) {
        error = QString::fromStdString(why);
        return {};
    }
    if (!j.is_object()) {
        error = QStringLiteral("'%1' is not a JSON object").arg(path);
        return {};
    }
    auto object = QJsonDocument::fromJson(QByteArray::fromStdString(j.dump())).object();
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
