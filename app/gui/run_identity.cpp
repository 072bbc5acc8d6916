// SPDX-License-Identifier: MIT
// Preset lookup and per-folder run colours (see run_identity.h).
#include "app/gui/run_identity.h"

#include "core/backbones/backbone_registry.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QSaveFile>

namespace fpt::app {

namespace {

QString& presetsOverride() {
    static QString dir;
    return dir;
}

QString presetsDir() {
    if (!presetsOverride().isEmpty()) {
        return presetsOverride();
    }
    const auto root = QString::fromStdString(core::projectRoot());
    return QDir(root.isEmpty() ? QDir::currentPath() : root).filePath(QStringLiteral("presets"));
}

QJsonObject readObject(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return QJsonDocument::fromJson(file.readAll()).object();
}

}  // namespace

QJsonObject presetFor(const QJsonObject& config) {
    static QHash<QString, QJsonObject> cache;
    const QString task = config.value(QStringLiteral("task")).toObject().value(QStringLiteral("name")).toString();
    const QString kind = config.value(QStringLiteral("model")).toObject().value(QStringLiteral("kind")).toString();
    if (task.isEmpty() || kind.isEmpty()) {
        return {};
    }
    const QString path = QDir(presetsDir()).filePath(task + QLatin1Char('_') + kind + QStringLiteral(".json"));
    const auto it = cache.constFind(path);
    if (it != cache.cend()) {
        return *it;
    }
    const QJsonObject preset = readObject(path);
    cache.insert(path, preset);
    return preset;
}

void setPresetsDirForTesting(const QString& dir) { presetsOverride() = dir; }

QString runViewFile(const QString& folder) {
    return QDir(folder).filePath(QStringLiteral("explorer.json"));
}

QColor readRunColor(const QString& folder) {
    if (folder.isEmpty()) {
        return {};
    }
    const QColor color(readObject(runViewFile(folder)).value(QStringLiteral("color")).toString());
    return color.isValid() ? color : QColor();
}

bool writeRunColor(const QString& folder, const QColor& color) {
    if (folder.isEmpty() || !QFileInfo(folder).isDir() || !color.isValid()) {
        return false;
    }
    QJsonObject view = readObject(runViewFile(folder));
    view[QStringLiteral("color")] = color.name();
    QSaveFile file(runViewFile(folder));
    if (!file.open(QIODevice::WriteOnly)) {
        return false;
    }
    file.write(QJsonDocument(view).toJson());
    return file.commit();
}

}  // namespace fpt::app
