// SPDX-License-Identifier: MIT
// fieldHelp: one table of explanations for the experiment editor's fields.
#include "widgets/editor/field_help.h"

#include <QCoreApplication>
#include <QHash>

namespace fpt::widgets {

namespace {

const char* const kContext = "FieldHelp";

const QHash<QString, const char*>& table() {
    static const QHash<QString, const char*> help{
        {QStringLiteral("/name"), QT_TRANSLATE_NOOP("FieldHelp", "Name of the run: shown in the Runs list and the chart legends, and the start of its folder name.")},
        {QStringLiteral("/task/name"), QT_TRANSLATE_NOOP("FieldHelp", "The paper task: Bit Memory, Bit XOR, ListOps, MNIST, Fashion-MNIST, CIFAR-10, CIFAR-10 LRA or remote homology.")},
        {QStringLiteral("/task/data_path"), QT_TRANSLATE_NOOP("FieldHelp", "Folder with the task's data files; empty uses the packaged data (docs/data.md).")},
        {QStringLiteral("/task/n"), QT_TRANSLATE_NOOP("FieldHelp", "Bits in each string (the paper: 5 for Bit XOR, 1000 for Bit Memory).")},
        {QStringLiteral("/task/num_patterns"), QT_TRANSLATE_NOOP("FieldHelp", "How many bit strings one example shows (Bit XOR: 2, XORed together; Bit Memory: strings to memorise).")},
        {QStringLiteral("/task/patch_size"), QT_TRANSLATE_NOOP("FieldHelp", "Bits or pixels per token: images are cut into patch x patch squares (MNIST 4: 49 tokens of 16 pixels).")},
        {QStringLiteral("/task/paper_resize"), QT_TRANSLATE_NOOP("FieldHelp", "Resize images as the paper's code does (MNIST to 32 x 32, 64 tokens) instead of keeping 28 x 28.")},
        {QStringLiteral("/task/augment"), QT_TRANSLATE_NOOP("FieldHelp", "Random crops and flips of training images.")},
        {QStringLiteral("/task/test_fraction"), QT_TRANSLATE_NOOP("FieldHelp", "Share of the examples held out for the test evaluation when the data has no test split.")},
        {QStringLiteral("/task/source"), QT_TRANSLATE_NOOP("FieldHelp", "ListOps: an LRA TSV folder, or empty for the built-in generator.")},
        {QStringLiteral("/task/drop_brackets"), QT_TRANSLATE_NOOP("FieldHelp", "ListOps: leave the closing brackets out of the token sequence.")},
        {QStringLiteral("/task/max_length"), QT_TRANSLATE_NOOP("FieldHelp", "Longest token sequence; longer examples are cut (ListOps: 512 in the paper).")},
        {QStringLiteral("/task/generate_train"), QT_TRANSLATE_NOOP("FieldHelp", "ListOps generator: training examples to make (0: its default).")},
        {QStringLiteral("/task/generate_test"), QT_TRANSLATE_NOOP("FieldHelp", "ListOps generator: test examples to make (0: its default).")},
        {QStringLiteral("/task/max_depth"), QT_TRANSLATE_NOOP("FieldHelp", "ListOps generator: deepest nesting of operations.")},
        {QStringLiteral("/task/max_args"), QT_TRANSLATE_NOOP("FieldHelp", "ListOps generator: most operands of one operation.")},
        {QStringLiteral("/task/test_split"), QT_TRANSLATE_NOOP("FieldHelp", "Remote homology: which held-out split the test evaluation uses (fold, superfamily, family).")},
        {QStringLiteral("/task/max_train_examples"), QT_TRANSLATE_NOOP("FieldHelp", "Use at most this many training examples (0: all).")},
        {QStringLiteral("/model/kind"), QT_TRANSLATE_NOOP("FieldHelp", "fpt: a transformer body, frozen as set below (the paper's Frozen Pretrained Transformer). full: the same transformer with every weight trained. lstm: the paper's layer-norm LSTM baseline.")},
        {QStringLiteral("/model/backbone"), QT_TRANSLATE_NOOP("FieldHelp", "Where the body's weights come from: a pretrained backbone (language, vision, bits, or GPT-2 from the Hub) or random. Pretrained vs random frozen body is the paper's key comparison.")},
        {QStringLiteral("/model/n_layer"), QT_TRANSLATE_NOOP("FieldHelp", "Transformer blocks (LSTM: layers). A pretrained backbone fixes it.")},
        {QStringLiteral("/model/n_embd"), QT_TRANSLATE_NOOP("FieldHelp", "Width of every token vector. A pretrained backbone fixes it.")},
        {QStringLiteral("/model/n_head"), QT_TRANSLATE_NOOP("FieldHelp", "Attention heads per block; each has its own attention map. A pretrained backbone fixes it.")},
        {QStringLiteral("/model/dropout"), QT_TRANSLATE_NOOP("FieldHelp", "Probability of zeroing activations during training (a regulariser); 0.1 in the paper.")},
        {QStringLiteral("/model/orth_gain"), QT_TRANSLATE_NOOP("FieldHelp", "Gain of the orthogonal initialisation of the input layer (the paper: 1.41).")},
        {QStringLiteral("/model/lstm_layer_norm"), QT_TRANSLATE_NOOP("FieldHelp", "LSTM only: layer normalisation inside the cell, as in the paper's baseline.")},
        {QStringLiteral("/model/freeze_trans"), QT_TRANSLATE_NOOP("FieldHelp", "Freeze the transformer body: its weights stay as the backbone gave them. The toggles below say which parts of the body; this is the paper's central control.")},
        {QStringLiteral("/model/freeze_attn"), QT_TRANSLATE_NOOP("FieldHelp", "Frozen self-attention (query/key/value and output projections). The paper freezes it: the token mixing comes from pretraining.")},
        {QStringLiteral("/model/freeze_ff"), QT_TRANSLATE_NOOP("FieldHelp", "Frozen feed-forward (MLP) blocks, most of the body's weights. The paper freezes them; unfreezing them is its Table 13 ablation.")},
        {QStringLiteral("/model/freeze_pos"), QT_TRANSLATE_NOOP("FieldHelp", "Frozen positional embeddings (the body's table of one vector per position). FPT trains them; the freezing lesson shows they matter on Bit XOR.")},
        {QStringLiteral("/model/freeze_ln"), QT_TRANSLATE_NOOP("FieldHelp", "Frozen layer norms (a scale and shift per block). FPT trains them: the paper finds them the most important of the few trained parts.")},
        {QStringLiteral("/model/freeze_in"), QT_TRANSLATE_NOOP("FieldHelp", "Frozen input layer (the linear map from a patch or bit to a token vector). FPT trains it; frozen, it stays at its random orthogonal initialisation.")},
        {QStringLiteral("/model/freeze_out"), QT_TRANSLATE_NOOP("FieldHelp", "Frozen output layer (token vector to class scores). FPT always trains it; frozen, nothing task-specific is learnt.")},
        {QStringLiteral("/model/unfreeze_attn_layers"), QT_TRANSLATE_NOOP("FieldHelp", "Block indices (0-based, comma-separated) whose self-attention trains although the body is frozen.")},
        {QStringLiteral("/model/unfreeze_ff_layers"), QT_TRANSLATE_NOOP("FieldHelp", "Block indices (0-based, comma-separated) whose feed-forward trains although the body is frozen.")},
        {QStringLiteral("/train/steps"), QT_TRANSLATE_NOOP("FieldHelp", "Gradient steps to train (one batch each). The paper's budget is in the preset's paper_steps.")},
        {QStringLiteral("/train/batch_size"), QT_TRANSLATE_NOOP("FieldHelp", "Examples per gradient step.")},
        {QStringLiteral("/train/learning_rate"), QT_TRANSLATE_NOOP("FieldHelp", "Adam's step size (the paper: 1e-3 for FPT, 1e-4 or 3e-4 for full and LSTM).")},
        {QStringLiteral("/train/weight_decay"), QT_TRANSLATE_NOOP("FieldHelp", "Decoupled weight decay of the trained weights (0: none, as in the paper).")},
        {QStringLiteral("/train/grad_clip"), QT_TRANSLATE_NOOP("FieldHelp", "Largest gradient norm; bigger gradients are scaled down (the paper: 1.0).")},
        {QStringLiteral("/train/seed"), QT_TRANSLATE_NOOP("FieldHelp", "Seeds initialisation, data order and dropout: the same seed gives the same run.")},
        {QStringLiteral("/train/eval_every"), QT_TRANSLATE_NOOP("FieldHelp", "Steps between held-out evaluations (the dashed test curves).")},
        {QStringLiteral("/train/eval_batches"), QT_TRANSLATE_NOOP("FieldHelp", "Batches of held-out examples in each periodic evaluation.")},
        {QStringLiteral("/train/final_eval_examples"), QT_TRANSLATE_NOOP("FieldHelp", "Held-out examples in the evaluation after the last step (0: the task's default).")},
        {QStringLiteral("/train/log_every"), QT_TRANSLATE_NOOP("FieldHelp", "Steps between training-metric lines written to metrics.jsonl.")},
        {QStringLiteral("/train/checkpoint_every"), QT_TRANSLATE_NOOP("FieldHelp", "Steps between checkpoints (resumable; 0: only at the end).")},
        {QStringLiteral("/train/keep_checkpoints"), QT_TRANSLATE_NOOP("FieldHelp", "Checkpoints kept on disk; older ones are deleted.")},
        {QStringLiteral("/train/snapshot_every"), QT_TRANSLATE_NOOP("FieldHelp", "Steps between attention and positional-embedding snapshots for the Attention and Positions views (0: none).")},
        {QStringLiteral("/train/device"), QT_TRANSLATE_NOOP("FieldHelp", "cpu, or cuda where LibTorch was built with CUDA.")},
        {QStringLiteral("/train/threads"), QT_TRANSLATE_NOOP("FieldHelp", "CPU threads this run's maths may use.")},
        {QStringLiteral("/train/max_minutes"), QT_TRANSLATE_NOOP("FieldHelp", "Stop after this many minutes with a checkpoint (0: no limit).")},
    };
    return help;
}

}  // namespace

QString fieldHelp(const QString& pointer) {
    const auto it = table().constFind(pointer);
    return it == table().constEnd() ? QString() : QCoreApplication::translate(kContext, *it);
}

}  // namespace fpt::widgets
