// SPDX-License-Identifier: MIT
// Palette-aware status colours (error, warning, success, running, muted) shared by the editor's
// field errors, the log panel's levels and the run list's states, readable in light and dark
// themes.
#pragma once

#include <QColor>
#include <QPalette>

namespace fpt::widgets {

enum class StatusTone { Error, Warning, Success, Running, Muted };

/// True when the palette's window colour is dark (a dark theme).
bool isDarkPalette(const QPalette& palette);

/// Foreground colour for text in `tone`, with enough contrast against the palette's base colour.
QColor statusColor(StatusTone tone, const QPalette& palette);

/// Background tint for an input that holds an invalid value (base colour blended toward red).
QColor errorTint(const QPalette& palette);

}  // namespace fpt::widgets
