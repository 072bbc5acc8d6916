// SPDX-License-Identifier: MIT
// TSan negative control (issue 19), built and run only by `scripts/sanitize.sh tsan`
// (FPT_TSAN=ON): a deliberate data race on our own counter, one side in a slot that Qt's queued
// connection runs on a QThread, the other in the main thread. CTest passes it only when TSan's
// report names racyIncrement, i.e. tests/tsan.supp (Qt internals only) still lets a race on our
// data through. Without TSan this program just exits 0 and proves nothing, so it is not built.
#include <QCoreApplication>
#include <QMetaObject>
#include <QObject>
#include <QThread>

#include <cstdio>

namespace fpt::tests {

int g_counter = 0;  // deliberately unsynchronised

__attribute__((noinline)) void racyIncrement() {
    g_counter = g_counter + 1;
}

}  // namespace fpt::tests

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QThread thread;
    QObject worker;
    worker.moveToThread(&thread);
    thread.start();
    for (int i = 0; i < 1000; ++i) {
        QMetaObject::invokeMethod(&worker, [] { fpt::tests::racyIncrement(); }, Qt::QueuedConnection);
        fpt::tests::racyIncrement();
    }
    QMetaObject::invokeMethod(&worker, [&thread] { thread.quit(); }, Qt::QueuedConnection);
    thread.wait();
    std::printf("counter %d (a race was made on purpose; TSan must have reported it above)\n",
                fpt::tests::g_counter);
    return 0;
}
