// SPDX-License-Identifier: MIT
// Meta-type registration and small conversions of the cross-thread value structs.
#include "app/gui/app_types.h"

#include "app/gui/metrics_model.h"

namespace fpt::app {

widgets::AttentionSnapshot toAttentionSnapshot(const SnapshotData& s) {
    widgets::AttentionSnapshot a;
    a.step = s.step;
    a.layers = s.layers;
    a.heads = s.heads;
    a.tokens = s.tokens;
    a.weights = s.attention;
    return a;
}

QStringList pooledLabels(const QStringList& labels, int pooling, int tokens) {
    if (pooling <= 1 || labels.isEmpty()) {
        return labels.mid(0, tokens);
    }
    QStringList out;
    for (int i = 0; i < tokens; ++i) {
        const int first = i * pooling;
        out.append(first < labels.size() ? labels[first] + QStringLiteral("…") : QString::number(first));
    }
    return out;
}

void registerAppMetaTypes() {
    qRegisterMetaType<StepPoint>();
    qRegisterMetaType<EvalPoint>();
    qRegisterMetaType<RunStartInfo>();
    qRegisterMetaType<SnapshotData>();
    qRegisterMetaType<RunResult>();
    qRegisterMetaType<MetricRow>();
    qRegisterMetaType<QVector<StepPoint>>();
    qRegisterMetaType<QVector<MetricRow>>();
}

}  // namespace fpt::app
