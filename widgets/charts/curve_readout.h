// SPDX-License-Identifier: MIT
// Content of a curve chart's hover read-out: for a cursor x, the nearest stored point of every
// curve, as plain text (tests, accessibility) and as a small rich-text table.
#pragma once

#include "widgets/common/widgets_types.h"

#include <QColor>
#include <QString>
#include <QVector>

namespace fpt::widgets {

class CurveSeriesData;

/// The read-out for one cursor position. Built by at(); immutable afterwards.
class CurveReadout {
public:
    /// One curve as the read-out sees it; data is borrowed for the duration of at().
    struct Source {
        QString label;
        QColor color;
        Qt::PenStyle style = Qt::SolidLine;
        const CurveSeriesData* data = nullptr;
    };

    /// One line of the read-out: the curve's stored point nearest the snapped x.
    struct Row {
        QString label;
        QColor color;
        Qt::PenStyle style = Qt::SolidLine;
        CurvePoint point;
        double smoothed = 0.0;
    };

    /// Snaps cursorX to the nearest stored x over all sources, then takes each source's point
    /// nearest that x. Empty when no source has points.
    static CurveReadout at(const QVector<Source>& sources, XAxisMode mode, double cursorX);

    bool isEmpty() const { return m_rows.isEmpty(); }

    /// The x (in the given mode) the tracker line snaps to.
    double snapX() const { return m_snapX; }

    const QVector<Row>& rows() const { return m_rows; }

    /// "Step 1200 · 35.2 s" then "label: smoothed (raw r)" lines; raw only when showRaw.
    QString plainText(bool showRaw) const;

    /// The same content as a rich-text table with a line-style swatch in each curve's colour.
    QString html(bool showRaw) const;

private:
    QString header() const;
    QString values(const Row& row, bool showRaw) const;

    XAxisMode m_mode = XAxisMode::Step;
    double m_snapX = 0.0;
    CurvePoint m_anchor;
    QVector<Row> m_rows;
};

}  // namespace fpt::widgets
