// SPDX-License-Identifier: MIT
// Run names, seed-group keys and config diffs (see run_naming.h).
#include "widgets/runs/run_naming.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace fpt::widgets {

namespace {

void flattenInto(const QJsonObject& object, const QString& prefix, QMap<QString, QJsonValue>& out) {
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString path = prefix.isEmpty() ? it.key() : prefix + QLatin1Char('/') + it.key();
        if (it.value().isObject()) {
            flattenInto(it.value().toObject(), path, out);
        } else {
            out.insert(path, it.value());
        }
    }
}

bool isIgnored(const QString& path, const QStringList& ignored) {
    for (const QString& prefix : ignored) {
        if (path == prefix || path.startsWith(prefix + QLatin1Char('/'))) {
            return true;
        }
    }
    return false;
}

// Short keys for the name: the last path component, with a few common abbreviations.
QString shortKey(const QString& path) {
    static const QMap<QString, QString> kShort = {
        {QStringLiteral("train/learning_rate"), QStringLiteral("lr")},
        {QStringLiteral("train/batch_size"), QStringLiteral("batch")},
        {QStringLiteral("train/steps"), QStringLiteral("steps")},
        {QStringLiteral("train/seed"), QStringLiteral("seed")},
        {QStringLiteral("model/n_layer"), QStringLiteral("layers")},
        {QStringLiteral("model/n_embd"), QStringLiteral("width")},
        {QStringLiteral("model/n_head"), QStringLiteral("heads")},
    };
    const auto it = kShort.constFind(path);
    return it != kShort.cend() ? *it : path.section(QLatin1Char('/'), -1);
}

QString text(const QJsonObject& object, const char* section, const char* key) {
    return object.value(QLatin1String(section)).toObject().value(QLatin1String(key)).toString();
}

// What the name spells out itself, so differences there are not repeated as key=value.
const QStringList& namedSettings() {
    static const QStringList kNamed = {QStringLiteral("task/name"), QStringLiteral("model/kind"),
                                       QStringLiteral("model/backbone"), QStringLiteral("train/seed")};
    return kNamed;
}

}  // namespace

QMap<QString, QJsonValue> flattenConfig(const QJsonObject& config) {
    QMap<QString, QJsonValue> out;
    flattenInto(config, QString(), out);
    return out;
}

QString settingText(const QJsonValue& value) {
    switch (value.type()) {
        case QJsonValue::Bool:
            return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        case QJsonValue::Double:
            return QString::number(value.toDouble(), 'g', 8);
        case QJsonValue::String:
            return value.toString();
        case QJsonValue::Array:
            return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
        case QJsonValue::Object:
            return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
        default:
            return {};
    }
}

QVector<ConfigDifference> configDifferences(const QJsonObject& left,
                                            const QJsonObject& right,
                                            const QStringList& ignored) {
    const auto a = flattenConfig(left);
    const auto b = flattenConfig(right);
    QStringList paths = a.keys();
    for (const QString& path : b.keys()) {
        if (!a.contains(path)) {
            paths.append(path);
        }
    }
    paths.sort();
    QVector<ConfigDifference> out;
    for (const QString& path : paths) {
        if (isIgnored(path, ignored)) {
            continue;
        }
        const QJsonValue va = a.value(path, QJsonValue(QJsonValue::Undefined));
        const QJsonValue vb = b.value(path, QJsonValue(QJsonValue::Undefined));
        if (va != vb) {
            out.append({path, a.contains(path) ? settingText(va) : QString(),
                        b.contains(path) ? settingText(vb) : QString()});
        }
    }
    return out;
}

QStringList cosmeticSettings() {
    return {QStringLiteral("name"), QStringLiteral("description"), QStringLiteral("schema_version"),
            QStringLiteral("train/device"), QStringLiteral("train/threads")};
}

QString modelKindLabel(const QString& kind) {
    if (kind == QLatin1String("fpt")) {
        return QStringLiteral("FPT");
    }
    if (kind == QLatin1String("full")) {
        return QStringLiteral("Full");
    }
    if (kind == QLatin1String("lstm")) {
        return QStringLiteral("LSTM");
    }
    return kind;
}

QString defaultRunName(const QJsonObject& config, const QJsonObject& preset, bool withSeed) {
    const QString kind = text(config, "model", "kind");
    QStringList parts = {text(config, "task", "name"), modelKindLabel(kind)};
    if (kind == QLatin1String("fpt")) {
        const QString backbone = text(config, "model", "backbone");
        parts.append(backbone.isEmpty() ? QStringLiteral("random") : backbone);
    }
    if (!preset.isEmpty()) {
        // Only settings the preset states: a run.json also spells out every default.
        const auto stated = flattenConfig(preset);
        for (const auto& d : configDifferences(preset, config, cosmeticSettings() + namedSettings())) {
            if (!stated.contains(d.path)) {
                continue;
            }
            parts.append(shortKey(d.path) + QLatin1Char('=') +
                         (d.right.isEmpty() ? QStringLiteral("default") : d.right));
        }
    }
    const QJsonValue seed = config.value(QStringLiteral("train")).toObject().value(QStringLiteral("seed"));
    const QJsonValue presetSeed =
        preset.value(QStringLiteral("train")).toObject().value(QStringLiteral("seed"));
    const bool seedDiffers = preset.isEmpty() ? seed.toInteger(0) != 0 : seed != presetSeed;
    if (withSeed && seedDiffers && !seed.isUndefined()) {
        parts.append(QStringLiteral("seed=") + settingText(seed));
    }
    return parts.join(QStringLiteral(" · "));
}

QString displayRunName(const QJsonObject& config, const QJsonObject& preset) {
    const QString own = config.value(QStringLiteral("name")).toString();
    const QString generic = text(config, "task", "name") + QLatin1Char('_') + text(config, "model", "kind");
    const bool chosen = !own.isEmpty() && own != preset.value(QStringLiteral("name")).toString() &&
                        own != generic && !own.contains(QLatin1Char('/'));
    return chosen ? own : defaultRunName(config, preset);
}

QString uniqueRunName(const QString& name, const QStringList& taken) {
    if (!taken.contains(name)) {
        return name;
    }
    for (int n = 2;; ++n) {
        const QString candidate = name + QStringLiteral(" (%1)").arg(n);
        if (!taken.contains(candidate)) {
            return candidate;
        }
    }
}

QString seedGroupKey(const QJsonObject& config) {
    const auto flat = flattenConfig(config);
    const QStringList ignored = cosmeticSettings() << QStringLiteral("train/seed");
    QStringList parts;
    for (auto it = flat.begin(); it != flat.end(); ++it) {  // QMap: sorted paths
        if (!isIgnored(it.key(), ignored)) {
            parts.append(it.key() + QLatin1Char('=') + settingText(it.value()));
        }
    }
    return parts.join(QLatin1Char('\n'));
}

}  // namespace fpt::widgets
