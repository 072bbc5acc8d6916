// SPDX-License-Identifier: MIT
// core's snapshot and probe values -> the Qt value types the views draw (one place for both the
// live worker and the run-folder loader).
#pragma once

#include "app/gui/app_types.h"
#include "core/config/training_types.h"
#include "core/formats/snapshot_io.h"
#include "widgets/attention/attention_types.h"

namespace fpt::app {

/// One attention / position snapshot as the views take it.
SnapshotData toSnapshotData(const core::Snapshot& s);

/// The probe example's token labels, description and (for images) the picture.
widgets::ProbeDescription toProbeDescription(const core::ProbeInfo& p);

}  // namespace fpt::app
