// SPDX-License-Identifier: MIT
// fpt-explorer: the Qt desktop explorer. Opens on a default experiment (the shipped
// language-pretrained backbone on real MNIST digits) and starts training it at once.
#include "app/gui/app_types.h"
#include "app/gui/event_loop_probe.h"
#include "app/gui/lesson_runner.h"
#include "app/gui/presentation_mode.h"
#include "app/gui/log_bridge.h"
#include "app/gui/main_window.h"
#include "app/gui/run_actions.h"
#include "app/gui/run_manager.h"
#include "widgets/charts/curve_panel_widget.h"
#include "core/backbones/backbone_registry.h"
#include "core/kernels/build_info.h"
#include "core/kernels/process_tuning.h"
#include "widgets/editor/experiment_editor_widget.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTimer>

#include <cstdio>

#include <torch/torch.h>

#include <csignal>

int main(int argc, char** argv) {
    // A file-size limit must fail a write (EFBIG, reported by the run) rather than kill the app.
    std::signal(SIGXFSZ, SIG_IGN);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("fpt-explorer"));
    QApplication::setApplicationName(QStringLiteral("FPT Explorer"));
    // --version: the same build facts as `fpt --version` (core/kernels/build_info.h) plus Qt.
    {
        const auto& info = fpt::core::buildInfo();
        QApplication::setApplicationVersion(QString::fromStdString(
            info.version + "\ngit commit: " + info.git_commit + "\nLibTorch: " + info.libtorch_version +
            "\nQt: " + qVersion() + "\nBLAS: " + info.blas + "\nCPU features: " + info.cpu_features));
    }
    fpt::app::registerAppMetaTypes();

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Explore frozen pretrained transformers (Lu et al. 2021)"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption presetOption(QStringLiteral("preset"), QStringLiteral("Preset to load at start."),
                                    QStringLiteral("file"));
    QCommandLineOption noStartOption(QStringLiteral("no-start"), QStringLiteral("Load the preset but do not start training."));
    QCommandLineOption compareOption(QStringLiteral("compare"), QStringLiteral("Start FPT vs Full vs LSTM on the preset."));
    QCommandLineOption latencyOption(QStringLiteral("latency-report"),
                                     QStringLiteral("Measure event-loop latency for S seconds while training, print it, quit."),
                                     QStringLiteral("seconds"));
    QCommandLineOption studyOption(QStringLiteral("study"),
                                   QStringLiteral("Open a study (table1, pretraining, freezing, steps_to_converge) at the "
                                                  "small budget in runs/study-NAME-small: finished runs are shown, "
                                                  "pending ones train."),
                                   QStringLiteral("name"));
    QCommandLineOption seedsOption(QStringLiteral("seeds"), QStringLiteral("Seeds per cell for --study (default 1)."),
                                   QStringLiteral("n"), QStringLiteral("1"));
    QCommandLineOption lessonOption(QStringLiteral("lesson"),
                                    QStringLiteral("Open a lesson (a file in resources/lessons/, e.g. xor) in the "
                                                   "Lesson dock at its first step."),
                                    QStringLiteral("name"));
    QCommandLineOption lessonStepOption(QStringLiteral("lesson-step"),
                                        QStringLiteral("With --lesson: open it at step N (1-based)."), QStringLiteral("n"));
    QCommandLineOption liveOption(QStringLiteral("live"), QStringLiteral("With --lesson: run it live (train the steps' runs)."));
    QCommandLineOption presentOption(QStringLiteral("present"), QStringLiteral("Start in presentation mode (F11)."));
    parser.addOption(lessonOption);
    parser.addOption(lessonStepOption);
    parser.addOption(liveOption);
    parser.addOption(presentOption);
    parser.addOption(latencyOption);
    parser.addOption(studyOption);
    parser.addOption(seedsOption);
    parser.addOption(presetOption);
    parser.addOption(noStartOption);
    parser.addOption(compareOption);
    QCommandLineOption groupSeedsOption(QStringLiteral("group-seeds"),
                                        QStringLiteral("Draw runs that differ only in seed as one mean curve with a band."));
    QCommandLineOption diffOption(QStringLiteral("diff"),
                                  QStringLiteral("Show the config diff of the opened run folders (two runs or two seed groups)."));
    parser.addOption(groupSeedsOption);
    parser.addOption(diffOption);
    parser.addPositionalArgument(QStringLiteral("folders"), QStringLiteral("Run folders to open."), QStringLiteral("[folders...]"));
    parser.process(app);

    fpt::app::LogBridge logBridge;
    logBridge.installSinks(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation));
    fpt::core::tuneProcessForTraining();  // 1 torch thread, malloc keeps activations (process_tuning.h)

    fpt::app::MainWindow window(&logBridge);
    window.show();
    const auto root = QString::fromStdString(fpt::core::projectRoot());
    const QString preset = parser.isSet(presetOption)
                               ? parser.value(presetOption)
                               : QDir(root).filePath(QStringLiteral("presets/mnist_fpt.json"));
    bool seedsOk = false;
    const int seeds = parser.value(seedsOption).toInt(&seedsOk);
    if (!seedsOk || seeds < 1 || seeds > 100) {
        std::fprintf(stderr, "fpt-explorer: --seeds expects a whole number from 1 to 100, got \"%s\"\n",
                     qPrintable(parser.value(seedsOption)));
        return 2;
    }
    const bool folders = !parser.positionalArguments().isEmpty() || parser.isSet(studyOption) ||
                         parser.isSet(lessonOption);
    if (QString error; parser.isSet(lessonOption) && !window.startLesson(parser.value(lessonOption), &error)) {
        std::fprintf(stderr, "fpt-explorer: --lesson %s: %s\n", qPrintable(parser.value(lessonOption)), qPrintable(error));
        return 2;
    }
    if (parser.isSet(presentOption)) {
        window.presentation()->setActive(true);
    }
    if (parser.isSet(lessonOption)) {
        if (parser.isSet(liveOption)) {
            window.lessons()->setLiveMode(true);
        }
        const int step = parser.value(lessonStepOption).toInt();
        while (window.lessons()->stepIndex() + 1 < step && window.lessons()->next()) {
        }
    }
    if (QString error; parser.isSet(studyOption) &&
                       !window.openStudy(parser.value(studyOption), QStringLiteral("small"), seeds, {}, &error)) {
        std::fprintf(stderr, "fpt-explorer: --study %s: %s\n", qPrintable(parser.value(studyOption)), qPrintable(error));
        return 2;
    }
    for (const auto& folder : parser.positionalArguments()) {
        window.openRunFolder(folder);
    }
    if (parser.isSet(groupSeedsOption)) {
        window.curves()->setGroupSeeds(true);
    }
    if (parser.isSet(diffOption)) {
        fpt::app::showConfigDiff(&window, window.runManager(), window.runManager()->runs()->ids());
    }
    if (QFileInfo::exists(preset) && window.loadPreset(preset, /*quiet=*/!parser.isSet(presetOption)) &&
        !parser.isSet(noStartOption) && !folders) {
        QTimer::singleShot(0, &window, [&window, &parser, &compareOption]() {
            if (parser.isSet(compareOption)) {
                window.runManager()->launchComparison(window.editor()->config());
            } else {
                window.startExperiment();
            }
        });
    }
    fpt::app::EventLoopProbe probe;
    if (parser.isSet(latencyOption)) {
        const int seconds = parser.value(latencyOption).toInt();
        QTimer::singleShot(2000, &probe, [&probe]() { probe.start(); });  // after start-up
        QTimer::singleShot(2000 + 1000 * seconds, &window, [&]() {
            probe.stop();
            std::fprintf(stderr, "event-loop latency over %d ticks: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                         probe.samples(), probe.percentile(50), probe.percentile(99), probe.maxMs());
            window.close();
        });
    }
    return QApplication::exec();
}
