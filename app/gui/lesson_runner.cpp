// SPDX-License-Identifier: MIT
// LessonRunner: the lesson's action vocabulary performed on MainWindow (docs/lessons.md).
#include "app/gui/lesson_runner.h"

#include "app/gui/presentation_mode.h"

#include "app/gui/config_bridge.h"
#include "app/gui/lesson_panel.h"
#include "app/gui/main_window.h"
#include "app/gui/run_manager.h"
#include "widgets/attention/attention_pane_widget.h"
#include "widgets/attention/attention_series.h"
#include "widgets/attention/attention_view_widget.h"
#include "widgets/attention/position_similarity_widget.h"
#include "widgets/charts/curve_chart_widget.h"
#include "widgets/charts/curve_panel_widget.h"
#include "widgets/common/collapsible_section.h"
#include "widgets/editor/experiment_editor_widget.h"
#include "widgets/runs/run_list_widget.h"
#include "widgets/runs/study_table_widget.h"

#include <QDir>
#include <QDockWidget>
#include <QEvent>
#include <QFileInfo>
#include <QFrame>
#include <QJsonArray>
#include <QJsonDocument>
#include <QScrollArea>
#include <QStatusBar>

#include <cmath>
#include <functional>

namespace fpt::app {

namespace {

/// A thick frame drawn over the widget a step points at; follows its size, ignores the mouse.
class HighlightFrame : public QFrame {
public:
    explicit HighlightFrame(QWidget* target)
        : QFrame(target) {
        setObjectName(QStringLiteral("lessonHighlight"));
        setAttribute(Qt::WA_TransparentForMouseEvents);
        setStyleSheet(QStringLiteral("#lessonHighlight { border: 4px solid #e69f00; border-radius: 6px; background: transparent; }"));
        setGeometry(target->rect());
        target->installEventFilter(this);
        raise();
        show();
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::Resize) {
            setGeometry(static_cast<QWidget*>(watched)->rect());
            raise();
        }
        return false;
    }
};

/// Sets a dotted path (train.steps) in a config; the value is JSON when it parses, else a string.
void setOverride(QJsonObject& config, const QString& key, const QString& text) {
    QJsonParseError error{};
    const auto doc = QJsonDocument::fromJson(QByteArray("[") + text.toUtf8() + QByteArray("]"), &error);
    const QJsonValue value = error.error == QJsonParseError::NoError && doc.array().size() == 1
                                 ? doc.array().at(0)
                                 : QJsonValue(text);
    const QStringList parts = key.split(QLatin1Char('.'));
    std::function<void(QJsonObject&, int)> set = [&](QJsonObject& obj, int depth) {
        if (depth + 1 == parts.size()) {
            obj[parts[depth]] = value;
            return;
        }
        QJsonObject child = obj.value(parts[depth]).toObject();
        set(child, depth + 1);
        obj[parts[depth]] = child;
    };
    set(config, 0);
}

QString dockName(const QString& view) {
    static const QHash<QString, QString> names{
        {QStringLiteral("experiment"), QStringLiteral("experimentDock")}, {QStringLiteral("runs"), QStringLiteral("runsDock")},
        {QStringLiteral("attention"), QStringLiteral("attentionDock")},   {QStringLiteral("positions"), QStringLiteral("positionsDock")},
        {QStringLiteral("data"), QStringLiteral("dataDock")},             {QStringLiteral("log"), QStringLiteral("logDock")},
        {QStringLiteral("study"), QStringLiteral("studyDock")}};
    return names.value(view);
}

}  // namespace

LessonRunner::LessonRunner(MainWindow* window, LessonPanel* panel, QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_panel(panel) {
    connect(m_panel, &LessonPanel::lessonChosen, this, [this](const QString& name) {
        if (!name.isEmpty()) {
            start(name);
        }
    });
    connect(m_panel, &LessonPanel::nextRequested, this, &LessonRunner::next);
    connect(m_panel, &LessonPanel::backRequested, this, &LessonRunner::back);
    connect(m_panel, &LessonPanel::liveModeChanged, this, &LessonRunner::setLiveMode);
    connect(m_window->runManager(), &RunManager::snapshotAdded, this, [this]() {
        if (m_attentionPending) {
            applyAttention();
        }
    });
    reload();
}

LessonRunner::~LessonRunner() { clearHighlight(); }

void LessonRunner::reload() {
    m_loadErrors.clear();
    const QString dir = LessonFile::lessonsDir();
    m_lessons = dir.isEmpty() ? QVector<Lesson>{} : LessonFile::readAll(dir, &m_loadErrors);
    if (dir.isEmpty()) {
        m_loadErrors.append(tr("No lessons folder found (resources/lessons, or set FPT_LESSONS_DIR)."));
    }
    QList<QPair<QString, QString>> items;
    for (const auto& l : m_lessons) {
        items.append({l.name, l.title});
    }
    m_panel->setLessons(items);
    m_index = -1;
    m_step = -1;
    if (!m_loadErrors.isEmpty()) {
        m_panel->setStatus(tr("Lessons refused:\n%1").arg(m_loadErrors.join(QLatin1Char('\n'))), true);
    }
}

bool LessonRunner::start(const QString& name, QString* error) {
    for (int i = 0; i < m_lessons.size(); ++i) {
        if (m_lessons[i].name == name) {
            if (m_index != i) {
                clearLessonRuns();
            }
            m_index = i;
            m_step = 0;
            m_panel->setCurrentLesson(name);
            enterStep();
            return true;
        }
    }
    QStringList names;
    for (const auto& l : m_lessons) {
        names.append(l.name);
    }
    const QString why = tr("no lesson \"%1\" (available: %2)").arg(name, names.isEmpty() ? tr("none") : names.join(QStringLiteral(", ")));
    if (error) {
        *error = m_loadErrors.isEmpty() ? why : why + QLatin1Char('\n') + m_loadErrors.join(QLatin1Char('\n'));
    }
    return false;
}

bool LessonRunner::next() {
    if (current() == nullptr || m_step + 1 >= current()->steps.size()) {
        return false;
    }
    ++m_step;
    enterStep();
    return true;
}

bool LessonRunner::back() {
    if (current() == nullptr || m_step <= 0) {
        return false;
    }
    --m_step;
    enterStep();
    return true;
}

void LessonRunner::setLiveMode(bool live) {
    if (m_live == live) {
        return;
    }
    m_live = live;
    m_panel->setLiveMode(live);
    if (current() != nullptr) {
        enterStep();  // a live step starts its runs now
    }
}

void LessonRunner::enterStep() {
    const Lesson& lesson = *current();
    const LessonStep& step = lesson.steps[m_step];
    m_panel->showStep(lesson.title, m_step, static_cast<int>(lesson.steps.size()), step.title, step.narration);
    clearHighlight();
    m_problems.clear();
    m_attentionPending = false;
    QStringList ids;
    for (const auto& action : step.actions) {
        perform(action, ids);
    }
    if (!ids.isEmpty()) {
        m_stepRuns = ids;
        m_window->runList()->selectRuns(ids);
    }
    if (m_attentionPending) {
        applyAttention();  // after the selection put the step's runs into the panes
    }
    bool inside = false;
    for (const auto& a : step.actions) {
        const bool insideVerb = a.verb == QLatin1String("attention") || a.verb == QLatin1String("positions");
        const bool pointsInside = (a.verb == QLatin1String("view") || a.verb == QLatin1String("highlight")) &&
                                  !a.args.isEmpty() &&
                                  (a.args[0] == QLatin1String("attention") || a.args[0] == QLatin1String("positions"));
        inside = inside || insideVerb || pointsInside;
    }
    m_window->presentation()->setInsideViewsWide(inside);
    if (!m_problems.isEmpty()) {
        m_panel->setStatus(m_problems.join(QLatin1Char('\n')), true);
    } else {
        bool hasLive = false;
        for (const auto& a : step.actions) {
            hasLive = hasLive || a.verb == QLatin1String("live");
        }
        m_panel->setStatus(hasLive && !m_live ? tr("Showing the reference result. Choose \"Run it live\" to train these runs now.")
                                              : QString());
    }
    Q_EMIT stepShown(m_step);
}

void LessonRunner::perform(const LessonAction& action, QStringList& ids) {
    const QString& verb = action.verb;
    if (verb == QLatin1String("reference")) {
        openReference(action, ids);
    } else if (verb == QLatin1String("live")) {
        if (m_live) {
            int liveCount = 0;
            for (const auto& a : current()->steps[m_step].actions) {
                liveCount += a.verb == QLatin1String("live") ? 1 : 0;
            }
            startLive(action, liveCount, ids);
        }
    } else if (verb == QLatin1String("view")) {
        raiseView(action.args[0]);
    } else if (verb == QLatin1String("highlight")) {
        highlight(action.args[0]);
    } else if (verb == QLatin1String("attention")) {
        m_attention = action;
        m_attentionPending = true;
        raiseView(QStringLiteral("attention"));
    } else if (verb == QLatin1String("positions")) {
        m_window->positionsView()->setMode(action.args[0] == QLatin1String("side-by-side")
                                               ? widgets::PositionSimilarityWidget::Mode::NowSideBySide
                                               : widgets::PositionSimilarityWidget::Mode::CompareSteps);
        raiseView(QStringLiteral("positions"));
    } else if (verb == QLatin1String("study")) {
        int seeds = 1;
        for (const auto& a : action.args.mid(1)) {
            seeds = a.mid(6).toInt();
        }
        QString error;
        if (!m_window->openStudy(action.args[0], QStringLiteral("small"), seeds, {}, &error)) {
            m_problems.append(tr("line %1: cannot open study %2: %3").arg(action.line).arg(action.args[0], error));
        }
    }
}

void LessonRunner::openReference(const LessonAction& action, QStringList& ids) {
    const QString root = LessonFile::referenceRunsDir();
    for (const auto& name : action.args) {
        const QString folder = root.isEmpty() ? QString() : QDir(root).filePath(name);
        if (folder.isEmpty() || !QFileInfo(QDir(folder).filePath(QStringLiteral("run.json"))).isFile()) {
            m_problems.append(tr("Reference run \"%1\" is missing (looked in %2): regenerate it with "
                                 "scripts/make_reference_runs.sh.")
                                  .arg(name, root.isEmpty() ? tr("resources/reference-runs") : root));
            continue;
        }
        QString error;
        const QString id = m_window->runManager()->openFolder(folder, &error);
        if (id.isEmpty()) {
            m_problems.append(tr("Reference run \"%1\": %2").arg(name, error));
            continue;
        }
        ids.append(id);
        if (!m_lessonRuns.contains(id)) {
            m_lessonRuns.append(id);
        }
    }
}

void LessonRunner::startLive(const LessonAction& action, int liveCount, QStringList& ids) {
    const QString key = current()->name + QLatin1Char(':') + QString::number(action.line);
    if (const auto it = m_liveRuns.constFind(key); it != m_liveRuns.constEnd() && m_window->runManager()->runs()->run(*it)) {
        ids.append(*it);
        return;
    }
    const QString preset = QDir(m_window->presetsDir()).filePath(action.args[0] + QStringLiteral(".json"));
    QString error;
    QJsonObject config = ConfigBridge::loadPreset(preset, error);
    if (config.isEmpty()) {
        m_problems.append(tr("line %1: preset %2: %3").arg(action.line).arg(action.args[0], error));
        return;
    }
    for (const auto& arg : action.args.mid(1)) {
        const int eq = static_cast<int>(arg.indexOf(QLatin1Char('=')));
        setOverride(config, arg.left(eq), arg.mid(eq + 1));
    }
    // All of the step's runs train at once (a lesson sizes them for that), not two and a queue.
    m_window->runManager()->setMaxConcurrent(std::max(2, liveCount));
    const QString id = m_window->runManager()->launch(config, &error);
    if (id.isEmpty()) {
        m_problems.append(tr("line %1: cannot start %2: %3").arg(action.line).arg(action.args[0], error));
        return;
    }
    m_liveRuns.insert(key, id);
    m_lessonRuns.append(id);
    ids.append(id);
}

void LessonRunner::raiseView(const QString& name) {
    if (auto* dock = m_window->findChild<QDockWidget*>(dockName(name))) {
        dock->show();
        dock->raise();
    }
}

QWidget* LessonRunner::targetWidget(const QString& name) const {
    if (name == QLatin1String("curves")) {
        return m_window->curves();
    }
    if (name == QLatin1String("accuracy-chart") || name == QLatin1String("loss-chart")) {
        return m_window->curves()->chart(name.section(QLatin1Char('-'), 0, 0));
    }
    if (name == QLatin1String("experiment")) {
        return m_window->editor();
    }
    if (name == QLatin1String("freeze")) {
        return m_window->editor()->findChild<QWidget*>(QStringLiteral("freezeBox"));
    }
    if (name == QLatin1String("parameters")) {
        return m_window->editor()->findChild<QWidget*>(QStringLiteral("parameterCount"));
    }
    if (name == QLatin1String("runs")) {
        return m_window->runList();
    }
    if (name == QLatin1String("attention")) {
        return m_window->attentionView();
    }
    if (name == QLatin1String("positions")) {
        return m_window->positionsView();
    }
    if (name == QLatin1String("study")) {
        return m_window->studyTable();
    }
    return nullptr;
}

void LessonRunner::highlight(const QString& name) {
    QWidget* target = targetWidget(name);
    if (target == nullptr) {
        return;
    }
    // Bring it on screen: its dock to the front, its editor section open, scrolled into view.
    for (QWidget* w = target; w != nullptr; w = w->parentWidget()) {
        if (auto* dock = qobject_cast<QDockWidget*>(w)) {
            dock->show();
            dock->raise();
        }
        if (auto* section = qobject_cast<widgets::CollapsibleSection*>(w)) {
            section->setExpanded(true);
        }
    }
    for (QWidget* w = target->parentWidget(); w != nullptr; w = w->parentWidget()) {
        if (auto* scroll = qobject_cast<QScrollArea*>(w)) {
            scroll->ensureWidgetVisible(target, 0, 0);
        }
    }
    m_highlightTarget = target;
    m_highlightFrame = new HighlightFrame(target);
}

void LessonRunner::clearHighlight() {
    delete m_highlightFrame.data();
    m_highlightFrame = nullptr;
    m_highlightTarget = nullptr;
}

void LessonRunner::applyAttention() {
    auto* view = m_window->attentionView();
    bool ready = false;
    for (int p = 0; p < view->paneCount(); ++p) {
        auto* pane = view->pane(p);
        if (pane == nullptr) {
            continue;
        }
        for (const auto& arg : m_attention.args) {
            const QString key = arg.section(QLatin1Char('='), 0, 0);
            const QString value = arg.section(QLatin1Char('='), 1);
            if (key == QLatin1String("layer")) {
                pane->setLayer(value.toInt());
            } else if (key == QLatin1String("head")) {
                pane->setHead(value == QLatin1String("mean") ? widgets::AttentionSeries::kMeanOfHeads : value.toInt());
            } else if (key == QLatin1String("query")) {
                const auto cells = pane->currentMatrix().size();
                const int tokens = static_cast<int>(std::lround(std::sqrt(static_cast<double>(cells))));
                pane->setQueryToken(value == QLatin1String("last") ? tokens - 1 : value.toInt());
            }
        }
        ready = ready || pane->layerCount() > 0;
    }
    m_attentionPending = !ready;  // live runs: pick again once their first snapshot is in
}

void LessonRunner::clearLessonRuns() {
    // A new lesson starts on a clean screen: the previous lesson's runs leave the views.
    if (!m_lessonRuns.isEmpty()) {
        m_window->runManager()->remove(m_lessonRuns);
    }
    m_lessonRuns.clear();
    m_liveRuns.clear();
    m_stepRuns.clear();
}

}  // namespace fpt::app
