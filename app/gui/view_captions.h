// SPDX-License-Identifier: MIT
// A one-line caption under the curves, the attention maps and the positional-similarity view
// saying what they show (axes in words, what a bright cell means, which tokens are outputs).
#pragma once

#include <QString>

class QMainWindow;
class QWidget;

namespace fpt::app {

class ViewCaptions {
public:
    /// Wraps the central curves and the attention / positions docks' content with a caption.
    static void install(QMainWindow* window);
    static QString curvesText();
    static QString attentionText();
    static QString positionsText();
};

}  // namespace fpt::app
