// SPDX-License-Identifier: MIT
// LessonFile: the line-based reader of lesson Markdown (see docs/lessons.md for the format).
#include "app/gui/lesson_file.h"

#include "core/backbones/backbone_registry.h"
#include "core/studies/study_plan.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>

namespace fpt::app {

namespace {

const QRegularExpression kActionLine(QStringLiteral("^([a-z][a-z-]*):\\s*(.*)$"));
const QRegularExpression kName(QStringLiteral("^[A-Za-z0-9._-]+$"));
const QRegularExpression kKey(QStringLiteral("^[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*$"));

/// Splits on spaces; "double quoted" words keep their spaces (quotes removed).
QStringList splitWords(const QString& text, const QString& file, int line) {
    QStringList words;
    QString word;
    bool quoted = false;
    bool any = false;
    for (const QChar c : text) {
        if (c == QLatin1Char('"')) {
            quoted = !quoted;
            any = true;
        } else if (c.isSpace() && !quoted) {
            if (any) {
                words.append(word);
            }
            word.clear();
            any = false;
        } else {
            word.append(c);
            any = true;
        }
    }
    if (quoted) {
        throw LessonError(file, line, QStringLiteral("unclosed \" in the action's arguments"));
    }
    if (any) {
        words.append(word);
    }
    return words;
}

bool isWholeNumber(const QString& s) {
    bool ok = false;
    const int v = s.toInt(&ok);
    return ok && v >= 0;
}

void checkAction(const LessonAction& a, const QString& file) {
    auto fail = [&](const QString& why) { throw LessonError(file, a.line, QStringLiteral("%1: %2").arg(a.verb, why)); };
    const auto& args = a.args;
    if (a.verb == QLatin1String("reference")) {
        if (args.isEmpty()) {
            fail(QStringLiteral("expected one or more reference run names (folders in resources/reference-runs/)"));
        }
        for (const auto& n : args) {
            if (!kName.match(n).hasMatch()) {
                fail(QStringLiteral("\"%1\" is not a folder name (letters, digits, . _ - only)").arg(n));
            }
        }
    } else if (a.verb == QLatin1String("live")) {
        if (args.isEmpty() || !kName.match(args[0]).hasMatch() || args[0].contains(QLatin1Char('='))) {
            fail(QStringLiteral("expected a preset name (presets/NAME.json without .json), then key=value overrides"));
        }
        for (int i = 1; i < args.size(); ++i) {
            const int eq = static_cast<int>(args[i].indexOf(QLatin1Char('=')));
            if (eq <= 0 || !kKey.match(args[i].left(eq)).hasMatch() || eq + 1 == args[i].size()) {
                fail(QStringLiteral("\"%1\" is not an override key=value (e.g. train.steps=300)").arg(args[i]));
            }
        }
    } else if (a.verb == QLatin1String("view") || a.verb == QLatin1String("highlight")) {
        const auto allowed = a.verb == QLatin1String("view") ? LessonFile::viewNames() : LessonFile::highlightNames();
        if (args.size() != 1 || !allowed.contains(args[0])) {
            fail(QStringLiteral("expected one of %1, got \"%2\"").arg(allowed.join(QStringLiteral(", ")), args.join(QLatin1Char(' '))));
        }
    } else if (a.verb == QLatin1String("attention")) {
        if (args.isEmpty()) {
            fail(QStringLiteral("expected layer=N, head=N|mean and/or query=N|last"));
        }
        for (const auto& arg : args) {
            const auto key = arg.section(QLatin1Char('='), 0, 0);
            const auto value = arg.section(QLatin1Char('='), 1);
            const bool ok = (key == QLatin1String("layer") && isWholeNumber(value)) ||
                            (key == QLatin1String("head") && (isWholeNumber(value) || value == QLatin1String("mean"))) ||
                            (key == QLatin1String("query") && (isWholeNumber(value) || value == QLatin1String("last")));
            if (!ok || !arg.contains(QLatin1Char('='))) {
                fail(QStringLiteral("\"%1\" is not layer=N, head=N|mean or query=N|last").arg(arg));
            }
        }
    } else if (a.verb == QLatin1String("positions")) {
        if (args.size() != 1 || (args[0] != QLatin1String("compare") && args[0] != QLatin1String("side-by-side"))) {
            fail(QStringLiteral("expected compare or side-by-side"));
        }
    } else if (a.verb == QLatin1String("study")) {
        QStringList studies;
        for (const auto& s : core::availableStudies()) {
            studies.append(QString::fromStdString(s.first));
        }
        if (args.isEmpty() || !studies.contains(args[0])) {
            fail(QStringLiteral("expected a study name (%1)").arg(studies.join(QStringLiteral(", "))));
        }
        for (int i = 1; i < args.size(); ++i) {
            if (!args[i].startsWith(QLatin1String("seeds=")) || !isWholeNumber(args[i].mid(6)) || args[i].mid(6).toInt() < 1) {
                fail(QStringLiteral("\"%1\": only seeds=N (N >= 1) may follow the study name").arg(args[i]));
            }
        }
    }
}

}  // namespace

LessonError::LessonError(const QString& file, int line, const QString& reason)
    : std::runtime_error((line > 0 ? QStringLiteral("%1:%2: %3").arg(file).arg(line).arg(reason)
                                   : QStringLiteral("%1: %2").arg(file, reason)).toStdString())
    , m_file(file)
    , m_line(line)
    , m_reason(reason) {}

QStringList LessonFile::verbs() {
    return {QStringLiteral("reference"), QStringLiteral("live"),      QStringLiteral("view"), QStringLiteral("highlight"),
            QStringLiteral("attention"), QStringLiteral("positions"), QStringLiteral("study")};
}

QStringList LessonFile::viewNames() {
    return {QStringLiteral("curves"), QStringLiteral("experiment"), QStringLiteral("runs"), QStringLiteral("attention"),
            QStringLiteral("positions"), QStringLiteral("data"), QStringLiteral("log"), QStringLiteral("study")};
}

QStringList LessonFile::highlightNames() {
    return {QStringLiteral("curves"),     QStringLiteral("accuracy-chart"), QStringLiteral("loss-chart"),
            QStringLiteral("experiment"), QStringLiteral("freeze"),         QStringLiteral("parameters"),
            QStringLiteral("runs"),       QStringLiteral("attention"),      QStringLiteral("positions"),
            QStringLiteral("study")};
}

Lesson LessonFile::parse(const QString& text, const QString& file) {
    Lesson lesson;
    lesson.file = file;
    lesson.name = QFileInfo(file).completeBaseName();
    const QStringList lines = text.split(QLatin1Char('\n'));
    enum class Where { BeforeTitle, Header, BeforeStep, Actions, Narration } where = Where::BeforeTitle;
    QStringList narration;
    auto closeStep = [&]() {
        if (lesson.steps.isEmpty()) {
            return;
        }
        auto& step = lesson.steps.last();
        step.narration = narration.join(QLatin1Char('\n')).trimmed();
        narration.clear();
        if (step.narration.isEmpty()) {
            throw LessonError(file, step.line, QStringLiteral("step \"%1\" has no narration (text after a blank line below its actions)").arg(step.title));
        }
    };
    bool orderSeen = false;
    for (int i = 0; i < lines.size(); ++i) {
        const int number = i + 1;
        QString line = lines[i];
        if (line.endsWith(QLatin1Char('\r'))) {
            line.chop(1);
        }
        const QString trimmed = line.trimmed();
        const bool blank = trimmed.isEmpty();
        if (line.startsWith(QLatin1String("# "))) {
            if (where != Where::BeforeTitle) {
                throw LessonError(file, number, QStringLiteral("a second lesson title ('# …'); steps start with '## '"));
            }
            lesson.title = line.mid(2).trimmed();
            if (lesson.title.isEmpty()) {
                throw LessonError(file, number, QStringLiteral("the lesson title is empty"));
            }
            where = Where::Header;
            continue;
        }
        if (line.startsWith(QLatin1String("## "))) {
            if (where == Where::BeforeTitle) {
                throw LessonError(file, number, QStringLiteral("a step before the lesson title ('# Title' first)"));
            }
            closeStep();
            LessonStep step;
            step.title = line.mid(3).trimmed();
            step.line = number;
            if (step.title.isEmpty()) {
                throw LessonError(file, number, QStringLiteral("the step title is empty"));
            }
            lesson.steps.append(step);
            where = Where::Actions;
            continue;
        }
        switch (where) {
            case Where::BeforeTitle:
                if (!blank) {
                    throw LessonError(file, number, QStringLiteral("expected the lesson title '# Title' first"));
                }
                break;
            case Where::Header: {
                if (blank) {
                    where = Where::BeforeStep;
                    break;
                }
                const auto m = kActionLine.match(line);
                const QString key = m.hasMatch() ? m.captured(1) : QString();
                if (key == QLatin1String("order")) {
                    bool ok = false;
                    lesson.order = m.captured(2).trimmed().toInt(&ok);
                    if (!ok || lesson.order < 0) {
                        throw LessonError(file, number, QStringLiteral("order: expected a whole number >= 0, got \"%1\"").arg(m.captured(2).trimmed()));
                    }
                    orderSeen = true;
                } else if (key == QLatin1String("summary")) {
                    lesson.summary = m.captured(2).trimmed();
                } else {
                    throw LessonError(file, number, QStringLiteral("expected 'order: N' or 'summary: text' under the title, then a blank line"));
                }
                break;
            }
            case Where::BeforeStep:
                if (!blank) {
                    throw LessonError(file, number, QStringLiteral("text before the first step; start a step with '## Title'"));
                }
                break;
            case Where::Actions: {
                if (blank) {
                    where = Where::Narration;
                    break;
                }
                const auto m = kActionLine.match(line);
                if (!m.hasMatch()) {
                    throw LessonError(file, number, QStringLiteral("expected an action 'verb: arguments' (%1) or a blank line before the narration")
                                                        .arg(verbs().join(QStringLiteral(", "))));
                }
                if (!verbs().contains(m.captured(1))) {
                    throw LessonError(file, number, QStringLiteral("unknown action \"%1\" (known: %2)").arg(m.captured(1), verbs().join(QStringLiteral(", "))));
                }
                LessonAction action;
                action.verb = m.captured(1);
                action.line = number;
                action.args = splitWords(m.captured(2), file, number);
                checkAction(action, file);
                lesson.steps.last().actions.append(action);
                break;
            }
            case Where::Narration:
                narration.append(line);
                break;
        }
    }
    if (where == Where::BeforeTitle) {
        throw LessonError(file, 0, QStringLiteral("empty lesson: expected '# Title', a blank line and '## Step' sections"));
    }
    if (lesson.steps.isEmpty()) {
        throw LessonError(file, 0, QStringLiteral("the lesson has no steps ('## Step title' sections)"));
    }
    closeStep();
    if (!orderSeen) {
        lesson.order = 1000;  // unordered lessons come last
    }
    return lesson;
}

Lesson LessonFile::read(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
        throw LessonError(path, 0, QStringLiteral("cannot read the lesson: %1").arg(f.errorString()));
    }
    const QByteArray bytes = f.readAll();
    const QString text = QString::fromUtf8(bytes);
    if (text.toUtf8() != bytes) {
        throw LessonError(path, 0, QStringLiteral("not UTF-8 text"));
    }
    return parse(text, path);
}

QVector<Lesson> LessonFile::readAll(const QString& dir, QStringList* errors) {
    QVector<Lesson> lessons;
    for (const auto& info : QDir(dir).entryInfoList({QStringLiteral("*.md")}, QDir::Files, QDir::Name)) {
        if (info.fileName().compare(QLatin1String("README.md"), Qt::CaseInsensitive) == 0) {
            continue;
        }
        try {
            lessons.append(read(info.absoluteFilePath()));
        } catch (const LessonError& e) {
            if (errors) {
                errors->append(QString::fromStdString(e.what()));
            }
        }
    }
    std::stable_sort(lessons.begin(), lessons.end(),
                     [](const Lesson& a, const Lesson& b) { return a.order < b.order; });
    return lessons;
}

namespace {

QString findResourceDir(const char* envName, const QString& sub, const QString& installed) {
    const QString env = qEnvironmentVariable(envName);
    if (!env.isEmpty()) {
        return env;
    }
    const auto root = QString::fromStdString(core::projectRoot());
    QStringList candidates;
    if (!root.isEmpty()) {
        candidates.append(QDir(root).filePath(sub));
    }
    candidates.append(QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../share/fpt-explorer/") + installed));
    candidates.append(QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../../") + sub));
    for (const auto& c : candidates) {
        if (QFileInfo(c).isDir()) {
            return QDir(c).absolutePath();
        }
    }
    return {};
}

}  // namespace

QString LessonFile::lessonsDir() {
    return findResourceDir("FPT_LESSONS_DIR", QStringLiteral("resources/lessons"), QStringLiteral("lessons"));
}

QString LessonFile::referenceRunsDir() {
    return findResourceDir("FPT_REFERENCE_RUNS_DIR", QStringLiteral("resources/reference-runs"), QStringLiteral("reference-runs"));
}

}  // namespace fpt::app
