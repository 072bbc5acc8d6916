// SPDX-License-Identifier: MIT
// Config diff table of two runs or seed groups (see config_diff_dialog.h).
#include "widgets/runs/config_diff_dialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace fpt::widgets {

namespace {

QTableWidgetItem* cell(const QString& text) {
    auto* item = new QTableWidgetItem(text.isEmpty() ? QStringLiteral("—") : text);
    item->setToolTip(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    return item;
}

}  // namespace

QString ConfigDiffDialog::parameterText(qint64 trainable, qint64 total) {
    if (trainable < 0) {
        return tr("unknown");
    }
    const QLocale locale;
    if (total <= 0) {
        return locale.toString(trainable);
    }
    const double share = 100.0 * double(trainable) / double(total);
    return tr("%1 of %2 (%3%)")
        .arg(locale.toString(trainable), locale.toString(total),
             QString::number(share, 'f', share < 1.0 ? 3 : 1));
}

ConfigDiffDialog::ConfigDiffDialog(const Side& left, const Side& right, const QStringList& ignored, QWidget* parent)
    : QDialog(parent)
    , m_table(new QTableWidget(this)) {
    setWindowTitle(tr("Settings that differ"));
    setObjectName(QStringLiteral("configDiffDialog"));
    m_differences = configDifferences(left.config, right.config, cosmeticSettings() + ignored);
    m_table->setObjectName(QStringLiteral("configDiffTable"));
    m_table->setColumnCount(3);
    m_table->setHorizontalHeaderLabels({tr("Setting"), left.name, right.name});
    for (int column = 1; column < 3; ++column) {
        m_table->horizontalHeaderItem(column)->setToolTip(column == 1 ? left.name : right.name);
    }
    m_table->setRowCount(static_cast<int>(m_differences.size()) + 1);
    m_table->setItem(0, 0, cell(tr("trainable parameters")));
    m_table->setItem(0, 1, cell(parameterText(left.trainable, left.total)));
    m_table->setItem(0, 2, cell(parameterText(right.trainable, right.total)));
    for (int i = 0; i < m_differences.size(); ++i) {
        const auto& d = m_differences[i];
        m_table->setItem(i + 1, 0, cell(d.path));
        m_table->setItem(i + 1, 1, cell(d.left));
        m_table->setItem(i + 1, 2, cell(d.right));
    }
    m_table->verticalHeader()->hide();
    // The two runs share the width (long names are elided in the header; full on hover).
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_table->horizontalHeader()->setTextElideMode(Qt::ElideMiddle);
    m_table->setWordWrap(true);
    m_table->resizeRowsToContents();
    m_table->setAlternatingRowColors(true);
    m_table->setAccessibleName(tr("Settings that differ"));

    auto* summary = new QLabel(m_differences.isEmpty()
                                   ? tr("The two configs are the same (apart from names).")
                                   : tr("%n setting(s) differ.", nullptr, static_cast<int>(m_differences.size())),
                               this);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summary);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(720, 360);
}

}  // namespace fpt::widgets
