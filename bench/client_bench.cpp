// confab-client-bench: what the desktop client costs while a room is busy.
// A real ChatClient and MainWindow (the offscreen platform unless
// QT_QPA_PLATFORM says otherwise) join main on a running confabd; a second
// connection fills the room with LINES messages, then says RATE messages a
// second for SECONDS. Prints one JSON line: the GUI thread's CPU while the
// room was busy, as a share of one core, and whether the client kept up.
//
//   confab-client-bench --port P [--lines 5000] [--rate 50] [--seconds 20]
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QApplication>
#include <QEventLoop>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <ctime>
#include <iostream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "ChatClient.h"
#include "ChatView.h"
#include "MainWindow.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  quint16 port = 0;
  int lines = 5000;
  int rate = 50;
  int seconds = 20;
};

double threadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

// The other person in the room, on a plain socket of its own thread. Its
// requests carry no id, so the server answers nothing; what it sends back
// (others' joins) is read and dropped.
class Talker {
 public:
  explicit Talker(quint16 port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      throw std::runtime_error("cannot connect to confabd");
    }
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    reader_ = std::thread([this] {
      char buffer[65536];
      while (read(fd_, buffer, sizeof buffer) > 0) {
      }
    });
    send({{"op", "hello"}, {"nick", "talker"}});
  }
  ~Talker() {
    shutdown(fd_, SHUT_RDWR);
    reader_.join();
    close(fd_);
  }

  void say(const std::string& text) { send({{"op", "say"}, {"room", "main"}, {"text", text}}); }

 private:
  void send(const nlohmann::json& request) {
    const auto line = request.dump() + "\n";
    std::size_t sent = 0;
    while (sent < line.size()) {
      const auto n = write(fd_, line.data() + sent, line.size() - sent);
      if (n <= 0) {
        throw std::runtime_error("confabd closed the connection");
      }
      sent += static_cast<std::size_t>(n);
    }
  }

  int fd_ = -1;
  std::thread reader_;
};

bool waitUntil(const std::function<bool()>& condition, std::chrono::seconds timeout) {
  const auto deadline = Clock::now() + timeout;
  QEventLoop loop;
  QTimer poll;
  QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
    if (condition() || Clock::now() > deadline) {
      loop.quit();
    }
  });
  poll.start(20);
  loop.exec();
  return condition();
}

std::string line(int n) {
  // Chat-sized text that wraps on a narrow window now and then.
  return "message " + std::to_string(n) +
         (n % 7 == 0 ? " with a longer tail of words that goes on past the width of a narrow "
                       "window, so that it wraps onto a second line"
                     : " says hello");
}

}  // namespace

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
  }
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--port")
      o.port = static_cast<quint16>(std::stoi(value));
    else if (flag == "--lines")
      o.lines = std::stoi(value);
    else if (flag == "--rate")
      o.rate = std::stoi(value);
    else if (flag == "--seconds")
      o.seconds = std::stoi(value);
  }
  if (o.port == 0 || o.lines < 0 || o.rate <= 0 || o.seconds <= 0) {
    std::cerr << "usage: confab-client-bench --port P [--lines N] [--rate R] [--seconds S]\n";
    return 2;
  }
  QApplication app(argc, argv);
  ChatClient client;
  MainWindow window(&client);
  window.resize(1000, 700);
  window.show();
  client.connectTo(QStringLiteral("127.0.0.1"), o.port, QStringLiteral("reader"), {});
  if (!waitUntil([&] { return client.currentConversation() == QLatin1String("#main"); },
                 std::chrono::seconds(10))) {
    std::cerr << "the client did not get into main\n";
    return 1;
  }
  auto* messages = client.messages(QStringLiteral("#main"));
  Talker talker(o.port);
  const int start = messages->rowCount();
  for (int n = 0; n < o.lines; ++n) {
    talker.say(line(n));
  }
  if (!waitUntil([&] { return messages->rowCount() >= start + o.lines; },
                 std::chrono::seconds(60))) {
    std::cerr << "the client did not receive the first " << o.lines << " lines\n";
    return 1;
  }
  const int loaded = messages->rowCount();

  // The busy room: RATE lines a second, paced on the talker's own thread.
  const int busy = o.rate * o.seconds;
  std::atomic<bool> sent{false};
  const auto cpuBefore = threadCpuSeconds();
  const auto wallBefore = Clock::now();
  std::thread pacer([&] {
    const auto interval = std::chrono::microseconds(1'000'000 / o.rate);
    auto next = Clock::now();
    for (int n = 0; n < busy; ++n) {
      talker.say(line(o.lines + n));
      next += interval;
      std::this_thread::sleep_until(next);
    }
    sent = true;
  });
  const bool keptUp = waitUntil([&] { return sent && messages->rowCount() >= loaded + busy; },
                                std::chrono::seconds(o.seconds + 30));
  const double wall = std::chrono::duration<double>(Clock::now() - wallBefore).count();
  const double cpu = threadCpuSeconds() - cpuBefore;
  pacer.join();
  std::cout << nlohmann::json{{"platform", QApplication::platformName().toStdString()},
                              {"lines_loaded", loaded},
                              {"rate", o.rate},
                              {"messages", busy},
                              {"kept_up", keptUp},
                              {"following", window.chatView()->isFollowing()},
                              {"gui_cpu_s", cpu},
                              {"wall_s", wall},
                              {"core_share", cpu / wall}}
                   .dump()
            << "\n";
  return keptUp ? 0 : 1;
}
