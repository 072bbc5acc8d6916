// SPDX-License-Identifier: MIT
// Decides what a test does when the real data it needs is missing: skip on a developer's machine,
// fail under CI (CI=true, or FPT_REQUIRE_DATA=1), where scripts/fetch_data.sh has fetched it, so
// a skip can never pass for a green run there.
#pragma once

#include <QByteArray>
#include <QtTest>

namespace fpt::tests {

/// True when missing test data is an error: `CI=true` (GitHub Actions, GitLab and most CI set it)
/// or `FPT_REQUIRE_DATA=1`.
inline bool dataRequired() {
    return qgetenv("CI") == "true" || qgetenv("FPT_REQUIRE_DATA") == "1";
}

}  // namespace fpt::tests

/// Instead of QSKIP(message) for missing data: QFAIL under CI, QSKIP elsewhere.
#define FPT_SKIP_UNLESS_CI(message)                                                           \
    do {                                                                                      \
        if (fpt::tests::dataRequired()) {                                                     \
            QFAIL(qPrintable(QString(QStringLiteral("test data missing under CI=true: ") +   \
                                     QString::fromUtf8(message))));                           \
        }                                                                                     \
        QSKIP(message);                                                                       \
    } while (false)
