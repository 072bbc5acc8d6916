// SPDX-License-Identifier: MIT
// PNG/SVG/CSV writers for curve charts (see curve_export.h).
#include "widgets/charts/curve_export.h"

#include "widgets/charts/curve_series_data.h"

#include <QGraphicsScene>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTextStream>

#include <array>
#include <charconv>
#include <cmath>

namespace fpt::widgets {

namespace {

QString csvField(const QString& text) {
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1Char('\r'))) {
        return text;
    }
    QString quoted = text;
    quoted.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

}  // namespace

QImage renderSceneImage(QGraphicsScene* scene,
                        const QRectF& source,
                        double scale,
                        const QColor& background) {
    if (source.isEmpty() || !(scale > 0.0)) {
        return {};
    }
    QImage image((source.size() * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.fill(background);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    scene->render(&painter, QRectF(QPointF(0, 0), source.size()), source);
    return image;
}

bool writeSceneSvg(QGraphicsScene* scene,
                   const QRectF& source,
                   const QString& path,
                   const QString& title,
                   const QString& description) {
    if (source.isEmpty()) {
        return false;
    }
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(source.size().toSize());
    generator.setViewBox(QRectF(QPointF(0, 0), source.size()));
    generator.setTitle(title);
    generator.setDescription(description);
    QPainter painter;
    if (!painter.begin(&generator)) {
        return false;
    }
    painter.setRenderHint(QPainter::Antialiasing);
    scene->render(&painter, QRectF(QPointF(0, 0), source.size()), source);
    return painter.end();
}

QString formatRoundTrip(double v) {
    std::array<char, 32> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v);
    return QString::fromLatin1(buffer.data(), static_cast<qsizetype>(result.ptr - buffer.data()));
}

bool writeCurvesCsv(const QString& path, const QVector<CsvCurve>& curves) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        return false;
    }
    QTextStream out(&file);
    out << "series,label,step,wall_s,value,smoothed\n";
    for (const CsvCurve& curve : curves) {
        const QString prefix = csvField(curve.key) + QLatin1Char(',') + csvField(curve.label);
        const QVector<CurvePoint>& points = curve.data->points();
        const QVector<double>& smoothed = curve.data->smoothed();
        for (qsizetype i = 0; i < points.size(); ++i) {
            out << prefix << ',' << formatRoundTrip(points[i].step) << ','
                << formatRoundTrip(points[i].wallSeconds) << ',' << formatRoundTrip(points[i].value)
                << ',' << formatRoundTrip(smoothed[i]) << '\n';
        }
    }
    out.flush();
    return out.status() == QTextStream::Ok && file.commit();
}

}  // namespace fpt::widgets
