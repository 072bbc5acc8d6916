// SPDX-License-Identifier: MIT
// Log console for spdlog lines ("[12:01:02.345] [core] [info] [t123] message"): coloured by level,
// filtered by minimum level and text, capped in length, and batched through a single-shot timer
// so a thousand lines a second never block the GUI thread.
#pragma once

#include <QTimer>
#include <QWidget>

#include <deque>
#include <vector>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QToolButton;

namespace fpt::widgets {

class LogPanelWidget : public QWidget {
    Q_OBJECT

public:
    enum class Level { Trace, Debug, Info, Warn, Error };

    explicit LogPanelWidget(QWidget* parent = nullptr);

    /// Queues a line; it shows at the next batch (about 30 ms later). GUI thread only.
    Q_SLOT void appendLine(const QString& line);
    /// Forgets every line.
    Q_SLOT void clear();
    /// Copies the selection, or every shown line when nothing is selected.
    Q_SLOT void copy();

    /// Most lines kept (and shown); older lines drop off the top. Default 5000.
    void setMaximumLines(int lines);

    int maximumLines() const { return m_maximumLines; }

    void setMinimumLevel(Level level);

    Level minimumLevel() const { return m_minimumLevel; }

    /// Shows only lines containing `text` (case-insensitive); empty shows all.
    void setTextFilter(const QString& text);

    /// Lines in the console now (queued lines count once their batch is drawn).
    int shownLineCount() const;
    QString shownText() const;

    /// False after the user scrolled up: new lines no longer scroll the view.
    bool isFollowing() const { return m_following; }

    QPlainTextEdit* console() const { return m_console; }

    /// The level of a spdlog line: its third bracketed field (warning/warn, err/error/critical);
    /// Info when the line has no recognisable level.
    static Level parseLevel(QStringView line);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Entry {
        QString text;
        Level level = Level::Info;
    };

    bool passes(const Entry& entry) const;
    void scheduleRebuild();
    void flush();
    void insertEntries(const std::vector<Entry>& entries);
    void setFollowing(bool following);

    QPlainTextEdit* m_console = nullptr;
    QComboBox* m_levelCombo = nullptr;
    QLineEdit* m_filterEdit = nullptr;
    QToolButton* m_followButton = nullptr;
    QTimer m_flushTimer;
    std::deque<Entry> m_lines;     // every kept line, filtered or not (for re-filtering)
    std::vector<Entry> m_pending;  // lines that pass the filter, not drawn yet
    bool m_rebuild = false;        // redraw everything at the next flush (filter, palette)
    bool m_following = true;
    bool m_flushing = false;
    int m_maximumLines = 5000;
    Level m_minimumLevel = Level::Info;
    QString m_textFilter;
};

}  // namespace fpt::widgets
