// SPDX-License-Identifier: MIT
// ViewScale: the presentation zoom shared by the views.
#include "widgets/common/view_scale.h"

#include <QtGlobal>

namespace fpt::widgets {

ViewScale* ViewScale::instance() {
    static ViewScale* scale = new ViewScale;  // lives as long as the process, like qApp's font
    return scale;
}

double ViewScale::factor() { return instance()->m_factor; }

void ViewScale::setFactor(double factor) {
    factor = qBound(0.5, factor, 3.0);
    if (qFuzzyCompare(factor, m_factor)) {
        return;
    }
    m_factor = factor;
    Q_EMIT changed(m_factor);
}

}  // namespace fpt::widgets
