// SPDX-License-Identifier: MIT
// RunManager: lifecycle of the session's runs and the plumbing from workers to the models.
#include "app/gui/run_manager.h"

#include "app/gui/config_bridge.h"
#include "app/gui/log_bridge.h"
#include "app/gui/run_folder_loader.h"
#include "app/gui/run_identity.h"
#include "app/gui/run_precheck.h"
#include "app/gui/training_controller.h"
#include "app/gui/training_worker.h"
#include "core/backbones/backbone_registry.h"
#include "core/model/gpt2_config.h"
#include "core/training/run_folder.h"
#include "widgets/charts/run_palette.h"
#include "widgets/runs/run_naming.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <spdlog/spdlog.h>

#include <filesystem>

namespace fpt::app {

namespace {

QString stamp() { return QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")); }

}  // namespace

RunManager::RunManager(QObject* parent)
    : QObject(parent) {
    m_followTimer.setInterval(1000);
    connect(&m_followTimer, &QTimer::timeout, this, &RunManager::pollFollowed);
    m_runsRoot = QDir::current().filePath(QStringLiteral("runs"));
}

RunManager::~RunManager() { shutdown(); }

QString RunManager::addEntry(RunEntry entry) {
    entry.id = QStringLiteral("r%1").arg(m_nextId++);
    QStringList taken;
    QList<QColor> used;
    for (const auto& id : m_runs.ids()) {
        taken.append(m_runs.run(id)->name);
        used.append(m_runs.run(id)->color);
    }
    entry.name = widgets::uniqueRunName(entry.name, taken);
    // A run keeps its colour across launches: it is stored in its folder the first time.
    const QColor stored = readRunColor(entry.folder);
    entry.color = stored.isValid() ? stored : widgets::pickRunColor(entry.kind, used);
    if (!stored.isValid()) {
        writeRunColor(entry.folder, entry.color);  // no-op until the folder exists
    }
    m_runs.addRun(entry);
    m_metrics.setRunName(entry.id, entry.name);
    Q_EMIT runAdded(entry.id);
    return entry.id;
}

QString RunManager::launch(const QJsonObject& config, QString* error) {
    return launchWith(config, QString(), false, error);
}

QString RunManager::launchWith(const QJsonObject& config, const QString& folder, bool resume,
                               QString* error) {
    QList<QPair<QString, QString>> issues;
    const auto parsed = ConfigBridge::fromJson(config, issues);
    if (issues.isEmpty()) {
        issues = precheckRun(parsed);  // depth and data: refused now, not failed later
    }
    if (!issues.isEmpty()) {
        if (error != nullptr) {
            QStringList lines;
            for (const auto& [path, message] : issues) {
                lines.append(path + QStringLiteral(": ") + message);
            }
            *error = lines.join(QLatin1Char('\n'));
        }
        return {};
    }
    RunEntry entry;
    entry.config = config;
    entry.parsed = std::make_shared<const core::RunConfig>(parsed);
    entry.task = QString::fromStdString(core::toString(parsed.task.name));
    entry.kind = QString::fromStdString(core::toString(parsed.model.kind));
    entry.backbone = QString::fromStdString(parsed.model.backbone);
    entry.name = widgets::displayRunName(config, presetFor(config));
    entry.totalSteps = parsed.train.steps;
    entry.resume = resume;
    entry.folder = folder.isEmpty() ? QString() : QFileInfo(folder).absoluteFilePath();
    const QString id = addEntry(entry);
    if (folder.isEmpty()) {
        // The name comes from a preset (maybe a colleague's): one safe path component only.
        const QString safeName = QString::fromStdString(core::safeRunFolderName(entry.name.toStdString()));
        const QString dir = QDir(m_runsRoot).filePath(safeName + QLatin1Char('-') + stamp() +
                                                      QLatin1Char('-') + id);
        m_runs.updateRun(id, [&](RunEntry& e) { e.folder = dir; });
    }
    startQueued();
    return id;
}

QString RunManager::launchAt(const QJsonObject& config, const QString& folder, QString* error) {
    const QString status = RunFolderLoader::readStatus(folder);
    if (status == QLatin1String("done") || status == QLatin1String("failed")) {
        return openFolder(folder, error);
    }
    bool resume = false;
    if (!status.isEmpty()) {
        try {
            resume = core::RunFolder::open(folder.toStdString()).latestCheckpointStep().has_value();
        } catch (const std::exception&) {
            resume = false;
        }
        if (!resume) {
            QDir(folder).removeRecursively();  // died before its first checkpoint
        }
    }
    return launchWith(config, folder, resume, error);
}

QStringList RunManager::launchComparison(const QJsonObject& config, QString* error) {
    QJsonObject model = config.value(QStringLiteral("model")).toObject();
    const QString backbone = model.value(QStringLiteral("backbone")).toString(QStringLiteral("random"));
    if (backbone != QLatin1String("random")) {
        try {  // Full / LSTM get the pretrained backbone's shape
            const auto info = core::BackboneRegistry::resolve(backbone.toStdString());
            const auto shape = core::readGpt2Config(info.folder + "/config.json");
            model[QStringLiteral("n_layer")] = static_cast<qint64>(shape.n_layer);
            model[QStringLiteral("n_embd")] = static_cast<qint64>(shape.n_embd);
            model[QStringLiteral("n_head")] = static_cast<qint64>(shape.n_head);
        } catch (const std::exception& e) {
            if (error != nullptr) {
                *error = QString::fromUtf8(e.what());
            }
            return {};
        }
    }
    const QString task = config.value(QStringLiteral("task")).toObject().value(QStringLiteral("name")).toString();
    QStringList ids;
    for (const char* kind : {"fpt", "full", "lstm"}) {
        QJsonObject c = config;
        QJsonObject m = model;
        m[QStringLiteral("kind")] = QString::fromLatin1(kind);
        if (QLatin1String(kind) != QLatin1String("fpt")) {
            m[QStringLiteral("backbone")] = QStringLiteral("random");
        }
        if (QLatin1String(kind) == QLatin1String("lstm")) {
            m[QStringLiteral("n_layer")] = 3;  // the paper's LSTM baseline
            QJsonObject train = c.value(QStringLiteral("train")).toObject();
            train[QStringLiteral("learning_rate")] = 3e-4;  // paper: LSTMs 3e-4
            c[QStringLiteral("train")] = train;
        }
        c[QStringLiteral("model")] = m;
        c[QStringLiteral("name")] = QString(task + QLatin1Char('_') + QString::fromLatin1(kind));
        const QString id = launch(c, error);
        if (id.isEmpty()) {
            return ids;
        }
        ids.append(id);
    }
    return ids;
}

void RunManager::startQueued() {
    int active = 0;
    for (const auto& id : m_runs.ids()) {
        active += isActive(id) ? 1 : 0;
    }
    for (const auto& id : m_runs.ids()) {
        if (active >= m_maxConcurrent) {
            return;
        }
        const auto* run = m_runs.run(id);
        if (run != nullptr && run->state == QLatin1String("queued") && run->parsed && !m_controllers.contains(id)) {
            startRun(id);
            ++active;
        }
    }
}

void RunManager::startRun(const QString& id) {
    const auto* run = m_runs.run(id);
    auto* controller = new TrainingController(*run->parsed, run->folder, run->resume, this);
    m_controllers.insert(id, controller);
    connectWorker(id, controller);
    m_runs.updateRun(id, [](RunEntry& e) { e.state = QStringLiteral("running"); });
    appLogger()->info("starting run {} in '{}'", id.toStdString(), run->folder.toStdString());
    controller->start();
}

void RunManager::connectWorker(const QString& id, TrainingController* controller) {
    auto* worker = controller->worker();
    connect(worker, &TrainingWorker::started, this, [this, id](const RunStartInfo& info) {
        m_startInfo.insert(id, info);
        if (const auto* run = m_runs.run(id); run != nullptr && !readRunColor(run->folder).isValid()) {
            writeRunColor(run->folder, run->color);  // the trainer has made the folder by now
        }
        m_runs.updateRun(id, [&](RunEntry& e) {
            e.trainable = info.trainable;
            e.total = info.total;
        });
        Q_EMIT runStarted(id, info);
    });
    connect(worker, &TrainingWorker::stepsReady, this,
            [this, id](const QVector<StepPoint>& points) { onSteps(id, points); });
    connect(worker, &TrainingWorker::evaluated, this, [this, id](const EvalPoint& p) { onEval(id, p); });
    connect(worker, &TrainingWorker::snapshotReady, this, [this, id](const SnapshotData& s) {
        m_snapshots[id].append(s);
        Q_EMIT snapshotAdded(id, s);
    });
    connect(worker, &TrainingWorker::pausedAt, this, [this, id](qint64) {
        m_runs.updateRun(id, [](RunEntry& e) { e.state = QStringLiteral("paused"); });
    });
    connect(worker, &TrainingWorker::finished, this, [this, id](const RunResult& r) {
        onEnded(id, r.status, r.message);
    });
    connect(worker, &TrainingWorker::failed, this, [this, id](const QString& user, const QString& details) {
        onEnded(id, QStringLiteral("failed"), user);
        Q_EMIT runFailed(id, user, details);
    });
    connect(controller, &TrainingController::threadFinished, this, [this, id]() {
        if (auto* c = m_controllers.take(id)) {
            c->deleteLater();
        }
        startQueued();
    });
}

void RunManager::onSteps(const QString& id, const QVector<StepPoint>& points) {
    if (points.isEmpty()) {
        return;
    }
    QVector<MetricRow> rows;
    rows.reserve(points.size());
    double stepTime = 0.0;
    for (const auto& p : points) {
        rows.append({id, QStringLiteral("train"), p.step, p.timeS, p.loss, p.accuracy});
        stepTime += p.stepTimeS;
    }
    m_metrics.append(rows);
    const auto& last = points.back();
    const double rate = stepTime > 0 ? double(points.size()) / stepTime : 0.0;
    m_runs.updateRun(id, [&](RunEntry& e) {
        e.step = last.step;
        e.stepsPerS = e.stepsPerS > 0 ? 0.8 * e.stepsPerS + 0.2 * rate : rate;
        e.etaS = e.stepsPerS > 0 ? double(e.totalSteps - e.step) / e.stepsPerS : 0.0;
        if (e.state == QLatin1String("queued")) {
            e.state = QStringLiteral("running");
        }
    });
}

void RunManager::onEval(const QString& id, const EvalPoint& p) {
    m_metrics.append({{id, QStringLiteral("test"), p.step, p.timeS, p.loss, p.accuracy}});
    m_runs.updateRun(id, [&](RunEntry& e) { e.testAccuracy = p.accuracy; });
}

void RunManager::onEnded(const QString& id, const QString& state, const QString& message) {
    m_runs.updateRun(id, [&](RunEntry& e) {
        e.state = state;
        e.message = message;
        e.etaS = 0.0;
    });
    appLogger()->info("run {} ended: {} {}", id.toStdString(), state.toStdString(), message.toStdString());
    Q_EMIT runFinished(id);
}

QString RunManager::openFolder(const QString& folder, QString* error) {
    const QString absolute = QFileInfo(folder).absoluteFilePath();
    for (const auto& id : m_runs.ids()) {
        if (m_runs.run(id)->folder == absolute) {
            return id;  // already open
        }
    }
    LoadedRun loaded;
    try {
        loaded = RunFolderLoader::load(absolute);
    } catch (const std::exception& e) {
        if (error != nullptr) {
            *error = QString::fromUtf8(e.what());
        }
        return {};
    }
    RunEntry entry;
    entry.name = widgets::displayRunName(loaded.config, presetFor(loaded.config));
    entry.folder = loaded.folder;
    entry.config = loaded.config;
    const auto task = loaded.config.value(QStringLiteral("task")).toObject();
    const auto model = loaded.config.value(QStringLiteral("model")).toObject();
    entry.task = task.value(QStringLiteral("name")).toString();
    entry.kind = model.value(QStringLiteral("kind")).toString();
    entry.backbone = model.value(QStringLiteral("backbone")).toString();
    entry.state = loaded.status;
    entry.message = loaded.message;
    entry.step = loaded.step;
    entry.totalSteps = loaded.totalSteps;
    entry.trainable = loaded.trainable;
    entry.total = loaded.total;
    const QString id = addEntry(entry);
    for (auto& row : loaded.rows) {
        row.runId = id;
        if (row.split == QLatin1String("test")) {
            m_runs.updateRun(id, [&](RunEntry& e) { e.testAccuracy = row.accuracy; });
        }
        if (row.step > entry.step) {
            m_runs.updateRun(id, [&](RunEntry& e) { e.step = row.step; });
        }
    }
    m_metrics.append(loaded.rows);
    m_startInfo.insert(id, loaded.info);
    m_snapshots.insert(id, loaded.snapshots);
    Q_EMIT runStarted(id, loaded.info);
    for (const auto& s : loaded.snapshots) {
        Q_EMIT snapshotAdded(id, s);
    }
    if (loaded.status == QLatin1String("running")) {
        m_followOffsets.insert(id, loaded.metricsBytes);
        m_followTimer.start();
    }
    return id;
}

void RunManager::pollFollowed() {
    for (auto it = m_followOffsets.begin(); it != m_followOffsets.end();) {
        const QString id = it.key();
        const auto* run = m_runs.run(id);
        if (run == nullptr) {
            it = m_followOffsets.erase(it);
            continue;
        }
        auto rows = RunFolderLoader::readNewMetrics(run->folder, it.value());
        for (auto& row : rows) {
            row.runId = id;
        }
        m_metrics.append(rows);
        const qint64 lastSnapshot = m_snapshots.value(id).isEmpty() ? -1 : m_snapshots.value(id).back().step;
        for (const auto& s : RunFolderLoader::readSnapshotsAfter(run->folder, lastSnapshot)) {
            m_snapshots[id].append(s);
            Q_EMIT snapshotAdded(id, s);
        }
        qint64 step = 0;
        const QString status = RunFolderLoader::readStatus(run->folder, &step);
        m_runs.updateRun(id, [&](RunEntry& e) {
            for (const auto& row : rows) {
                e.step = std::max(e.step, row.step);
                if (row.split == QLatin1String("test")) {
                    e.testAccuracy = row.accuracy;
                }
            }
            if (!status.isEmpty()) {
                e.state = status;
            }
        });
        it = status == QLatin1String("running") ? std::next(it) : m_followOffsets.erase(it);
    }
    if (m_followOffsets.isEmpty()) {
        m_followTimer.stop();
    }
}

bool RunManager::canContinue(const QString& id) const {
    const auto* run = m_runs.run(id);
    if (run == nullptr || isActive(id) || run->state == QLatin1String("queued") ||
        run->state == QLatin1String("running") || run->state == QLatin1String("paused") ||
        m_followOffsets.contains(id)) {
        return false;
    }
    try {
        return core::RunFolder::open(run->folder.toStdString()).latestCheckpointStep().has_value();
    } catch (const std::exception&) {
        return false;
    }
}

bool RunManager::continueRun(const QString& id, qint64 steps, QString* error) {
    const auto fail = [error](const QString& message) {
        if (error != nullptr) {
            *error = message;
        }
        return false;
    };
    const auto* run = m_runs.run(id);
    if (run == nullptr) {
        return fail(tr("No run '%1'.").arg(id));
    }
    if (!canContinue(id)) {
        return fail(tr("Run '%1' cannot be continued: it is %2 or its folder '%3' holds no "
                       "checkpoint.").arg(run->name, run->state, run->folder));
    }
    QJsonObject config = run->config;
    QJsonObject train = config.value(QStringLiteral("train")).toObject();
    const qint64 target = steps > 0 ? steps : train.value(QStringLiteral("steps")).toInteger(run->totalSteps);
    if (target <= run->step && run->state != QLatin1String("stopped")) {
        return fail(tr("Run '%1' is already at step %2; continue it to more steps than that.")
                        .arg(run->name).arg(run->step));
    }
    train[QStringLiteral("steps")] = target;
    config[QStringLiteral("train")] = train;
    QList<QPair<QString, QString>> issues;
    const auto parsed = ConfigBridge::fromJson(config, issues);
    if (!issues.isEmpty()) {
        return fail(issues.front().first + QStringLiteral(": ") + issues.front().second);
    }
    m_runs.updateRun(id, [&](RunEntry& e) {
        e.config = config;
        e.parsed = std::make_shared<const core::RunConfig>(parsed);
        e.totalSteps = target;
        e.resume = true;  // from the folder's latest checkpoint, bit-exactly as `fpt train --resume`
        e.state = QStringLiteral("queued");
        e.message.clear();
    });
    appLogger()->info("continuing run {} to {} steps", id.toStdString(), target);
    startQueued();
    return true;
}

void RunManager::pause(const QStringList& ids) {
    for (const auto& id : ids) {
        if (auto* c = m_controllers.value(id)) {
            c->pause();
            m_runs.updateRun(id, [](RunEntry& e) { e.state = QStringLiteral("paused"); });
        }
    }
}

void RunManager::resume(const QStringList& ids) {
    for (const auto& id : ids) {
        if (auto* c = m_controllers.value(id)) {
            c->resume();
            m_runs.updateRun(id, [](RunEntry& e) { e.state = QStringLiteral("running"); });
        }
    }
}

void RunManager::step(const QStringList& ids) {
    for (const auto& id : ids) {
        if (auto* c = m_controllers.value(id)) {
            c->step(1);
        }
    }
}

void RunManager::stop(const QStringList& ids) {
    for (const auto& id : ids) {
        if (auto* c = m_controllers.value(id)) {
            c->stop();
        } else if (const auto* run = m_runs.run(id); run != nullptr && run->state == QLatin1String("queued")) {
            m_runs.updateRun(id, [](RunEntry& e) { e.state = QStringLiteral("stopped"); });
        }
    }
}

void RunManager::remove(const QStringList& ids) {
    for (const auto& id : ids) {
        if (isActive(id)) {
            continue;
        }
        m_followOffsets.remove(id);
        m_metrics.removeRun(id);
        m_runs.removeRun(id);
        m_startInfo.remove(id);
        m_snapshots.remove(id);
        Q_EMIT runRemoved(id);
    }
}

void RunManager::shutdown() {
    for (auto* c : std::as_const(m_controllers)) {
        c->stop();
    }
    const auto controllers = m_controllers;
    m_controllers.clear();
    for (auto* c : controllers) {
        delete c;  // waits for its thread: the run writes its checkpoint and status first
    }
}

const RunStartInfo* RunManager::startInfo(const QString& id) const {
    const auto it = m_startInfo.constFind(id);
    return it == m_startInfo.cend() ? nullptr : &it.value();
}

bool RunManager::isActive(const QString& id) const { return m_controllers.contains(id); }

}  // namespace fpt::app
