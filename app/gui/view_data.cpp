// SPDX-License-Identifier: MIT
// Conversions from core's snapshot/probe structs to the views' Qt types.
#include "app/gui/view_data.h"

#include <QImage>

#include <algorithm>

namespace fpt::app {

namespace {

/// The probe image (values in [0, 1], 1 or 3 channels, row-major HWC) as an RGB QImage.
QImage probeImage(const core::ProbeInfo& p) {
    if (p.image.empty() || p.image_height <= 0 || p.image_width <= 0) {
        return {};
    }
    QImage image(static_cast<int>(p.image_width), static_cast<int>(p.image_height), QImage::Format_RGB32);
    const auto channels = std::max<int64_t>(1, p.image_channels);
    for (int64_t y = 0; y < p.image_height; ++y) {
        for (int64_t x = 0; x < p.image_width; ++x) {
            const auto base = (y * p.image_width + x) * channels;
            auto level = [&](int64_t c) {
                const float v = p.image[static_cast<std::size_t>(base + std::min(c, channels - 1))];
                return std::clamp(static_cast<int>(v * 255.0F + 0.5F), 0, 255);
            };
            image.setPixel(static_cast<int>(x), static_cast<int>(y), qRgb(level(0), level(1), level(2)));
        }
    }
    return image;
}

}  // namespace

SnapshotData toSnapshotData(const core::Snapshot& s) {
    SnapshotData d;
    d.step = s.step;
    d.layers = static_cast<int>(s.layers);
    d.heads = static_cast<int>(s.heads);
    d.tokens = static_cast<int>(s.tokens);
    d.pooling = static_cast<int>(s.pooling);
    d.attention = QVector<float>(s.attention.begin(), s.attention.end());
    d.positions = static_cast<int>(s.positions);
    d.positionSimilarity = QVector<float>(s.position_similarity.begin(), s.position_similarity.end());
    return d;
}

widgets::ProbeDescription toProbeDescription(const core::ProbeInfo& p) {
    widgets::ProbeDescription d;
    d.tokenKind = QString::fromStdString(p.token_kind);
    for (const auto& label : p.token_labels) {
        d.tokenLabels.append(QString::fromStdString(label));
    }
    d.description = QString::fromStdString(p.description);
    d.image = probeImage(p);
    d.patchSize = static_cast<int>(p.patch_size);
    d.gridRows = static_cast<int>(p.grid_rows);
    d.gridCols = static_cast<int>(p.grid_cols);
    return d;
}

}  // namespace fpt::app
