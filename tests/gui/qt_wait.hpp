#pragma once

#include <QEventLoop>
#include <QTimer>

#include <chrono>
#include <functional>
#include <optional>

#include "tests/support/test_client.hpp"

namespace confab::test {

// Runs the Qt event loop until `condition` holds or the deadline passes;
// returns whether it held. The loop sleeps between checks.
inline bool waitUntil(const std::function<bool()>& condition,
                      std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  if (condition()) {
    return true;
  }
  // The condition is evaluated once per check and its answer kept: it may
  // consume what it looks at (a frame read from a socket).
  bool met = false;
  QEventLoop loop;
  QTimer poll;
  QTimer deadline;
  QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
    if (!met && condition()) {
      met = true;
      loop.quit();
    }
  });
  QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
  poll.start(10);
  deadline.setSingleShot(true);
  deadline.start(static_cast<int>(timeout.count()));
  loop.exec();
  return met;
}

// The first frame `client` receives that matches, read between turns of the
// Qt event loop (which is what sends it, from a window or a dialog); nullopt
// at the deadline.
inline std::optional<Json> waitForFrame(
    TestClient& client, const std::function<bool(const Json&)>& match,
    std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  std::optional<Json> frame;
  waitUntil(
      [&] {
        frame = client.wait_for(match, std::chrono::milliseconds(1));
        return frame.has_value();
      },
      timeout);
  return frame;
}

inline std::optional<Json> waitForFrame(
    TestClient& client, const std::string& type,
    std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  return waitForFrame(
      client, [&](const Json& frame) { return frame.value("type", "") == type; }, timeout);
}

// Runs `handler` on the next modal dialog of type T as soon as it opens.
template <class T, class Handler>
void whenDialogOpens(Handler handler) {
  auto* timer = new QTimer;
  QObject::connect(timer, &QTimer::timeout, [timer, handler] {
    for (auto* widget : QApplication::topLevelWidgets()) {
      if (auto* dialog = qobject_cast<T*>(widget); dialog != nullptr && dialog->isVisible()) {
        timer->stop();
        timer->deleteLater();
        handler(dialog);
        return;
      }
    }
  });
  timer->start(10);
}

}  // namespace confab::test
