// SPDX-License-Identifier: MIT
// StudyTableWidget: cell texts with the paper's number, tints by delta, activation and export signals.
#include "widgets/runs/study_table_widget.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>

#include <cmath>

using fpt::widgets::StudyTableWidget;

class TestStudyTableWidget : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cellsAndTints();
    void signals_();
    void everyRowVisibleUnderManyDifferences();
    void verdictsReadDifferently();
};

void TestStudyTableWidget::cellsAndTints() {
    StudyTableWidget w;
    w.setStudy(QStringLiteral("Table 1"), {QStringLiteral("bit_xor"), QStringLiteral("mnist")},
               {QStringLiteral("fpt"), QStringLiteral("full"), QStringLiteral("lstm")});
    QCOMPARE(w.table()->rowCount(), 2);
    QCOMPARE(w.table()->columnCount(), 3);
    w.setCell(0, 0, QStringLiteral("100.0"), QStringLiteral("100.0"), 0.0, {});
    w.setCell(1, 0, QStringLiteral("91.0 ± 1.0"), QStringLiteral("98.0"), -7.0, {});
    w.setCell(1, 2, QStringLiteral("pending"), QStringLiteral("99.5"), std::nan(""), {});
    QCOMPARE(w.cellText(1, 0), QStringLiteral("91.0 ± 1.0  (paper 98.0)"));
    const QColor match = w.cellTint(0, 0);
    const QColor below = w.cellTint(1, 0);
    QVERIFY(match.isValid() && below.isValid());
    QVERIFY(match.green() > match.red());    // close to the paper: green
    QVERIFY(below.red() > below.blue());     // below the paper: orange
    QVERIFY(!w.cellTint(1, 2).isValid());    // pending: no tint
    QVERIFY(w.cellText(0, 1).isEmpty());
}

void TestStudyTableWidget::signals_() {
    StudyTableWidget w;
    w.setStudy(QStringLiteral("t"), {QStringLiteral("a")}, {QStringLiteral("x"), QStringLiteral("y")});
    w.setCell(0, 1, QStringLiteral("1"), QStringLiteral("2"), -1.0, {});
    QSignalSpy activated(&w, &StudyTableWidget::cellActivated);
    QSignalSpy exported(&w, &StudyTableWidget::exportRequested);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QRect rect = w.table()->visualItemRect(w.table()->item(0, 1));
    QTest::mouseClick(w.table()->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.first().at(1).toInt(), 1);
    const auto buttons = w.findChildren<QPushButton*>();
    QCOMPARE(buttons.size(), 3);
    buttons[2]->click();
    QCOMPARE(exported.first().at(0).toString(), QStringLiteral("tex"));
}

// A long list of paired differences scrolls under the grid; the grid keeps all five task rows on
// screen (at 1366x768 it used to show two of them), and the export buttons stay visible.
void TestStudyTableWidget::everyRowVisibleUnderManyDifferences() {
    StudyTableWidget widget;
    const QStringList rows{QStringLiteral("bit_memory"), QStringLiteral("bit_xor"), QStringLiteral("listops"),
                           QStringLiteral("mnist"), QStringLiteral("fashion_mnist")};
    widget.setStudy(QStringLiteral("Pretraining"), rows,
                    {QStringLiteral("language"), QStringLiteral("vision"), QStringLiteral("bits"), QStringLiteral("random")});
    for (int r = 0; r < rows.size(); ++r) {
        for (int c = 0; c < 4; ++c) {
            widget.setCell(r, c, QStringLiteral("75.0 ± 0.0 n=3"), QStringLiteral("100.0"), -25.0, {});
        }
    }
    QStringList lines;
    QList<StudyTableWidget::Verdict> noise;
    for (int i = 0; i < 15; ++i) {
        lines << QStringLiteral("language − random on task%1: +1.0 [-0.5, +2.5], n=3").arg(i);
        noise << (i % 2 == 0 ? StudyTableWidget::Verdict::InsideNoise : StudyTableWidget::Verdict::Clear);
    }
    widget.setComparisons(lines, noise, {QStringLiteral("Bit Memory is not learnt at this budget.")});
    const int line = widget.fontMetrics().height();
    widget.resize(line * 70, line * 17);  // ~45% of a 768-line screen
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    QTableWidget* table = widget.table();
    const int last = table->rowViewportPosition(rows.size() - 1) + table->rowHeight(rows.size() - 1);
    QVERIFY2(table->rowViewportPosition(0) >= 0 && last <= table->viewport()->height(),
             qPrintable(QStringLiteral("rows end at %1, viewport %2").arg(last).arg(table->viewport()->height())));
    QVERIFY(table->mapTo(&widget, QPoint(0, table->height())).y() <= widget.height());
    for (auto* button : widget.findChildren<QPushButton*>()) {
        const QRect r(button->mapTo(&widget, QPoint(0, 0)), button->size());
        QVERIFY2(widget.rect().contains(r), qPrintable(button->text()));
    }
}

// A pending comparison (or one with a single seed) has no interval: it is neither a finding
// (bold) nor "inside the noise" (which claims an interval that contains 0).
void TestStudyTableWidget::verdictsReadDifferently() {
    using V = StudyTableWidget::Verdict;
    StudyTableWidget widget;
    widget.setComparisons({QStringLiteral("a − b on x: +5.0 [+1.0, +9.0], n=3"),
                           QStringLiteral("a − b on y: +1.0 [-2.0, +4.0], n=3"), QStringLiteral("a − b on z: pending")},
                          {V::Clear, V::InsideNoise, V::Undecided}, {});
    const QStringList html = widget.comparisonsText().split(QStringLiteral("<br>"));
    QCOMPARE(html.size(), 3);
    QVERIFY2(html[0].startsWith(QStringLiteral("<b>")) && !html[0].contains(QStringLiteral("noise")), qPrintable(html[0]));
    QVERIFY2(html[1].contains(QStringLiteral("inside the noise")) && !html[1].contains(QStringLiteral("<b>")),
             qPrintable(html[1]));
    QVERIFY2(html[2].contains(QStringLiteral("pending")) && !html[2].contains(QStringLiteral("noise")) &&
                 !html[2].contains(QStringLiteral("<b>")),
             qPrintable(html[2]));
}

QTEST_MAIN(TestStudyTableWidget)
#include "test_study_table_widget.moc"
