// SPDX-License-Identifier: MIT
// The Lesson dock's content: lesson chooser, step title, narration (Markdown), "show the
// reference result" vs "run it live", Back / Next. A view only: LessonRunner drives it.
#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTextBrowser;

namespace fpt::app {

class LessonPanel : public QWidget {
    Q_OBJECT

public:
    explicit LessonPanel(QWidget* parent = nullptr);

    /// (name, title) pairs in menu order.
    void setLessons(const QList<QPair<QString, QString>>& lessons);
    void setCurrentLesson(const QString& name);
    void showStep(const QString& lessonTitle, int index, int count, const QString& stepTitle, const QString& markdown);
    /// A line under the narration: what the step did or why it could not (missing reference run…).
    void setStatus(const QString& text, bool problem = false);
    bool liveMode() const;
    void setLiveMode(bool live);

    QTextBrowser* narration() const { return m_narration; }
    QLabel* stepLabel() const { return m_stepLabel; }
    QLabel* statusLabel() const { return m_status; }
    QPushButton* nextButton() const { return m_next; }
    QPushButton* backButton() const { return m_back; }
    QComboBox* modeCombo() const { return m_mode; }

Q_SIGNALS:
    void lessonChosen(const QString& name);
    void nextRequested();
    void backRequested();
    void liveModeChanged(bool live);

private:
    QComboBox* m_lessons = nullptr;
    QComboBox* m_mode = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_stepLabel = nullptr;
    QTextBrowser* m_narration = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_back = nullptr;
    QPushButton* m_next = nullptr;
    bool m_updating = false;
};

}  // namespace fpt::app
