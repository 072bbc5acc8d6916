// SPDX-License-Identifier: MIT
// One process-wide scale for what the views draw themselves (chart line widths, markers, chart
// fonts), set by the app's presentation zoom; views read factor() and follow changed().
#pragma once

#include <QObject>

namespace fpt::widgets {

class ViewScale : public QObject {
    Q_OBJECT

public:
    static ViewScale* instance();
    /// 1 = as designed; clamped to [0.5, 3].
    static double factor();
    void setFactor(double factor);

Q_SIGNALS:
    void changed(double factor);

private:
    ViewScale() = default;
    double m_factor = 1.0;
};

}  // namespace fpt::widgets
