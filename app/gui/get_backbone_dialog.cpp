// SPDX-License-Identifier: MIT
// The Hub download dialog: core::HubDownloader::fetch runs in a QThread; progress and the result
// come back as queued calls, Cancel sets an atomic flag that the download's progress callback reads.
#include "app/gui/get_backbone_dialog.h"

#include "core/hub/hub_cache.h"
#include "core/hub/hub_downloader.h"
#include "core/hub/hub_repo_id.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QThread>
#include <QVBoxLayout>

namespace fpt::app {

namespace {

struct KnownModel {
    const char* id;
    const char* label;
};

// model.safetensors sizes, rounded (approx.: the Hub's numbers can change with a new revision).
constexpr KnownModel kKnownModels[] = {
    {"distilgpt2", "distilgpt2: 6 layers × 768, approx. 353 MB"},
    {"gpt2", "gpt2 (GPT-2 small, the paper's): 12 × 768, approx. 548 MB"},
    {"gpt2-medium", "gpt2-medium: 24 × 1024, approx. 1.52 GB"},
    {"gpt2-large", "gpt2-large: 36 × 1280, approx. 3.25 GB"},
    {"gpt2-xl", "gpt2-xl: 48 × 1600, approx. 6.43 GB"},
};

}  // namespace

GetBackboneDialog::GetBackboneDialog(QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Get backbone from the Hugging Face Hub"));
    m_list = new QListWidget(this);
    const core::HubCache cache;
    for (const auto& model : kKnownModels) {
        const bool cached = !cache.findSnapshot(core::HubRepoId::parse(model.id)).empty();
        auto* item = new QListWidgetItem(QString::fromUtf8(model.label) + (cached ? tr("  (cached)") : QString()));
        item->setData(Qt::UserRole, QString::fromUtf8(model.id));
        m_list->addItem(item);
    }
    m_list->setCurrentRow(1);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_status = new QLabel(tr("Into %1 (shared with huggingface_hub).").arg(QString::fromStdString(cache.root())), this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* buttons = new QDialogButtonBox(this);
    m_download = buttons->addButton(tr("Download"), QDialogButtonBox::AcceptRole);
    m_cancel = buttons->addButton(QDialogButtonBox::Close);
    connect(m_download, &QPushButton::clicked, this, &GetBackboneDialog::startDownload);
    connect(m_cancel, &QPushButton::clicked, this, &GetBackboneDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_list);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(520, 320);
}

GetBackboneDialog::~GetBackboneDialog() {
    stopWorker();
}

void GetBackboneDialog::reject() {
    if (m_worker != nullptr) {
        m_cancelRequested = true;  // the worker stops within ~100 ms and reports "stopped"
        m_status->setText(tr("Stopping… (the partial file is kept; Download resumes it)"));
        return;
    }
    QDialog::reject();
}

void GetBackboneDialog::startDownload() {
    const auto* item = m_list->currentItem();
    if (item == nullptr || m_worker != nullptr) {
        return;
    }
    const auto id = item->data(Qt::UserRole).toString();
    m_cancelRequested = false;
    setBusy(true);
    m_status->setText(tr("Fetching %1…").arg(id));
    m_worker = QThread::create([this, id]() {
        QString error;
        try {
            const core::HubDownloader downloader;
            downloader.fetch(core::HubRepoId::parse(id.toStdString()), [this](const core::HubProgress& p) {
                const auto file = QString::fromStdString(p.file);
                const qint64 done = p.file_done;
                const qint64 total = p.file_total;
                QMetaObject::invokeMethod(this, [this, file, done, total]() { onProgress(file, done, total); },
                                          Qt::QueuedConnection);
                return !m_cancelRequested.load();
            });
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        QMetaObject::invokeMethod(this, [this, id, error]() { onFinished(id, error); }, Qt::QueuedConnection);
    });
    m_worker->start();
}

void GetBackboneDialog::onProgress(const QString& file, qint64 done, qint64 total) {
    m_progress->setValue(total > 0 ? static_cast<int>(1000 * done / total) : 0);
    m_status->setText(tr("%1: %2 of %3 MB").arg(file).arg(static_cast<double>(done) / 1e6, 0, 'f', 1)
                          .arg(static_cast<double>(total) / 1e6, 0, 'f', 1));
}

void GetBackboneDialog::onFinished(const QString& id, const QString& error) {
    stopWorker();
    setBusy(false);
    if (!error.isEmpty()) {
        m_status->setText(error);
        return;
    }
    m_progress->setValue(1000);
    m_status->setText(tr("%1 is ready: choose it as the backbone (it works offline from now on).").arg(id));
    Q_EMIT backboneFetched(id);
}

void GetBackboneDialog::setBusy(bool busy) {
    m_download->setEnabled(!busy);
    m_list->setEnabled(!busy);
    m_cancel->setText(busy ? tr("Cancel") : tr("Close"));
}

void GetBackboneDialog::stopWorker() {
    if (m_worker != nullptr) {
        m_cancelRequested = true;
        m_worker->wait();
        delete m_worker;
        m_worker = nullptr;
    }
}

}  // namespace fpt::app
