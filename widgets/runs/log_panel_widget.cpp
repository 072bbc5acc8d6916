// SPDX-License-Identifier: MIT
// Log console; see log_panel_widget.h.
#include "widgets/runs/log_panel_widget.h"

#include "widgets/common/status_palette.h"

#include <QClipboard>
#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QToolButton>
#include <QVBoxLayout>

namespace fpt::widgets {

namespace {

constexpr int kFlushIntervalMs = 30;  // ~30 redraws a second at most

QColor levelColor(LogPanelWidget::Level level, const QPalette& palette) {
    switch (level) {
        case LogPanelWidget::Level::Trace:
        case LogPanelWidget::Level::Debug:
            return statusColor(StatusTone::Muted, palette);
        case LogPanelWidget::Level::Warn:
            return statusColor(StatusTone::Warning, palette);
        case LogPanelWidget::Level::Error:
            return statusColor(StatusTone::Error, palette);
        case LogPanelWidget::Level::Info:
            break;
    }
    return palette.color(QPalette::Text);
}

}  // namespace

LogPanelWidget::LogPanelWidget(QWidget* parent)
    : QWidget(parent)
    , m_console(new QPlainTextEdit)
    , m_levelCombo(new QComboBox)
    , m_filterEdit(new QLineEdit)
    , m_followButton(new QToolButton) {
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(kFlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &LogPanelWidget::flush);

    m_console->setObjectName(QStringLiteral("logConsole"));
    m_console->setAccessibleName(tr("Log"));
    m_console->setReadOnly(true);
    m_console->setUndoRedoEnabled(false);
    m_console->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_console->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_console->setMaximumBlockCount(m_maximumLines);
    connect(m_console->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        if (!m_flushing) {
            setFollowing(value >= m_console->verticalScrollBar()->maximum());
        }
    });

    auto* levelLabel = new QLabel(tr("&Level"));
    levelLabel->setBuddy(m_levelCombo);
    m_levelCombo->setObjectName(QStringLiteral("levelFilter"));
    m_levelCombo->setAccessibleName(tr("Minimum level"));
    for (const QString& name : {tr("trace"), tr("debug"), tr("info"), tr("warn"), tr("error")}) {
        m_levelCombo->addItem(name);
    }
    m_levelCombo->setCurrentIndex(static_cast<int>(m_minimumLevel));
    connect(m_levelCombo, &QComboBox::currentIndexChanged, this,
            [this](int index) { setMinimumLevel(static_cast<Level>(index)); });

    m_filterEdit->setObjectName(QStringLiteral("textFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter"));
    m_filterEdit->setAccessibleName(tr("Text filter"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setMinimumWidth(fontMetrics().averageCharWidth() * 16);
    connect(m_filterEdit, &QLineEdit::textChanged, this, &LogPanelWidget::setTextFilter);

    m_followButton->setObjectName(QStringLiteral("followButton"));
    m_followButton->setText(tr("Follow"));
    m_followButton->setToolTip(tr("Keep the newest line in view"));
    m_followButton->setCheckable(true);
    m_followButton->setChecked(true);
    connect(m_followButton, &QToolButton::clicked, this, &LogPanelWidget::setFollowing);

    auto* copyButton = new QToolButton;
    copyButton->setObjectName(QStringLiteral("copyButton"));
    copyButton->setText(tr("Copy"));
    copyButton->setToolTip(tr("Copy the selection, or every shown line"));
    connect(copyButton, &QToolButton::clicked, this, &LogPanelWidget::copy);
    auto* clearButton = new QToolButton;
    clearButton->setObjectName(QStringLiteral("clearButton"));
    clearButton->setText(tr("Clear"));
    connect(clearButton, &QToolButton::clicked, this, &LogPanelWidget::clear);

    auto* controls = new QHBoxLayout;
    const int gap = fontMetrics().height() / 3;
    controls->setContentsMargins(gap, gap, gap, 0);
    controls->addWidget(levelLabel);
    controls->addWidget(m_levelCombo);
    controls->addWidget(m_filterEdit, 1);
    controls->addWidget(m_followButton);
    controls->addWidget(copyButton);
    controls->addWidget(clearButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(m_console, 1);
}

LogPanelWidget::Level LogPanelWidget::parseLevel(QStringView line) {
    qsizetype from = 0;
    for (int field = 0; field < 3; ++field) {
        const qsizetype open = line.indexOf(QLatin1Char('['), from);
        const qsizetype close = open < 0 ? -1 : line.indexOf(QLatin1Char(']'), open);
        if (close < 0) {
            return Level::Info;
        }
        if (field == 2) {
            const QStringView name = line.mid(open + 1, close - open - 1);
            if (name == QLatin1String("trace")) {
                return Level::Trace;
            }
            if (name == QLatin1String("debug")) {
                return Level::Debug;
            }
            if (name == QLatin1String("warning") || name == QLatin1String("warn")) {
                return Level::Warn;
            }
            if (name == QLatin1String("error") || name == QLatin1String("err") ||
                name == QLatin1String("critical")) {
                return Level::Error;
            }
            return Level::Info;
        }
        from = close + 1;
    }
    return Level::Info;
}

void LogPanelWidget::appendLine(const QString& line) {
    Entry entry{line, parseLevel(line)};
    if (passes(entry)) {
        m_pending.push_back(entry);
    }
    m_lines.push_back(std::move(entry));
    if (static_cast<int>(m_lines.size()) > m_maximumLines) {
        m_lines.pop_front();
    }
    if (!m_flushTimer.isActive()) {
        m_flushTimer.start();
    }
}

void LogPanelWidget::clear() {
    m_lines.clear();
    m_pending.clear();
    m_console->clear();
}

void LogPanelWidget::copy() {
    const QString selected = m_console->textCursor().selectedText();
    // QTextCursor uses U+2029 between blocks; the clipboard wants newlines.
    QGuiApplication::clipboard()->setText(
        selected.isEmpty()
            ? shownText()
            : QString(selected).replace(QChar::ParagraphSeparator, QLatin1Char('\n')));
}

void LogPanelWidget::setMaximumLines(int lines) {
    m_maximumLines = std::max(1, lines);
    while (static_cast<int>(m_lines.size()) > m_maximumLines) {
        m_lines.pop_front();
    }
    m_console->setMaximumBlockCount(m_maximumLines);
}

void LogPanelWidget::setMinimumLevel(Level level) {
    if (level == m_minimumLevel) {
        return;
    }
    m_minimumLevel = level;
    m_levelCombo->setCurrentIndex(static_cast<int>(level));
    scheduleRebuild();
}

void LogPanelWidget::setTextFilter(const QString& text) {
    if (text == m_textFilter) {
        return;
    }
    m_textFilter = text;
    if (m_filterEdit->text() != text) {
        m_filterEdit->setText(text);
    }
    scheduleRebuild();
}

int LogPanelWidget::shownLineCount() const {
    const QTextDocument* document = m_console->document();
    return document->isEmpty() ? 0 : document->blockCount();
}

QString LogPanelWidget::shownText() const {
    return m_console->toPlainText();
}

bool LogPanelWidget::passes(const Entry& entry) const {
    return entry.level >= m_minimumLevel &&
           (m_textFilter.isEmpty() || entry.text.contains(m_textFilter, Qt::CaseInsensitive));
}

void LogPanelWidget::scheduleRebuild() {
    m_rebuild = true;
    if (!m_flushTimer.isActive()) {
        m_flushTimer.start();
    }
}

void LogPanelWidget::flush() {
    if (m_rebuild) {
        m_rebuild = false;
        m_pending.clear();
        for (const Entry& entry : m_lines) {
            if (passes(entry)) {
                m_pending.push_back(entry);
            }
        }
        m_console->clear();
    }
    if (static_cast<int>(m_pending.size()) > m_maximumLines) {
        // Lines the cap would remove at once are never laid out.
        m_pending.erase(m_pending.begin(), m_pending.end() - m_maximumLines);
    }
    if (m_pending.empty()) {
        return;
    }
    m_flushing = true;
    insertEntries(m_pending);
    m_pending.clear();
    if (m_following) {
        m_console->verticalScrollBar()->setValue(m_console->verticalScrollBar()->maximum());
    }
    m_flushing = false;
}

void LogPanelWidget::insertEntries(const std::vector<Entry>& entries) {
    QTextCursor cursor(m_console->document());
    cursor.movePosition(QTextCursor::End);
    cursor.beginEditBlock();
    bool first = m_console->document()->isEmpty();
    QTextCharFormat format;
    // One insertText per run of same-level lines: far cheaper than one per line.
    QString run;
    Level runLevel = entries.front().level;
    const auto emitRun = [&] {
        format.setForeground(levelColor(runLevel, palette()));
        cursor.insertText(run, format);
        run.clear();
    };
    for (const Entry& entry : entries) {
        if (entry.level != runLevel && !run.isEmpty()) {
            emitRun();
        }
        runLevel = entry.level;
        if (!first) {
            run += QLatin1Char('\n');
        }
        first = false;
        run += entry.text;
    }
    emitRun();
    cursor.endEditBlock();
}

void LogPanelWidget::setFollowing(bool following) {
    m_following = following;
    m_followButton->setChecked(following);
    if (following) {
        m_console->verticalScrollBar()->setValue(m_console->verticalScrollBar()->maximum());
    }
}

void LogPanelWidget::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) {
        scheduleRebuild();  // level colours follow the palette
    }
    QWidget::changeEvent(event);
}

}  // namespace fpt::widgets
