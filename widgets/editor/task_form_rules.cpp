// SPDX-License-Identifier: MIT
// Per-task form rules; see task_form_rules.h.
#include "widgets/editor/task_form_rules.h"

#include <QCoreApplication>

#include <algorithm>

namespace fpt::widgets::task_form_rules {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("fpt::widgets::task_form_rules", text);
}

const QStringList& bitTasks() {
    static const QStringList kTasks{QStringLiteral("bit_memory"), QStringLiteral("bit_xor")};
    return kTasks;
}

const QStringList& imageTasks() {
    static const QStringList kTasks{QStringLiteral("mnist"), QStringLiteral("fashion_mnist"),
                                    QStringLiteral("cifar10"), QStringLiteral("cifar10_lra")};
    return kTasks;
}

bool isKnownTask(const QString& task) {
    const auto choices = taskChoices();
    return std::any_of(choices.begin(), choices.end(),
                       [&](const auto& choice) { return choice.second == task; });
}

}  // namespace

QList<QPair<QString, QString>> taskChoices() {
    return {
        {tr("Bit memory"), QStringLiteral("bit_memory")},
        {tr("Bit XOR"), QStringLiteral("bit_xor")},
        {tr("ListOps"), QStringLiteral("listops")},
        {tr("MNIST"), QStringLiteral("mnist")},
        {tr("Fashion-MNIST"), QStringLiteral("fashion_mnist")},
        {tr("CIFAR-10"), QStringLiteral("cifar10")},
        {tr("CIFAR-10 LRA (grey, 1 pixel/token)"), QStringLiteral("cifar10_lra")},
        {tr("Remote homology"), QStringLiteral("remote_homology")},
    };
}

bool isFieldRelevant(const QString& key, const QString& task) {
    if (key == QLatin1String("name") || !isKnownTask(task)) {
        return true;
    }
    const bool bits = bitTasks().contains(task);
    const bool images = imageTasks().contains(task);
    const bool mnistLike = task == QLatin1String("mnist") || task == QLatin1String("fashion_mnist");
    const bool listops = task == QLatin1String("listops");
    const bool homology = task == QLatin1String("remote_homology");
    if (key == QLatin1String("data_path")) {
        return !bits;  // bit strings are generated
    }
    if (key == QLatin1String("n") || key == QLatin1String("num_patterns")) {
        return bits;
    }
    if (key == QLatin1String("patch_size")) {
        return bits || images;
    }
    if (key == QLatin1String("paper_resize") || key == QLatin1String("test_fraction")) {
        return mnistLike;
    }
    if (key == QLatin1String("augment")) {
        return images && !mnistLike;  // CIFAR crop/flip/rotate (fpt-paper.md §1.5-1.6)
    }
    if (key == QLatin1String("max_train_examples")) {
        return images || homology;
    }
    if (key == QLatin1String("max_length") || key == QLatin1String("test_split")) {
        return listops || homology;
    }
    // source, drop_brackets, generate_train, generate_test, max_depth, max_args
    return listops;
}

QStringList testSplitChoices(const QString& task) {
    if (task == QLatin1String("listops")) {
        return {QString(), QStringLiteral("val"), QStringLiteral("test")};
    }
    if (task == QLatin1String("remote_homology")) {
        return {QString(), QStringLiteral("valid"), QStringLiteral("test_fold_holdout"),
                QStringLiteral("test_superfamily_holdout"), QStringLiteral("test_family_holdout")};
    }
    return {QString()};
}

QString patchSizeLabel(const QString& task) {
    return bitTasks().contains(task) ? tr("Bits per token") : tr("Patch side (pixels)");
}

}  // namespace fpt::widgets::task_form_rules
