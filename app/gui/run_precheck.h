// SPDX-License-Identifier: MIT
// Checks before a run is queued that the config reader cannot make alone: per-layer indices
// within the body's real depth (a pretrained backbone sets it), and data folders that exist and
// hold the task's files. Also the Presets menu's "data missing" note.
#pragma once

#include "core/config/run_config.h"

#include <QList>
#include <QPair>
#include <QString>

namespace fpt::app {

/// (JSON path, message) pairs, as ConfigBridge reports them, so the editor marks the field.
QList<QPair<QString, QString>> precheckRun(const core::RunConfig& config);

/// "" when a preset's data is present (or generated); else a line naming the missing folder or
/// files and where to get them (docs/data.md).
QString presetDataNote(const QString& presetPath);

}  // namespace fpt::app
