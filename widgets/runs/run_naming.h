// SPDX-License-Identifier: MIT
// Run identity from a run's config (plain QJsonObject): the default name (task · model kind ·
// backbone · what differs from the preset), unique names, the seed-group key, and config diffs.
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>

namespace fpt::widgets {

/// One setting that differs between two configs: its slash path ("train/learning_rate") and
/// both values as text ("" when the setting is absent on that side).
struct ConfigDifference {
    QString path;
    QString left;
    QString right;
};

/// Every leaf setting of a config keyed by slash path ("model/backbone"); arrays are leaves.
QMap<QString, QJsonValue> flattenConfig(const QJsonObject& config);

/// A JSON value as short text: 0.001, true, "random" -> random, [1,2] -> [1,2].
QString settingText(const QJsonValue& value);

/// The settings whose values differ, in path order. Paths in `ignored` (and everything below
/// them) are skipped.
QVector<ConfigDifference> configDifferences(const QJsonObject& left,
                                            const QJsonObject& right,
                                            const QStringList& ignored = {});

/// Paths that never make two runs different for naming or grouping: name, description,
/// schema_version, train/device, train/threads.
QStringList cosmeticSettings();

/// "FPT", "Full", "LSTM" for the model kinds (anything else is returned as is).
QString modelKindLabel(const QString& kind);

/// The default run name: "bit_xor · FPT · random", then each setting that differs from
/// `preset` as key=value ("lr=0.0003", "seed=1"); backbone only for FPT. An empty preset adds
/// only the seed when it is not 0. withSeed=false leaves the seed out (seed-group names).
QString defaultRunName(const QJsonObject& config, const QJsonObject& preset, bool withSeed = true);

/// The name to show: config's own "name" when a user chose it (not the preset's, not
/// "<task>_<kind>", not a study cell path), else defaultRunName().
QString displayRunName(const QJsonObject& config, const QJsonObject& preset);

/// `name`, or "name (2)", "name (3)", … : the first that is not in `taken`.
QString uniqueRunName(const QString& name, const QStringList& taken);

/// Runs with equal keys differ only in seed (and cosmetic settings): the config without them,
/// as compact JSON with sorted keys.
QString seedGroupKey(const QJsonObject& config);

}  // namespace fpt::widgets
