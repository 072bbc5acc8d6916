// SPDX-License-Identifier: MIT
// ViewCaptions: the explanatory line under each chart and heatmap view.
#include "app/gui/view_captions.h"

#include <QCoreApplication>
#include <QDockWidget>
#include <QLabel>
#include <QMainWindow>
#include <QVBoxLayout>

namespace fpt::app {

namespace {

QWidget* withCaption(QWidget* content, const QString& text, const QString& name) {
    auto* box = new QWidget;
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(content, 1);
    auto* caption = new QLabel(text, box);
    caption->setObjectName(name);
    caption->setWordWrap(true);
    caption->setContentsMargins(6, 0, 6, 2);
    caption->setForegroundRole(QPalette::PlaceholderText);  // quieter than the data
    layout->addWidget(caption);
    return box;
}

QString tr(const char* text) { return QCoreApplication::translate("ViewCaptions", text); }

}  // namespace

QString ViewCaptions::curvesText() {
    return tr("Loss and accuracy per training step (or wall time): solid = training batches, dashed = held-out "
              "test evaluations, one colour per run; accuracy 1.0 = every answer right.");
}

QString ViewCaptions::attentionText() {
    return tr("Row = the query token that looks, column = the token it looks at, bright = much attention (a row "
              "sums to 1). Causal: the upper triangle is empty. Outputs: Bit tasks the last n tokens (b0…), "
              "images and ListOps the last token.");
}

QString ViewCaptions::positionsText() {
    return tr("Cosine similarity of the positional embeddings: row and column = positions, bright = the two "
              "positions' vectors point the same way. Before = the backbone's (step 0), now = after training.");
}

void ViewCaptions::install(QMainWindow* window) {
    if (QWidget* central = window->takeCentralWidget()) {
        window->setCentralWidget(withCaption(central, curvesText(), QStringLiteral("curvesCaption")));
    }
    const std::pair<const char*, std::pair<QString, const char*>> docks[] = {
        {"attentionDock", {attentionText(), "attentionCaption"}},
        {"positionsDock", {positionsText(), "positionsCaption"}}};
    for (const auto& [dockName, caption] : docks) {
        auto* dock = window->findChild<QDockWidget*>(QString::fromLatin1(dockName));
        if (dock != nullptr && dock->widget() != nullptr) {
            QWidget* content = dock->widget();
            dock->setWidget(withCaption(content, caption.first, QString::fromLatin1(caption.second)));
        }
    }
}

}  // namespace fpt::app
