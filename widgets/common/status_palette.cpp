// SPDX-License-Identifier: MIT
// Palette-aware status colours; see status_palette.h.
#include "widgets/common/status_palette.h"

namespace fpt::widgets {

namespace {

QColor blend(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(static_cast<float>(a.redF() * (1.0 - t) + b.redF() * t),
                            static_cast<float>(a.greenF() * (1.0 - t) + b.greenF() * t),
                            static_cast<float>(a.blueF() * (1.0 - t) + b.blueF() * t));
}

}  // namespace

bool isDarkPalette(const QPalette& palette) {
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor statusColor(StatusTone tone, const QPalette& palette) {
    const bool dark = isDarkPalette(palette);
    switch (tone) {
        case StatusTone::Error:
            return dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
        case StatusTone::Warning:
            return dark ? QColor(0xf0, 0xb4, 0x29) : QColor(0x9a, 0x67, 0x00);
        case StatusTone::Success:
            return dark ? QColor(0x66, 0xbb, 0x6a) : QColor(0x2e, 0x7d, 0x32);
        case StatusTone::Running:
            return dark ? QColor(0x64, 0xb5, 0xf6) : QColor(0x15, 0x65, 0xc0);
        case StatusTone::Muted:
            break;
    }
    return blend(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.45);
}

QColor errorTint(const QPalette& palette) {
    return blend(palette.color(QPalette::Base), statusColor(StatusTone::Error, palette), 0.22);
}

}  // namespace fpt::widgets
