// A real IRC client from Debian against confabd: ii, whose FIFOs and files
// make it easy to drive, in a room with a JSON user.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "tests/integration/server_fixture.hpp"

using namespace confab::test;

namespace {

// ii running against the server, its files under `dir`.
class Ii {
 public:
  Ii(std::uint16_t port, const std::string& nick, const std::string& dir)
      : dir_(dir + "/127.0.0.1") {
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      // Its own echo of every line would only clutter the test's output.
      const int quiet = ::open("/dev/null", O_WRONLY);
      dup2(quiet, STDOUT_FILENO);
      dup2(quiet, STDERR_FILENO);
      const auto port_text = std::to_string(port);
      execlp("ii", "ii", "-s", "127.0.0.1", "-p", port_text.c_str(), "-n", nick.c_str(), "-i",
             dir.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  ~Ii() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }

  // Writes a line to a FIFO of ii's: the server's (`""`) or a channel's.
  void type(const std::string& where, const std::string& line) {
    const auto path = dir_ + (where.empty() ? "" : "/" + where) + "/in";
    REQUIRE(wait_until([&] { return exists(path); }));
    const int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK);
    REQUIRE(fd >= 0);
    const auto text = line + "\n";
    REQUIRE(::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    ::close(fd);
  }

  // Whether ii's output for the server or a channel came to hold `needle`.
  bool shows(const std::string& where, const std::string& needle) {
    const auto path = dir_ + (where.empty() ? "" : "/" + where) + "/out";
    return wait_until([&] {
      std::ifstream out(path);
      std::stringstream text;
      text << out.rdbuf();
      return text.str().find(needle) != std::string::npos;
    });
  }

 private:
  static bool exists(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0;
  }

  // ii reports only through files: they are looked at until the deadline.
  template <class Condition>
  static bool wait_until(Condition condition) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!condition()) {
      if (std::chrono::steady_clock::now() > deadline) {
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
  }

  std::string dir_;
  pid_t pid_ = -1;
};

}  // namespace

TEST_CASE("ii, a real IRC client, chats in a room with a JSON user") {
  ServerFixture f;
  TempDir home;
  Ii ii(f.server.irc_port(), "iiuser", home.path());
  CHECK(ii.shows("", "Welcome to the confab IRC Network"));
  ii.type("", "/j #dev");
  auto jane = f.login("jane");
  REQUIRE(ii.shows("#dev", "iiuser"));
  REQUIRE(is_ok(jane->request({{"op", "join"}, {"room", "dev"}})));
  REQUIRE(is_ok(jane->request({{"op", "say"}, {"room", "dev"}, {"text", "hello ii"}})));
  CHECK(ii.shows("#dev", "<jane> hello ii"));
  ii.type("#dev", "hi jane, from ii");
  auto heard = jane->wait_for([](const Json& frame) {
    return frame.value("type", "") == "message" && frame.value("text", "") == "hi jane, from ii";
  });
  REQUIRE(heard);
  CHECK((*heard)["from"] == "iiuser");
  // It is history like any other message.
  auto page = jane->request({{"op", "history"}, {"room", "dev"}});
  REQUIRE(is_ok(page));
  CHECK(page["messages"].back()["text"] == "hi jane, from ii");
}
