// SPDX-License-Identifier: MIT
// Lessons are data: one Markdown file per lesson (resources/lessons/NAME.md, format in
// docs/lessons.md). This reads one into plain values and refuses a malformed file with its
// file, line and reason; it checks the action vocabulary, not whether presets or runs exist.
#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

#include <stdexcept>

namespace fpt::app {

/// One action line, e.g. `attention: layer=1 head=mean query=7`.
struct LessonAction {
    QString verb;       // reference, live, view, highlight, attention, positions, study
    QStringList args;   // the words after the colon
    int line = 0;       // 1-based line in the lesson file
};

struct LessonStep {
    QString title;
    QString narration;  // Markdown
    QVector<LessonAction> actions;
    int line = 0;
};

struct Lesson {
    QString name;     // file name without .md: what --lesson takes
    QString file;
    QString title;
    QString summary;
    int order = 0;
    QVector<LessonStep> steps;
};

/// "FILE:LINE: reason" (line 0: the file as a whole).
class LessonError : public std::runtime_error {
public:
    LessonError(const QString& file, int line, const QString& reason);
    QString file() const { return m_file; }
    int line() const { return m_line; }
    QString reason() const { return m_reason; }

private:
    QString m_file;
    int m_line;
    QString m_reason;
};

class LessonFile {
public:
    /// The names an action verb accepts, for messages and docs.
    static QStringList verbs();
    static QStringList viewNames();
    static QStringList highlightNames();
    /// Parses lesson text; `file` names it in errors. Throws LessonError.
    static Lesson parse(const QString& text, const QString& file);
    /// Reads and parses a file. Throws LessonError (also for an unreadable file).
    static Lesson read(const QString& path);
    /// Every *.md in `dir`, sorted by `order` then name; malformed ones go to `errors`.
    static QVector<Lesson> readAll(const QString& dir, QStringList* errors = nullptr);
    /// Where the shipped lessons are: $FPT_LESSONS_DIR, <project>/resources/lessons, or the
    /// installed share/fpt-explorer/lessons next to the binary; "" when none exists.
    static QString lessonsDir();
    /// Same search for the reference run folders (resources/reference-runs).
    static QString referenceRunsDir();
};

}  // namespace fpt::app
