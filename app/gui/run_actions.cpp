// SPDX-License-Identifier: MIT
// Config diff and continue actions (see run_actions.h).
#include "app/gui/run_actions.h"

#include "app/gui/run_identity.h"
#include "app/gui/run_manager.h"
#include "widgets/runs/run_naming.h"

#include <QInputDialog>
#include <QMessageBox>

namespace fpt::app {

namespace {

widgets::ConfigDiffDialog::Side sideOf(const RunEntry& run, const QString& name) {
    return {name, run.config, run.trainable > 0 ? run.trainable : -1, run.total};
}

}  // namespace

std::optional<DiffSides> diffSides(RunManager* runs, const QStringList& ids, QString* error) {
    QStringList keys;
    QList<QStringList> members;
    for (const auto& id : ids) {
        const auto* run = runs->runs()->run(id);
        if (run == nullptr) {
            continue;
        }
        const QString key = widgets::seedGroupKey(run->config);
        const auto at = keys.indexOf(key);
        if (at < 0) {
            keys.append(key);
            members.append({id});
        } else {
            members[at].append(id);
        }
    }
    if (ids.size() == 2 && keys.size() == 1) {  // two seeds of one group: the runs themselves
        keys = {keys.front(), keys.front()};
        members = {{ids[0]}, {ids[1]}};
    }
    if (keys.size() != 2) {
        if (error != nullptr) {
            *error = QObject::tr("Select two runs, or the runs of two seed groups (runs that differ "
                                 "only in seed); the selection holds %n different config(s).",
                                 nullptr, static_cast<int>(keys.size()));
        }
        return std::nullopt;
    }
    DiffSides sides;
    const bool groups = members[0].size() > 1 || members[1].size() > 1;
    for (int i = 0; i < 2; ++i) {
        const auto* run = runs->runs()->run(members[i].front());
        const QString name = groups ? widgets::defaultRunName(run->config, presetFor(run->config), false) +
                                          QObject::tr(" (%n seed(s))", nullptr, static_cast<int>(members[i].size()))
                                    : run->name;
        (i == 0 ? sides.left : sides.right) = sideOf(*run, name);
    }
    if (groups) {
        sides.ignored.append(QStringLiteral("train/seed"));
    }
    return sides;
}

void showConfigDiff(QWidget* parent, RunManager* runs, const QStringList& ids) {
    QString error;
    const auto sides = diffSides(runs, ids, &error);
    if (!sides) {
        QMessageBox::information(parent, QObject::tr("Compare settings"), error);
        return;
    }
    auto* dialog = new widgets::ConfigDiffDialog(sides->left, sides->right, sides->ignored, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void continueRuns(QWidget* parent, RunManager* runs, const QStringList& ids) {
    QStringList able;
    qint64 suggested = 0;
    for (const auto& id : ids) {
        if (runs->canContinue(id)) {
            able.append(id);
            const auto* run = runs->runs()->run(id);
            suggested = std::max(suggested, run->step < run->totalSteps ? run->totalSteps : 2 * run->totalSteps);
        }
    }
    if (able.isEmpty()) {
        QMessageBox::information(parent, QObject::tr("Continue runs"),
                                 QObject::tr("None of the selected runs can be continued: a run must be "
                                             "stopped, finished or failed and have a checkpoint in its folder."));
        return;
    }
    bool ok = false;
    const int steps = QInputDialog::getInt(parent, QObject::tr("Continue runs"),
                                           QObject::tr("Continue %n run(s) from the latest checkpoint to step:",
                                                       nullptr, static_cast<int>(able.size())),
                                           static_cast<int>(std::max<qint64>(suggested, 1)), 1, 100000000, 100, &ok);
    if (!ok) {
        return;
    }
    QStringList errors;
    for (const auto& id : able) {
        QString error;
        if (!runs->continueRun(id, steps, &error)) {
            errors.append(error);
        }
    }
    if (!errors.isEmpty()) {
        QMessageBox::warning(parent, QObject::tr("Continue runs"), errors.join(QLatin1Char('\n')));
    }
}

}  // namespace fpt::app
