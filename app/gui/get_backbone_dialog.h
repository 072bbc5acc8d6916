// SPDX-License-Identifier: MIT
// "Get backbone…": pick a GPT-2 size, download it from the Hugging Face Hub into the shared HF
// cache in a background thread (progress bar, cancel keeps a resumable file), then tell the
// window to refresh its backbone list.
#pragma once

#include <QDialog>

#include <atomic>

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QThread;

namespace fpt::app {

class GetBackboneDialog : public QDialog {
    Q_OBJECT

public:
    explicit GetBackboneDialog(QWidget* parent = nullptr);
    ~GetBackboneDialog() override;

Q_SIGNALS:
    /// A model arrived (or was already complete) in the cache; `id` works as model.backbone.
    void backboneFetched(const QString& id);

protected:
    void reject() override;

private:
    void startDownload();
    void onProgress(const QString& file, qint64 done, qint64 total);
    void onFinished(const QString& id, const QString& error);
    void setBusy(bool busy);
    void stopWorker();

    QListWidget* m_list = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_download = nullptr;
    QPushButton* m_cancel = nullptr;
    QThread* m_worker = nullptr;
    std::atomic<bool> m_cancelRequested{false};
};

}  // namespace fpt::app
