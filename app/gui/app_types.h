// SPDX-License-Identifier: MIT
// Small value structs that cross from the training thread to the GUI thread in queued signals.
// No tensors: the worker converts core values into these.
#pragma once

#include "widgets/attention/attention_types.h"

#include <QImage>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

namespace fpt::app {

struct StepPoint {
    qint64 step = 0;
    double loss = 0.0;
    double accuracy = 0.0;
    double timeS = 0.0;
    double stepTimeS = 0.0;
};

struct EvalPoint {
    qint64 step = 0;
    double loss = 0.0;
    double accuracy = 0.0;
    double timeS = 0.0;
    qint64 examples = 0;
    bool final = false;
};

/// What a run is, once built: sizes, counts and the probe example for the attention view.
struct RunStartInfo {
    qint64 trainable = 0;
    qint64 total = 0;
    qint64 seqLen = 0;
    qint64 totalSteps = 0;
    widgets::ProbeDescription probe;
};

struct SnapshotData {
    qint64 step = 0;
    int layers = 0;
    int heads = 0;
    int tokens = 0;
    int pooling = 1;
    QVector<float> attention;           // [layers][heads][tokens][tokens]
    int positions = 0;
    QVector<float> positionSimilarity;  // [positions][positions]
};

struct RunResult {
    QString status;   // done, stopped
    QString message;
    qint64 steps = 0;
    double seconds = 0.0;
    double testAccuracy = 0.0;
    double testLoss = 0.0;
    double stepsPerS = 0.0;
};

/// The attention part of a snapshot, as the attention view takes it.
widgets::AttentionSnapshot toAttentionSnapshot(const SnapshotData& snapshot);

/// Token labels for a snapshot pooled by `pooling` (one label per pooled group).
QStringList pooledLabels(const QStringList& labels, int pooling, int tokens);

/// Registers the structs for queued connections (call once in main / tests).
void registerAppMetaTypes();

}  // namespace fpt::app

Q_DECLARE_METATYPE(fpt::app::StepPoint)
Q_DECLARE_METATYPE(fpt::app::EvalPoint)
Q_DECLARE_METATYPE(fpt::app::RunStartInfo)
Q_DECLARE_METATYPE(fpt::app::SnapshotData)
Q_DECLARE_METATYPE(fpt::app::RunResult)
