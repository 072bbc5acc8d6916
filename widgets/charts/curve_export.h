// SPDX-License-Identifier: MIT
// Writers behind the chart's PNG/SVG/CSV export: render a chart scene to an image or SVG, and
// write every stored point (raw and smoothed) of a set of curves as CSV.
#pragma once

#include <QColor>
#include <QImage>
#include <QRectF>
#include <QString>
#include <QVector>

QT_FORWARD_DECLARE_CLASS(QGraphicsScene)

namespace fpt::widgets {

class CurveSeriesData;

/// One curve for CSV export; data is borrowed for the duration of the call.
struct CsvCurve {
    QString key;
    QString label;
    const CurveSeriesData* data = nullptr;
};

/// Renders source (scene coordinates) onto a background-filled image of scale device pixels per
/// scene unit. Null image when source is empty.
QImage renderSceneImage(QGraphicsScene* scene,
                        const QRectF& source,
                        double scale,
                        const QColor& background);

/// Writes source as an SVG 1.2 Tiny file (QSvgGenerator); false when the file cannot be written.
bool writeSceneSvg(QGraphicsScene* scene,
                   const QRectF& source,
                   const QString& path,
                   const QString& title,
                   const QString& description);

/// Writes "series,label,step,wall_s,value,smoothed" and one row per stored point, with numbers in
/// shortest round-trip form ("nan"/"inf" for non-finite values) and RFC 4180 quoting for text.
/// Written to a temporary file and renamed, so a failure never leaves half a file.
bool writeCurvesCsv(const QString& path, const QVector<CsvCurve>& curves);

/// Shortest decimal text that reads back as exactly v (std::to_chars).
QString formatRoundTrip(double v);

}  // namespace fpt::widgets
