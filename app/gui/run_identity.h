// SPDX-License-Identifier: MIT
// What identifies a run across launches: the preset its name is measured against and the colour
// kept in its folder (explorer.json, written by the explorer, ignored by the core).
#pragma once

#include <QColor>
#include <QJsonObject>
#include <QString>

namespace fpt::app {

/// The shipped preset for a config's task and model kind (presets/<task>_<kind>.json under the
/// project root), or {} when there is none. Read once per file and cached. GUI thread only.
QJsonObject presetFor(const QJsonObject& config);

/// Overrides the presets folder (tests); "" restores the project's.
void setPresetsDirForTesting(const QString& dir);

/// The file in a run folder that keeps the explorer's view of the run ("explorer.json").
QString runViewFile(const QString& folder);
/// The colour stored in a run folder; invalid when there is none or the file is unreadable.
QColor readRunColor(const QString& folder);
/// Stores the colour (atomic write); false when the folder does not exist or cannot be written.
bool writeRunColor(const QString& folder, const QColor& color);

}  // namespace fpt::app
